-- The ESF+ participant lines of 0015, and after them: minority (with consent), the declined
-- questions, when the entry profile and the exit situation were recorded, the qualification at
-- exit, whether the person can be reached for the six-month survey; then the person's own
-- signature of their entry questionnaire (sql/0042): its date, the SHA-256 of what they signed,
-- and the name they typed where names may be read; the day they signed their situation at exit,
-- and the SHA-256 of what they signed then.
CREATE OR REPLACE FUNCTION parcours_participant_rows(of_funding bigint, from_date date, to_date date)
    RETURNS SETOF text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    -- Never JIT (row-level security's funder branch lifts the estimated cost past JIT's thresholds:
    -- 2–5 s of LLVM for a 60–190 ms query) and plan each scope (a generic plan cannot fold
    -- `scope_operator IS NULL OR …` away): one territory's dashboard page 16 s → 3.3 s (0021).
    SET jit = off SET plan_cache_mode = force_custom_plan
    AS $fn$
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
    -- Each line's cells as text, as parcours_row_cells gives a report's rows, but built from its
    -- columns: row_cells took 45 µs a participant, two thirds of a file of 4,000.
    RETURN QUERY SELECT json_build_array(
        c0::text, c1::text, c2::text, c3::text, c4::text, c5::text, c6::text, c7::text,
        c8::text, c9::text, c10::text, c11::text, c12::text, c13::text, c14::text, c15::text,
        c16::text, c17::text, c18::text, c19::text, c20::text, c21::text, c22::text, c23::text,
        c24::text, c25::text, c26::text, c27::text, c28::text, c29::text, c30::text, c31::text,
        c32::text, c33::text, c34::text, c35::text, c36::text
    )::text FROM (
        WITH scoped AS MATERIALIZED (
            -- the agreement's journeys, read once
            SELECT * FROM parcours_scope_journey(jsonb_build_array(jsonb_build_object('page', 1, 'funding', of_funding)))
        ), person AS (
            -- each participant's entry in the agreement: their first journey in it (their profile,
            -- the one nearest that entry, is looked up once below)
            SELECT j.carrier_id, min(j.opened_on) AS entry_on
            FROM scoped AS j
            GROUP BY j.carrier_id
        ), covered AS (
            SELECT j.journey_id, j.carrier_id, j.closed_on, j.phase
            FROM scoped AS j
            WHERE j.opened_on <= to_date AND (j.closed_on IS NULL OR j.closed_on >= from_date)
        ), presence AS (
            -- from the agreement's journeys to their attendance (LATERAL): the planner, which cannot
            -- estimate the sessions of a period by their day in Paris, started from every session
            -- and hashed the whole network's attendance (723,851 rows, 0.46 s of 1.2 s nationally)
            SELECT c.carrier_id, count(DISTINCT d.day)::int AS days, sum(d.minutes)::int AS minutes
            FROM covered AS c
            CROSS JOIN LATERAL (
                SELECT (se.starts_at AT TIME ZONE 'Europe/Paris')::date AS day, a.minutes
                FROM attendance AS a JOIN session AS se ON se.id = a.session_id
                WHERE a.journey_id = c.journey_id AND a.status = 'present'
                OFFSET 0  -- kept apart, not flattened back into the join the planner chose
            ) AS d
            WHERE d.day BETWEEN from_date AND to_date
            GROUP BY c.carrier_id
        ), last_journey AS (
            -- the person's exit is that of their last journey; one still open means no exit yet
            SELECT DISTINCT ON (c.carrier_id) c.carrier_id, c.journey_id,
                   CASE WHEN c.closed_on <= to_date THEN c.closed_on END AS exit_on,
                   CASE WHEN c.closed_on <= to_date THEN c.phase END AS outcome
            FROM covered AS c
            ORDER BY c.carrier_id, c.closed_on DESC NULLS FIRST, c.journey_id DESC
        )
        SELECT parcours_participant_pseudonym(f.pseudonym_salt, c.id),
               -- names and contact only to those who may read people, or where the agreement requires them
               CASE WHEN named THEN c.first_name END, CASE WHEN named THEN c.last_name END,
               CASE WHEN named THEN to_char(c.birth_date, 'YYYY-MM-DD') END, CASE WHEN named THEN c.email END,
               CASE WHEN named THEN c.phone END, o.name,
               to_char(p.entry_on, 'YYYY-MM-DD'), c.gender, extract(year FROM age(p.entry_on, c.birth_date))::int,
               nullif(ep.labour_status, 'unknown'), nullif(ep.education_level, 'unknown'), ep.consent_on IS NOT NULL,
               ep.disability, ep.third_country_national, ep.foreign_background, ep.homeless,
               t.code,
               -- the rural classification and the priority neighbourhood in force at the person's entry
               CASE WHEN t.id IS NOT NULL THEN coalesce(rz.kind, 'none') END,
               -- looked up only for those with a neighbourhood (a call a participant otherwise)
               CASE WHEN c.qpv_code IS NULL THEN false ELSE parcours_in_qpv(c.qpv_code, p.entry_on) END, coalesce(pr.days, 0), coalesce(pr.minutes, 0),
               to_char(lj.exit_on, 'YYYY-MM-DD'), lj.outcome, f0.situation, f6.situation,
               -- what the data-quality check reads: never a contact itself, only whether there is one
               CASE WHEN ep.consent_on IS NOT NULL THEN ep.minority END, array_to_string(ep.declined, ','),
               to_char(ep.recorded_on, 'YYYY-MM-DD'), to_char(f0.recorded_on, 'YYYY-MM-DD'), f0.qualification_gained,
               c.email IS NOT NULL OR c.phone IS NOT NULL,
               to_char(sig.signed_on, 'YYYY-MM-DD'), encode(sig.answers_sha256, 'hex'), CASE WHEN named THEN sig.signed_name END,
               to_char(exit_sig.signed_on, 'YYYY-MM-DD'), encode(exit_sig.answers_sha256, 'hex')
        FROM person AS p
        JOIN last_journey AS lj ON lj.carrier_id = p.carrier_id
        JOIN carrier AS c ON c.id = p.carrier_id
        JOIN operator AS o ON o.id = c.operator_id
        JOIN funding AS f ON f.id = of_funding
        LEFT JOIN territory AS t ON t.id = c.commune_id
        LEFT JOIN LATERAL parcours_rural_zoning(t.id, p.entry_on) AS rz (kind) ON true
        LEFT JOIN LATERAL parcours_entry_profile(c.id, p.entry_on) AS ep ON true
        LEFT JOIN presence AS pr ON pr.carrier_id = p.carrier_id
        LEFT JOIN follow_up AS f0 ON f0.journey_id = lj.journey_id AND f0.after_months = 0 AND lj.exit_on IS NOT NULL
        LEFT JOIN follow_up AS f6 ON f6.journey_id = lj.journey_id AND f6.after_months = 6 AND lj.exit_on IS NOT NULL
        LEFT JOIN LATERAL (
            SELECT s.signed_on, s.answers_sha256, s.signed_name FROM questionnaire_signature AS s
            WHERE s.carrier_id = c.id AND s.kind = 'entry' ORDER BY s.signed_at DESC LIMIT 1
        ) AS sig ON true
        LEFT JOIN LATERAL (
            SELECT s.signed_on, s.answers_sha256 FROM questionnaire_signature AS s
            JOIN questionnaire_link AS l ON l.id = s.link_id AND l.operator_id = s.operator_id
            WHERE s.carrier_id = c.id AND s.kind = 'exit' AND l.journey_id = lj.journey_id AND lj.exit_on IS NOT NULL
            ORDER BY s.signed_at DESC LIMIT 1
        ) AS exit_sig ON true
        ORDER BY p.entry_on, 1
    ) AS q (
        c0, c1, c2, c3, c4, c5, c6, c7,
        c8, c9, c10, c11, c12, c13, c14, c15,
        c16, c17, c18, c19, c20, c21, c22, c23,
        c24, c25, c26, c27, c28, c29, c30, c31,
        c32, c33, c34, c35, c36
    );
END
$fn$;
REVOKE ALL ON FUNCTION parcours_participant_rows(bigint,date,date) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_participant_rows(bigint,date,date) TO parcours_app;
