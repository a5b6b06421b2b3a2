-- The imports stage a file in temporary tables: the schema's owner makes them, with fixed names
-- and columns, for the transaction of an established identity, and lets parcours_app use them.
CREATE OR REPLACE FUNCTION parcours_open_staging(staging text) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF parcours_current_staff() IS NULL THEN
        RAISE EXCEPTION 'no identity established' USING ERRCODE = 'PA401';
    END IF;
    CASE staging
    WHEN 'carrier_import' THEN
        CREATE TEMPORARY TABLE carrier_import (
            line integer, ref text, first_name text, last_name text, gender text, birth_date date, commune_code text,
            email text, phone text, labour_status text, education_level text, consent_on date, disability boolean,
            third_country_national boolean, foreign_background boolean, homeless boolean, qpv text,
            -- false: a refused line, staged with its reference alone (a reference listed twice spans the file)
            valid boolean NOT NULL DEFAULT true,
            -- each line's carrier id taken as it is copied (the profile finds its carrier by it)
            carrier_id bigint DEFAULT nextval(pg_get_serial_sequence('public.carrier', 'id')),
            created boolean NOT NULL DEFAULT false
        ) ON COMMIT DROP;
        GRANT SELECT, INSERT, UPDATE, DELETE ON pg_temp.carrier_import TO parcours_app;
    WHEN 'history' THEN
        CREATE TEMPORARY TABLE history_journey (
            n integer PRIMARY KEY, line integer NOT NULL, ref text NOT NULL, programme_id bigint NOT NULL, cohort text,
            generation integer NOT NULL, opened_on date NOT NULL, carrier_id bigint, cohort_id bigint, journey_id bigint
        ) ON COMMIT DROP;
        CREATE TEMPORARY TABLE history_event (
            n integer NOT NULL, seq integer NOT NULL, line integer NOT NULL, kind text NOT NULL, to_state text NOT NULL,
            effective_on date NOT NULL, reason text, cape_start date, cape_end date, jury text, partner text,
            partner_answer text, legal_form text, jobs_fte numeric, activity_name text, partner_id bigint,
            PRIMARY KEY (n, seq)
        ) ON COMMIT DROP;
        -- A round's contracts find their lines again by journey: without this index (and without
        -- statistics: nothing analyses a temporary table) that join compared every pair, 12 s a round.
        CREATE INDEX history_journey_journey_idx ON pg_temp.history_journey (journey_id);
        GRANT SELECT, INSERT, UPDATE, DELETE ON pg_temp.history_journey, pg_temp.history_event TO parcours_app;
    WHEN 'attendance_import' THEN
        -- A refused line is staged with its person and session alone (valid false): a person listed
        -- twice for one session spans the file.
        CREATE TEMPORARY TABLE attendance_import (
            line integer PRIMARY KEY, programme_id bigint, cohort text, kind text, title text,
            starts_at timestamp, day date, duration integer, ref text, status text,
            minutes integer, session_key text NOT NULL, valid boolean NOT NULL DEFAULT true,
            cohort_id bigint, journey_id bigint, journey_cohort_id bigint, session_id bigint
        ) ON COMMIT DROP;
        GRANT SELECT, INSERT, UPDATE, DELETE ON pg_temp.attendance_import TO parcours_app;
    ELSE
        RAISE EXCEPTION 'no staging called %', staging USING ERRCODE = 'PA001';
    END CASE;
END
$$;
REVOKE ALL ON FUNCTION parcours_open_staging(text) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_open_staging(text) TO parcours_app;
