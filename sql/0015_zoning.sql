-- Dated rural and priority zoning. France Ruralités Revitalisation (FRR, FRR+) replaced the ZRR on
-- 1 July 2024 (FRR+ from 1 January 2025, décret 2025-628); QPV 2024 are neighbourhoods smaller than
-- a commune, so whether a person lives in one is theirs, not their commune's. Reports and exports
-- use the classification in force at the participant's entry. Replaces the undated flags of 0004.

-- A classification of a commune or an EPCI (then of its communes) over a period, from an official list.
CREATE TABLE territory_zoning (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    territory_id  bigint NOT NULL REFERENCES territory (id) ON DELETE CASCADE,
    kind          text NOT NULL CHECK (kind IN ('frr', 'frr-plus', 'zrr')),
    valid_from    date NOT NULL,
    valid_to      date,
    source        text CHECK (length(source) <= 200),
    CONSTRAINT territory_zoning_period CHECK (valid_to IS NULL OR valid_to >= valid_from),
    CONSTRAINT territory_zoning_key UNIQUE (territory_id, kind, valid_from)
);
CREATE INDEX territory_zoning_territory_idx ON territory_zoning (territory_id);

-- The priority neighbourhoods (QPV) of a list, with its period.
CREATE TABLE qpv (
    code        text PRIMARY KEY CHECK (code ~ '^Q[NP][0-9A-Z]{5,8}$'),
    name        text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 200),
    commune_id  bigint REFERENCES territory (id),
    valid_from  date NOT NULL,
    valid_to    date,
    CONSTRAINT qpv_period CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

-- The neighbourhood a person's address is in (nobody's, unless said).
ALTER TABLE carrier ADD COLUMN qpv_code text REFERENCES qpv (code);

-- The strongest rural classification in force on `on_date` for a commune (its own, its EPCI's,
-- its groupings'): frr-plus, frr, zrr, or NULL.
CREATE FUNCTION parcours_rural_zoning(commune bigint, on_date date) RETURNS text
    LANGUAGE sql STABLE AS $$
    SELECT z.kind FROM territory_zoning AS z
    WHERE z.territory_id IN (SELECT parcours_territory_containers(commune))
      AND z.valid_from <= on_date AND (z.valid_to IS NULL OR z.valid_to >= on_date)
    ORDER BY CASE z.kind WHEN 'frr-plus' THEN 0 WHEN 'frr' THEN 1 ELSE 2 END
    LIMIT 1
$$;

-- Whether a person living in neighbourhood `code` (NULL: none) lives in a QPV in force on `on_date`.
CREATE FUNCTION parcours_in_qpv(code text, on_date date) RETURNS boolean
    LANGUAGE sql STABLE
    RETURN code IS NOT NULL AND EXISTS (
        SELECT FROM qpv AS q WHERE q.code = parcours_in_qpv.code
          AND q.valid_from <= on_date AND (q.valid_to IS NULL OR q.valid_to >= on_date));

-- The people an agreement covers, one line each, pseudonymous unless the caller may read people
-- (a funder may not) or the agreement requires names. Refused for an agreement the caller cannot see.
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
               to_char(lj.exit_on, 'YYYY-MM-DD'), lj.outcome, f0.situation, f6.situation
        FROM person AS p
        JOIN last_journey AS lj ON lj.carrier_id = p.carrier_id
        JOIN carrier AS c ON c.id = p.carrier_id
        JOIN operator AS o ON o.id = c.operator_id
        JOIN funding AS f ON f.id = of_funding
        LEFT JOIN territory AS t ON t.id = c.commune_id
        LEFT JOIN presence AS pr ON pr.carrier_id = p.carrier_id
        LEFT JOIN follow_up AS f0 ON f0.journey_id = lj.journey_id AND f0.after_months = 0 AND lj.exit_on IS NOT NULL
        LEFT JOIN follow_up AS f6 ON f6.journey_id = lj.journey_id AND f6.after_months = 6 AND lj.exit_on IS NOT NULL
        ORDER BY p.entry_on, 1
    ) AS q;
END
$fn$;
ALTER TABLE territory DROP COLUMN zrr;
ALTER TABLE territory DROP COLUMN qpv;

-- MARK: who may read and write: shared reference data, written by the administrator

SELECT parcours_share_reference_table(t) FROM unnest(ARRAY['territory_zoning', 'qpv']::regclass[]) AS t;

GRANT SELECT, INSERT, UPDATE, DELETE ON territory_zoning, qpv TO parcours_app;
GRANT EXECUTE ON FUNCTION parcours_rural_zoning(bigint, date), parcours_in_qpv(text, date) TO parcours_app;
