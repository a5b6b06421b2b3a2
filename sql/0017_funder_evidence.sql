-- Funder-grade evidence (issue 13): what an ESF+ officer checks. The profile collects minorities
-- (sensitive, with consent) and keeps a question the person chose not to answer apart from one
-- nobody asked; the situation at exit says whether a qualification was gained; the participant
-- file carries what the data-quality check needs (when the entry data and the exit situation were
-- recorded, whether the six-month survey can reach the person).

-- MARK: the profile at entry

ALTER TABLE carrier_profile ADD COLUMN minority boolean;
-- The questions the person declined to answer ("refus de répondre"): answered, but with no value;
-- a question absent from this list and without a value was not asked ("non collecté").
ALTER TABLE carrier_profile ADD COLUMN declined text[] NOT NULL DEFAULT '{}'
    CONSTRAINT carrier_profile_declined_known CHECK (
        declined <@ ARRAY['labour_status', 'education_level', 'disability', 'third_country_national',
                          'foreign_background', 'minority', 'homeless']::text[]);
ALTER TABLE carrier_profile ADD CONSTRAINT carrier_profile_declined_has_no_value CHECK (
    NOT ('labour_status' = ANY (declined) AND labour_status IS NOT NULL)
    AND NOT ('education_level' = ANY (declined) AND education_level IS NOT NULL)
    AND NOT ('disability' = ANY (declined) AND disability IS NOT NULL)
    AND NOT ('third_country_national' = ANY (declined) AND third_country_national IS NOT NULL)
    AND NOT ('foreign_background' = ANY (declined) AND foreign_background IS NOT NULL)
    AND NOT ('minority' = ANY (declined) AND minority IS NOT NULL)
    AND NOT ('homeless' = ANY (declined) AND homeless IS NOT NULL));
ALTER TABLE carrier_profile DROP CONSTRAINT carrier_profile_sensitive_needs_consent;
ALTER TABLE carrier_profile ADD CONSTRAINT carrier_profile_sensitive_needs_consent CHECK (
    consent_on IS NOT NULL
    OR (disability IS NULL AND third_country_national IS NULL AND foreign_background IS NULL AND homeless IS NULL
        AND minority IS NULL));

-- The profile that describes a person at an entry: the one recorded closest to it, before it
-- rather than after (the rule of parcours_scope_carrier).
CREATE FUNCTION parcours_entry_profile(of_carrier bigint, entry_on date) RETURNS SETOF carrier_profile
    LANGUAGE sql STABLE AS $$
    SELECT cp.* FROM carrier_profile AS cp
    WHERE cp.carrier_id = of_carrier
    ORDER BY cp.recorded_on > entry_on, abs(cp.recorded_on - entry_on), cp.id DESC
    LIMIT 1
$$;

-- MARK: the situation at exit

-- ESF+ EECR03: a qualification gained upon leaving, recorded with the situation at exit.
ALTER TABLE follow_up ADD COLUMN qualification_gained boolean;
ALTER TABLE follow_up ADD CONSTRAINT follow_up_qualification_at_exit CHECK (qualification_gained IS NULL OR after_months = 0);

-- MARK: consent withdrawn, subject access: the new fields too

CREATE OR REPLACE FUNCTION parcours_withdraw_consent(of_carrier bigint, audit_channel text) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    changed integer;
BEGIN
    IF NOT (parcours_manages_carrier(of_carrier)
            OR (parcours_current_role() = 'counsellor' AND parcours_follows_carrier(of_carrier))) THEN
        RAISE EXCEPTION 'carrier % not found', of_carrier USING ERRCODE = 'PA404';
    END IF;
    UPDATE carrier_profile
    SET consent_on = NULL, disability = NULL, third_country_national = NULL, foreign_background = NULL, homeless = NULL,
        minority = NULL
    WHERE carrier_id = of_carrier;
    GET DIAGNOSTICS changed = ROW_COUNT;
    PERFORM parcours_audit('consent_withdrawn', ARRAY[of_carrier], audit_channel, 'consent withdrawn');
    RETURN changed;
END
$$;

-- The document of parcours_subject_access (0012), with every field recorded since: the profiles'
-- minority and declined questions, the qualification at exit. The 0012 function keeps building
-- the rest (and auditing the access), reachable only through this one.
ALTER FUNCTION parcours_subject_access(bigint, text) RENAME TO parcours_subject_access_document;
REVOKE ALL ON FUNCTION parcours_subject_access_document(bigint, text) FROM PUBLIC, parcours_app;
CREATE FUNCTION parcours_subject_access(of_carrier bigint, audit_channel text) RETURNS text
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    document jsonb;
BEGIN
    IF NOT parcours_manages_carrier(of_carrier) THEN
        RAISE EXCEPTION 'carrier % not found', of_carrier USING ERRCODE = 'PA404';
    END IF;
    SELECT parcours_subject_access_document(of_carrier, audit_channel)::jsonb INTO document;
    RETURN jsonb_set(
        jsonb_set(document, '{profiles}',
                  (SELECT coalesce(jsonb_agg(jsonb_build_object(
                       'recorded_on', p.recorded_on, 'labour_status', p.labour_status, 'education_level', p.education_level,
                       'consent_on', p.consent_on, 'disability', p.disability, 'third_country_national', p.third_country_national,
                       'foreign_background', p.foreign_background, 'minority', p.minority, 'homeless', p.homeless,
                       'declined', to_jsonb(p.declined)) ORDER BY p.recorded_on, p.id), '[]')
                   FROM carrier_profile AS p WHERE p.carrier_id = of_carrier)),
        '{qualifications_at_exit}',
        (SELECT coalesce(jsonb_agg(jsonb_build_object('journey_id', f.journey_id, 'qualification_gained', f.qualification_gained)
                                   ORDER BY f.journey_id), '[]')
         FROM follow_up AS f JOIN journey AS j ON j.id = f.journey_id
         WHERE j.carrier_id = of_carrier AND f.qualification_gained IS NOT NULL))::text;
END
$$;
REVOKE ALL ON FUNCTION parcours_subject_access(bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION parcours_subject_access(bigint, text) TO parcours_app;

-- MARK: the participant file

-- The ESF+ participant lines of 0015, and after them: minority (with consent), the declined
-- questions, when the entry profile and the exit situation were recorded, the qualification at
-- exit, whether the person can be reached for the six-month survey.
CREATE OR REPLACE FUNCTION parcours_participant_rows(of_funding bigint, from_date date, to_date date)
    RETURNS SETOF text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
DECLARE
    named boolean;
BEGIN
    SELECT parcours_current_role() IN ('counsellor', 'coordinator', 'network', 'admin') OR f.names_required INTO named
    FROM funding AS f
    WHERE f.id = of_funding
      AND (parcours_reads_all() OR f.operator_id = parcours_current_operator() OR f.funder_id = parcours_current_funder());
    IF NOT FOUND THEN
        RAISE EXCEPTION 'funding agreement % not found', of_funding USING ERRCODE = 'PA404';
    END IF;
    RETURN QUERY SELECT parcours_row_cells(row_to_json(q)) FROM (
        WITH person AS (
            SELECT * FROM parcours_scope_carrier(NULL, NULL, NULL, NULL, of_funding, '{}'::text[], 1)
        ), covered AS (
            SELECT j.journey_id, j.carrier_id, j.closed_on, j.phase
            FROM parcours_scope_journey(NULL, NULL, NULL, NULL, of_funding) AS j
            WHERE j.opened_on <= to_date AND (j.closed_on IS NULL OR j.closed_on >= from_date)
        ), presence AS (
            SELECT c.carrier_id, count(DISTINCT (se.starts_at AT TIME ZONE 'Europe/Paris')::date)::int AS days,
                   sum(a.minutes)::int AS minutes
            FROM covered AS c
            JOIN attendance AS a ON a.journey_id = c.journey_id AND a.status = 'present'
            JOIN session AS se ON se.id = a.session_id
            WHERE (se.starts_at AT TIME ZONE 'Europe/Paris')::date BETWEEN from_date AND to_date
            GROUP BY c.carrier_id
        ), last_journey AS (
            -- the person's exit is that of their last journey; one still open means no exit yet
            SELECT DISTINCT ON (c.carrier_id) c.carrier_id, c.journey_id,
                   CASE WHEN c.closed_on <= to_date THEN c.closed_on END AS exit_on,
                   CASE WHEN c.closed_on <= to_date THEN c.phase END AS outcome
            FROM covered AS c
            ORDER BY c.carrier_id, c.closed_on DESC NULLS FIRST, c.journey_id DESC
        )
        SELECT parcours_participant_pseudonym(f.id, c.id),
               -- names and contact only to those who may read people, or where the agreement requires them
               CASE WHEN named THEN c.first_name END, CASE WHEN named THEN c.last_name END,
               CASE WHEN named THEN to_char(c.birth_date, 'YYYY-MM-DD') END, CASE WHEN named THEN c.email END,
               CASE WHEN named THEN c.phone END, o.name,
               to_char(p.entry_on, 'YYYY-MM-DD'), c.gender, extract(year FROM age(p.entry_on, c.birth_date))::int,
               nullif(p.labour_status, 'unknown'), nullif(p.education_level, 'unknown'), p.consented,
               p.disability, p.third_country_national, p.foreign_background, p.homeless,
               t.code,
               -- the rural classification and the priority neighbourhood in force at the person's entry
               CASE WHEN t.id IS NOT NULL THEN coalesce(parcours_rural_zoning(t.id, p.entry_on), 'none') END,
               parcours_in_qpv(c.qpv_code, p.entry_on), coalesce(pr.days, 0), coalesce(pr.minutes, 0),
               to_char(lj.exit_on, 'YYYY-MM-DD'), lj.outcome, f0.situation, f6.situation,
               -- what the data-quality check reads: never a contact itself, only whether there is one
               CASE WHEN p.consented THEN ep.minority END, array_to_string(ep.declined, ','),
               to_char(ep.recorded_on, 'YYYY-MM-DD'), to_char(f0.recorded_on, 'YYYY-MM-DD'), f0.qualification_gained,
               c.email IS NOT NULL OR c.phone IS NOT NULL
        FROM person AS p
        JOIN last_journey AS lj ON lj.carrier_id = p.carrier_id
        JOIN carrier AS c ON c.id = p.carrier_id
        JOIN operator AS o ON o.id = c.operator_id
        JOIN funding AS f ON f.id = of_funding
        LEFT JOIN territory AS t ON t.id = c.commune_id
        LEFT JOIN LATERAL parcours_entry_profile(c.id, p.entry_on) AS ep ON true
        LEFT JOIN presence AS pr ON pr.carrier_id = p.carrier_id
        LEFT JOIN follow_up AS f0 ON f0.journey_id = lj.journey_id AND f0.after_months = 0 AND lj.exit_on IS NOT NULL
        LEFT JOIN follow_up AS f6 ON f6.journey_id = lj.journey_id AND f6.after_months = 6 AND lj.exit_on IS NOT NULL
        ORDER BY p.entry_on, 1
    ) AS q;
END
$fn$;

-- MARK: signed attendance sheets

-- The signed feuille d'émargement of a session, recorded by its SHA-256 (the scan itself stays
-- in the operator's archive): the evidence of that attendance, with who recorded it and when. A
-- sheet is recorded once; recording it again changes nothing.
CREATE TABLE attendance_sheet_scan (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    operator_id  bigint NOT NULL,
    session_id   bigint NOT NULL,
    sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    file_name    text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
    bytes        bigint NOT NULL CHECK (bytes > 0),
    staff_id     bigint NOT NULL REFERENCES staff (id),
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (operator_id, session_id) REFERENCES session (operator_id, id),
    CONSTRAINT attendance_sheet_scan_once UNIQUE (session_id, sha256)
);
CREATE TRIGGER attendance_sheet_scan_acting_staff BEFORE INSERT ON attendance_sheet_scan
    FOR EACH ROW EXECUTE FUNCTION parcours_set_acting_staff();

ALTER TABLE attendance_sheet_scan ENABLE ROW LEVEL SECURITY;
ALTER TABLE attendance_sheet_scan FORCE ROW LEVEL SECURITY;
CREATE POLICY attendance_sheet_scan_read ON attendance_sheet_scan FOR SELECT TO parcours_app
    USING (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_reads_all()));
-- Evidence is added, never edited nor removed.
CREATE POLICY attendance_sheet_scan_add ON attendance_sheet_scan FOR INSERT TO parcours_app
    WITH CHECK (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_writes_all()));
GRANT SELECT, INSERT ON attendance_sheet_scan TO parcours_app;
