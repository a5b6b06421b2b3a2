-- Security, round 3 (issue 24): an identity no temporary table can forge, share links read-only
-- for good, erasure that nothing brings back, first contacts within the caseload.

-- MARK: no temporary table stands in for a table of the schema

-- PostgreSQL looks in the session's temporary schema first for a table, a view or a type, unless
-- `pg_temp` is written last in search_path. Every function whose body is text (PL/pgSQL, or SQL
-- written AS $$ … $$) resolves its names each time it runs, so each one now pins the path with
-- pg_temp last. (SQL functions written `RETURN …` bind their names once, when created, as views
-- and policies do: nothing can shadow them.) LeastPrivilegeTests fails for a function without it.
DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN
        SELECT p.oid::regprocedure FROM pg_catalog.pg_proc AS p
        WHERE p.pronamespace = 'public'::regnamespace AND p.prokind IN ('f', 'p') AND p.prosqlbody IS NULL
    LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, public, pg_temp', f);
    END LOOP;
END
$$;

-- Except the SQL functions the planner inlines into their callers' queries (the report scopes, the
-- territory tree, a journey's evidence): a SET clause stops inlining, and pinned they made a report
-- twice as slow (0.31 → 0.6 s, a 116-page site 19 → 26 s, on a 10,000-carrier network). Inlined,
-- they take their caller's path; so every relation they read is named with its schema instead, and
-- a temporary table cannot stand in for it. LeastPrivilegeTests checks both forms.

-- parcours_entry_profile, as 0017_funder_evidence.sql wrote it, its relations named with their schema.
CREATE OR REPLACE FUNCTION parcours_entry_profile(of_carrier bigint, entry_on date) RETURNS SETOF carrier_profile
    LANGUAGE sql STABLE AS $$
    SELECT cp.* FROM public.carrier_profile AS cp
    WHERE cp.carrier_id = of_carrier
    ORDER BY cp.recorded_on > entry_on, abs(cp.recorded_on - entry_on), cp.id DESC
    LIMIT 1
$$;

-- parcours_journey_evidence, as 0004_journey_content.sql wrote it, its relations named with their schema.
CREATE OR REPLACE FUNCTION parcours_journey_evidence(
    journey bigint, on_date date,
    OUT cape_covers_date boolean, OUT jury_decided_since_pitch boolean, OUT has_referral boolean, OUT has_activity boolean
)
    LANGUAGE sql STABLE AS $$
    SELECT
        EXISTS (SELECT FROM public.cape_contract AS c JOIN public.cape_period AS p ON p.contract_id = c.id
                WHERE c.journey_id = journey AND on_date BETWEEN p.starts_on AND p.ends_on
                  AND (c.ended_on IS NULL OR c.ended_on >= on_date)),
        EXISTS (SELECT FROM public.jury_decision AS d
                WHERE d.journey_id = journey
                  AND d.decided_on >= (SELECT max(e.effective_on) FROM public.journey_event AS e
                                       WHERE e.journey_id = journey AND e.to_state = 'pitch')),
        EXISTS (SELECT FROM public.referral AS r WHERE r.journey_id = journey),
        EXISTS (SELECT FROM public.activity AS a WHERE a.journey_id = journey)
$$;

-- parcours_rural_zoning, as 0015_zoning.sql wrote it, its relations named with their schema.
CREATE OR REPLACE FUNCTION parcours_rural_zoning(commune bigint, on_date date) RETURNS text
    LANGUAGE sql STABLE AS $$
    SELECT z.kind FROM public.territory_zoning AS z
    WHERE z.territory_id IN (SELECT parcours_territory_containers(commune))
      AND z.valid_from <= on_date AND (z.valid_to IS NULL OR z.valid_to >= on_date)
    ORDER BY CASE z.kind WHEN 'frr-plus' THEN 0 WHEN 'frr' THEN 1 ELSE 2 END
    LIMIT 1
$$;

-- parcours_scope_carrier, as 0023_scope_label_per_commune.sql wrote it, its relations named with their schema.
CREATE OR REPLACE FUNCTION parcours_scope_carrier(
    scope_operator bigint, scope_territory bigint, scope_programme bigint, scope_cohort bigint, scope_funding bigint,
    breakdown text[], territory_depth integer)
    RETURNS TABLE (carrier_id bigint, entry_on date,
                   g_operator text, g_territory text, g_gender text, g_age text, g_labour text, g_education text,
                   gender text, age_band text, labour_status text, education_level text, has_profile boolean,
                   consented boolean, disability boolean, third_country_national boolean,
                   foreign_background boolean, homeless boolean)
    LANGUAGE sql STABLE AS $$
    WITH entry AS (
        SELECT s.carrier_id, min(s.opened_on) AS entry_on
        FROM parcours_scope_journey(scope_operator, scope_territory, scope_programme, scope_cohort, scope_funding) AS s
        GROUP BY s.carrier_id
    ), place AS (
        -- the label of each commune where someone in scope lives, at the asked depth
        SELECT d.commune_id,
               (SELECT l.name || ' (' || l.code || ')' FROM parcours_territory_lineage(d.commune_id) AS l
                WHERE parcours_territory_depth(l.kind) = territory_depth) AS label
        FROM (SELECT DISTINCT c.commune_id FROM entry AS e JOIN public.carrier AS c ON c.id = e.carrier_id
              WHERE 'territory' = ANY (breakdown) AND c.commune_id IS NOT NULL) AS d
    )
    SELECT e.carrier_id, e.entry_on,
           CASE WHEN 'operator' = ANY (breakdown) THEN o.name END,
           CASE WHEN 'territory' = ANY (breakdown) THEN coalesce(pl.label, 'unknown') END,
           CASE WHEN 'gender' = ANY (breakdown) THEN coalesce(c.gender, 'unknown') END,
           CASE WHEN 'age' = ANY (breakdown) THEN parcours_age_band(c.birth_date, e.entry_on) END,
           CASE WHEN 'labour' = ANY (breakdown) THEN coalesce(p.labour_status, 'unknown') END,
           CASE WHEN 'education' = ANY (breakdown) THEN coalesce(p.education_level, 'unknown') END,
           coalesce(c.gender, 'unknown'), parcours_age_band(c.birth_date, e.entry_on),
           coalesce(p.labour_status, 'unknown'), coalesce(p.education_level, 'unknown'), p.id IS NOT NULL,
           p.consent_on IS NOT NULL, p.disability, p.third_country_national, p.foreign_background, p.homeless
    FROM entry AS e
    JOIN public.carrier AS c ON c.id = e.carrier_id
    JOIN public.operator AS o ON o.id = c.operator_id
    LEFT JOIN place AS pl ON pl.commune_id = c.commune_id
    LEFT JOIN LATERAL (
        SELECT cp.id, cp.labour_status, cp.education_level, cp.consent_on, cp.disability,
               cp.third_country_national, cp.foreign_background, cp.homeless
        FROM public.carrier_profile AS cp
        WHERE cp.carrier_id = c.id
        ORDER BY cp.recorded_on > e.entry_on, abs(cp.recorded_on - e.entry_on), cp.id DESC
        LIMIT 1
    ) AS p ON true
$$;

-- parcours_scope_exit, as 0005_reporting.sql wrote it, its relations named with their schema.
CREATE OR REPLACE FUNCTION parcours_scope_exit(
    scope_operator bigint, scope_territory bigint, scope_programme bigint, scope_cohort bigint, scope_funding bigint,
    from_date date, to_date date)
    RETURNS TABLE (carrier_id bigint, journey_id bigint, outcome text, opened_on date, closed_on date)
    LANGUAGE sql STABLE AS $$
    SELECT DISTINCT ON (j.carrier_id) j.carrier_id, j.journey_id, j.phase, j.opened_on, j.closed_on
    FROM parcours_scope_journey(scope_operator, scope_territory, scope_programme, scope_cohort, scope_funding) AS j
    WHERE j.closed_on BETWEEN from_date AND to_date
    ORDER BY j.carrier_id, j.closed_on DESC, j.journey_id DESC
$$;

-- parcours_scope_intake, as 0016_intake.sql wrote it, its relations named with their schema.
CREATE OR REPLACE FUNCTION parcours_scope_intake(
    scope_operator bigint, scope_territory bigint, scope_programme bigint, scope_cohort bigint, scope_funding bigint,
    breakdown text[], territory_depth integer)
    RETURNS TABLE (intake_id bigint, g_operator text, g_territory text, g_prescriber text)
    LANGUAGE sql STABLE AS $$
    SELECT i.id,
           CASE WHEN 'operator' = ANY (breakdown) THEN o.name END,
           CASE WHEN 'territory' = ANY (breakdown) THEN
               coalesce((SELECT l.name || ' (' || l.code || ')' FROM parcours_territory_lineage(i.commune_id) AS l
                         WHERE parcours_territory_depth(l.kind) = territory_depth), 'unknown')
           END,
           CASE WHEN 'prescriber' = ANY (breakdown) THEN i.prescriber END
    FROM public.intake AS i
    JOIN public.operator AS o ON o.id = i.operator_id
    WHERE (parcours_current_role() IN ('admin', 'network')
           OR (parcours_current_role() IN ('coordinator', 'counsellor') AND i.operator_id = parcours_current_operator()))
      AND (scope_operator IS NULL OR i.operator_id = scope_operator)
      AND (scope_territory IS NULL OR i.commune_id IN (SELECT parcours_territory_subtree(scope_territory)))
      AND (scope_programme IS NULL AND scope_cohort IS NULL AND scope_funding IS NULL
           OR i.journey_id IN (SELECT s.journey_id FROM parcours_scope_journey(NULL, NULL, scope_programme, scope_cohort, scope_funding) AS s))
$$;

-- parcours_scope_journey, as 0011_funder_aggregates.sql wrote it, its relations named with their schema.
CREATE OR REPLACE FUNCTION parcours_scope_journey(
    scope_operator bigint, scope_territory bigint, scope_programme bigint, scope_cohort bigint, scope_funding bigint)
    RETURNS TABLE (journey_id bigint, carrier_id bigint, operator_id bigint, programme_id bigint, cohort_id bigint,
                   opened_on date, closed_on date, phase text)
    LANGUAGE sql STABLE AS $$
    WITH me AS MATERIALIZED (
        SELECT parcours_current_role() AS role, parcours_current_operator() AS operator_id,
               parcours_current_staff() AS staff_id, parcours_current_funder() AS funder_id
    )
    SELECT j.id, j.carrier_id, j.operator_id, j.programme_id, j.cohort_id, j.opened_on, j.closed_on, j.phase
    FROM public.journey AS j
    JOIN public.carrier AS c ON c.id = j.carrier_id
    CROSS JOIN me
    WHERE (me.role IN ('admin', 'network')
           OR (me.role = 'coordinator' AND j.operator_id = me.operator_id)
           OR (me.role = 'counsellor' AND j.operator_id = me.operator_id
               AND (c.counsellor_id IS NULL OR c.counsellor_id = me.staff_id))
           OR (me.role = 'funder' AND EXISTS (
                   SELECT FROM public.funding_journey AS fj JOIN public.funding AS f ON f.id = fj.funding_id
                   WHERE fj.journey_id = j.id AND f.funder_id = me.funder_id)))
      AND (scope_operator IS NULL OR j.operator_id = scope_operator)
      AND (scope_programme IS NULL OR j.programme_id = scope_programme)
      AND (scope_cohort IS NULL OR j.cohort_id = scope_cohort)
      AND (scope_territory IS NULL OR c.commune_id IN (SELECT parcours_territory_subtree(scope_territory)))
      AND (scope_funding IS NULL
           OR j.id IN (SELECT fj.journey_id FROM public.funding_journey AS fj WHERE fj.funding_id = scope_funding))
$$;

-- parcours_territory_containers, as 0014_territories_of_france.sql wrote it, its relations named with their schema.
CREATE OR REPLACE FUNCTION parcours_territory_containers(of_territory bigint) RETURNS SETOF bigint
    LANGUAGE sql STABLE AS $$
    WITH RECURSIVE up AS (
        SELECT t.id FROM public.territory AS t WHERE t.id = of_territory
        UNION
        SELECT next.id FROM up CROSS JOIN LATERAL (
            SELECT t.parent_id AS id FROM public.territory AS t WHERE t.id = up.id AND t.parent_id IS NOT NULL
            UNION ALL
            SELECT m.grouping_id FROM public.territory_member AS m WHERE m.member_id = up.id
        ) AS next
    )
    SELECT up.id FROM up
$$;

-- parcours_territory_lineage, as 0005_reporting.sql wrote it, its relations named with their schema.
CREATE OR REPLACE FUNCTION parcours_territory_lineage(of_territory bigint)
    RETURNS TABLE (id bigint, kind text, code text, name text)
    LANGUAGE sql STABLE AS $$
    WITH RECURSIVE up AS (
        SELECT t.id, t.parent_id, t.kind, t.code, t.name FROM public.territory AS t WHERE t.id = of_territory
        UNION ALL
        SELECT t.id, t.parent_id, t.kind, t.code, t.name FROM public.territory AS t JOIN up ON t.id = up.parent_id
    )
    SELECT up.id, up.kind, up.code, up.name FROM up
$$;

-- parcours_territory_subtree, as 0014_territories_of_france.sql wrote it, its relations named with their schema.
CREATE OR REPLACE FUNCTION parcours_territory_subtree(root bigint) RETURNS SETOF bigint
    LANGUAGE sql STABLE AS $$
    WITH RECURSIVE down AS (
        SELECT t.id FROM public.territory AS t WHERE t.id = root
        UNION
        SELECT next.id FROM down CROSS JOIN LATERAL (
            SELECT t.id FROM public.territory AS t WHERE t.parent_id = down.id
            UNION ALL
            SELECT m.member_id FROM public.territory_member AS m WHERE m.grouping_id = down.id
        ) AS next
    )
    SELECT down.id FROM down
$$;

-- And the logins lose TEMPORARY, which every role has by default: no temporary table at all.
-- (The migrator revokes it again on every run, for databases copied from a template or restored:
-- an ACL is not copied with a database. The store refuses a login that still has it.)
DO $$
BEGIN
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
END
$$;

-- The imports stage a file in temporary tables: the schema's owner makes them, with fixed names
-- and columns, for the transaction of an established identity, and lets parcours_app use them.
CREATE FUNCTION parcours_open_staging(staging text) RETURNS void
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
            third_country_national boolean, foreign_background boolean, homeless boolean, qpv text, carrier_id bigint,
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
        GRANT SELECT, INSERT, UPDATE, DELETE ON pg_temp.history_journey, pg_temp.history_event TO parcours_app;
    WHEN 'attendance_import' THEN
        CREATE TEMPORARY TABLE attendance_import (
            line integer PRIMARY KEY, programme_id bigint NOT NULL, cohort text, kind text NOT NULL, title text NOT NULL,
            starts_at timestamp NOT NULL, day date NOT NULL, duration integer NOT NULL, ref text NOT NULL, status text NOT NULL,
            minutes integer NOT NULL, cohort_id bigint, journey_id bigint, journey_cohort_id bigint, session_id bigint
        ) ON COMMIT DROP;
        GRANT SELECT, INSERT, UPDATE, DELETE ON pg_temp.attendance_import TO parcours_app;
    ELSE
        RAISE EXCEPTION 'no staging called %', staging USING ERRCODE = 'PA001';
    END CASE;
END
$$;
REVOKE ALL ON FUNCTION parcours_open_staging(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION parcours_open_staging(text) TO parcours_app;

-- MARK: a share link's identity holds only while the transaction is read-only

-- The seal now covers how the identity was established ('' or 'share'). A share link's maker is
-- established only in a read-only transaction, and stays so only while it is read-only:
-- `ROLLBACK TO SAVEPOINT` restores read-write along with the settings, and a seal put back by hand
-- then verifies nothing, because the mode it seals says "share".
CREATE FUNCTION parcours_identity_seal(staff bigint, mode text) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    RETURN (SELECT encode(sha256(convert_to(
                s.identity_key || '|' || staff::text || '|' || mode || '|' || pg_backend_pid()::text || '|'
                || extract(epoch FROM transaction_timestamp())::text || '|' || s.identity_key, 'UTF8')), 'hex')
            FROM public.parcours_secret AS s);
END
$$;

CREATE OR REPLACE FUNCTION parcours_current_staff() RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    claimed text := current_setting('parcours.staff_id', true);
    seal text := current_setting('parcours.identity_seal', true);
    mode text := coalesce(current_setting('parcours.identity_mode', true), '');
BEGIN
    IF claimed IS NULL OR claimed !~ '^[0-9]{1,18}$' OR seal IS NULL THEN
        RETURN NULL;
    END IF;
    -- A missing secret gives no seal: nobody is established (fails closed).
    IF parcours_identity_seal(claimed::bigint, mode) IS DISTINCT FROM seal THEN
        RETURN NULL;
    END IF;
    IF mode = 'share' AND current_setting('transaction_read_only') <> 'on' THEN
        RETURN NULL;
    END IF;
    RETURN claimed::bigint;
END
$$;

CREATE OR REPLACE FUNCTION parcours_establish_identity(staff bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM set_config('parcours.staff_id', staff::text, true);
    PERFORM set_config('parcours.identity_mode', '', true);
    PERFORM set_config('parcours.identity_seal', parcours_identity_seal(staff, ''), true);
END
$$;

DROP FUNCTION parcours_identity_seal(bigint);
-- The seal is computed by the functions above only: executable by anyone, it would forge any identity.
REVOKE ALL ON FUNCTION parcours_identity_seal(bigint, text) FROM PUBLIC;

CREATE OR REPLACE FUNCTION parcours_act_with_share(presented_sha256 bytea)
    RETURNS TABLE (acting_staff_id bigint, acting_operator_id bigint, acting_role text, acting_email text,
                   share_id bigint, share_scope_kind text, share_scope_id bigint, share_public boolean)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    link record;
BEGIN
    SELECT s.id AS staff, s.operator_id, s.role, s.email, s.active, d.id, d.scope_kind, d.scope_id, d.public, d.revoked_at, d.expires_at
    INTO link
    FROM dashboard_share AS d JOIN staff AS s ON s.id = d.staff_id
    WHERE d.token_sha256 = presented_sha256;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'this share link is unknown' USING ERRCODE = 'PA401', DETAIL = 'share_unknown';
    END IF;
    IF link.revoked_at IS NOT NULL OR link.expires_at <= now() OR NOT link.active THEN
        RAISE EXCEPTION 'this share link was withdrawn or has expired' USING ERRCODE = 'PA401', DETAIL = 'share_withdrawn';
    END IF;
    PERFORM set_config('transaction_read_only', 'on', true);
    PERFORM set_config('parcours.staff_id', link.staff::text, true);
    PERFORM set_config('parcours.identity_mode', 'share', true);
    PERFORM set_config('parcours.identity_seal', parcours_identity_seal(link.staff, 'share'), true);
    RETURN QUERY SELECT link.staff, link.operator_id, link.role, link.email, link.id, link.scope_kind, link.scope_id, link.public;
END
$$;

-- MARK: a funder shares only what it funds

-- `NOT (false OR NULL OR false)` is NULL, and IF NULL skipped the refusal: a funder could share an
-- operator it does not fund. Each test is now true or false.
CREATE OR REPLACE FUNCTION parcours_share_dashboard(presented_sha256 bytea, of_scope_kind text, of_scope_id bigint, is_public boolean,
                                                    expires timestamptz, share_label text, audit_channel text) RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    made bigint;
    shared_operator bigint;
BEGIN
    IF parcours_current_staff() IS NULL THEN
        RAISE EXCEPTION 'no identity established' USING ERRCODE = 'PA401';
    END IF;
    -- An operator's pages are shared only by those who may read that operator's figures.
    IF of_scope_kind = 'operator' THEN
        IF (coalesce(parcours_reads_all(), false)
            OR of_scope_id IS NOT DISTINCT FROM parcours_current_operator() AND of_scope_id IS NOT NULL
            OR (parcours_current_role() IS NOT DISTINCT FROM 'funder' AND coalesce(parcours_funder_covers_operator(of_scope_id), false)))
           IS NOT TRUE THEN
            RAISE EXCEPTION 'operator % not found', of_scope_id USING ERRCODE = 'PA404';
        END IF;
        shared_operator := of_scope_id;
    ELSE
        shared_operator := parcours_current_operator();
    END IF;
    INSERT INTO dashboard_share (staff_id, token_sha256, scope_kind, scope_id, operator_id, public, label, expires_at)
    VALUES (parcours_current_staff(), presented_sha256, of_scope_kind, of_scope_id, shared_operator, is_public, share_label, expires)
    RETURNING id INTO made;
    INSERT INTO audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
    VALUES (parcours_current_staff(), audit_channel, 'share', NULL, shared_operator,
            left(format('dashboard share %s: %s%s%s, until %s', made, of_scope_kind, ':' || of_scope_id,
                        CASE WHEN is_public THEN ', public' ELSE '' END, to_char(expires AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD')), 200));
    RETURN made;
END
$$;

-- MARK: counsellors see the first contacts of their own caseload

-- A first contact not yet admitted is the team's; once admitted, it is its carrier's counsellor's.
CREATE POLICY intake_caseload ON intake AS RESTRICTIVE FOR ALL TO parcours_app
    USING ((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor' OR carrier_id IS NULL OR parcours_follows_carrier(carrier_id))
    WITH CHECK ((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor' OR carrier_id IS NULL OR parcours_follows_carrier(carrier_id));

-- MARK: erasure that nothing brings back

-- A stored API answer names the people its change concerned (the carriers the transaction wrote
-- to the audit log): erasing a person finds every answer about them, whatever it quotes.
ALTER TABLE api_idempotency ADD COLUMN carrier_ids bigint[] NOT NULL DEFAULT '{}';
CREATE INDEX api_idempotency_carrier_idx ON api_idempotency USING gin (carrier_ids);

-- The erasure itself is in the person's history, with its reason: the audit log, append-only,
-- keeps no text a person typed (its detail says only "carrier erased").
ALTER TABLE carrier_event DROP CONSTRAINT carrier_event_kind_check;
ALTER TABLE carrier_event ADD CONSTRAINT carrier_event_kind_check CHECK (kind IN ('update', 'merge', 'erase'));

-- An erased record stays erased: no correction, retry or import writes a name, a contact, a
-- reference or a birth date back (only the erasure itself, as the owner, writes them).
CREATE FUNCTION carrier_stays_erased() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF OLD.first_name = parcours_erased()
       AND (NEW.first_name, NEW.last_name, NEW.email, NEW.phone, NEW.external_ref, NEW.birth_date)
           IS DISTINCT FROM (OLD.first_name, OLD.last_name, OLD.email, OLD.phone, OLD.external_ref, OLD.birth_date)
       AND NOT pg_has_role(current_user, 'pg_database_owner', 'MEMBER') THEN
        RAISE EXCEPTION 'carrier % was erased: their personal data is not written again', OLD.id
            USING ERRCODE = 'PA001', DETAIL = 'carrier_erased';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER carrier_stays_erased BEFORE UPDATE ON carrier
    FOR EACH ROW EXECUTE FUNCTION carrier_stays_erased();

CREATE OR REPLACE FUNCTION parcours_erase_carrier(of_carrier bigint, audit_action text, audit_channel text, audit_reason text)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    person record;
    first_entry date;
BEGIN
    IF NOT parcours_manages_carrier(of_carrier) THEN
        RAISE EXCEPTION 'carrier % not found', of_carrier USING ERRCODE = 'PA404';
    END IF;
    SELECT c.id, c.operator_id, c.first_name, c.last_name, c.email, c.phone, c.birth_date INTO person FROM carrier AS c WHERE c.id = of_carrier;
    SELECT min(j.opened_on) INTO first_entry FROM journey AS j WHERE j.carrier_id = of_carrier;

    -- Stored idempotent answers about the person (their record, whatever it quoted then) or that
    -- quote them now: kept as a tombstone, so that a retry is answered "erased" and never acts again.
    UPDATE api_idempotency AS i SET status = 410, response = '', carrier_ids = '{}'
    WHERE of_carrier = ANY (i.carrier_ids)
       OR strpos(lower(i.response), lower(person.last_name)) > 0
       OR strpos(lower(i.response), lower(person.first_name)) > 0
       OR (person.email IS NOT NULL AND strpos(lower(i.response), lower(person.email)) > 0)
       OR (person.phone IS NOT NULL AND strpos(i.response, person.phone) > 0);

    UPDATE carrier
    SET first_name = parcours_erased(), last_name = parcours_erased(), email = NULL, phone = NULL, external_ref = NULL,
        birth_date = CASE WHEN birth_date IS NULL OR first_entry IS NULL THEN NULL
                          ELSE greatest((first_entry - make_interval(years => extract(year FROM age(first_entry, birth_date))::int))::date,
                                        DATE '1900-01-02') END
    WHERE id = of_carrier;
    UPDATE referral
    SET carrier_first_name = parcours_erased(), carrier_last_name = parcours_erased(), carrier_email = NULL, carrier_phone = NULL,
        reason = parcours_erased(), note = CASE WHEN note IS NOT NULL THEN parcours_erased() END
    WHERE journey_id IN (SELECT id FROM journey WHERE carrier_id = of_carrier);
    UPDATE journey_event SET reason = parcours_erased()
    WHERE journey_id IN (SELECT id FROM journey WHERE carrier_id = of_carrier) AND reason IS NOT NULL;
    UPDATE jury_decision SET note = parcours_erased()
    WHERE journey_id IN (SELECT id FROM journey WHERE carrier_id = of_carrier) AND note IS NOT NULL;
    UPDATE follow_up SET note = parcours_erased()
    WHERE journey_id IN (SELECT id FROM journey WHERE carrier_id = of_carrier) AND note IS NOT NULL;
    UPDATE cape_contract SET end_reason = parcours_erased()
    WHERE journey_id IN (SELECT id FROM journey WHERE carrier_id = of_carrier) AND end_reason IS NOT NULL;
    UPDATE activity SET name = NULL WHERE journey_id IN (SELECT id FROM journey WHERE carrier_id = of_carrier);
    -- The reasons of earlier corrections and erasures go (a second erasure changes no name, so the
    -- trigger carrier_event_erased does not fire for it); this erasure's is kept in the person's
    -- history, where the next erasure of the record reaches it.
    UPDATE carrier_event SET reason = parcours_erased() WHERE carrier_id = of_carrier AND reason IS NOT NULL;
    INSERT INTO carrier_event (operator_id, carrier_id, kind, fields, reason, staff_id)
    VALUES (person.operator_id, of_carrier, 'erase',
            ARRAY['first_name', 'last_name', 'email', 'phone', 'ref', 'birth_date'], nullif(left(audit_reason, 2000), ''),
            parcours_current_staff());

    PERFORM parcours_audit(audit_action, ARRAY[of_carrier], audit_channel,
                           CASE audit_action WHEN 'retention' THEN 'carrier anonymised (retention)' ELSE 'carrier erased' END);
END
$$;
