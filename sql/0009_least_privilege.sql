-- Least privilege and sealed tenancy (DESIGN.md §9).
--
-- Roles: the schema's owner runs these migrations and is never used by the service; login roles
-- own nothing, are NOINHERIT members of parcours_app (so RESET ROLE leaves them with no privilege
-- at all), and only the administrator's console login is also a member of parcours_console, the
-- marker that lets a connection act as any staff member by e-mail. The HTTP service's login can
-- establish an identity only from a bearer token.
--
-- Identity: who a transaction acts as is the pair (parcours.staff_id, parcours.identity_seal),
-- set only by parcours_act_as / parcours_act_with_token. The seal is a keyed hash of the staff id,
-- the backend and the transaction's start, with a key only the owner reads: a setting typed by
-- hand, replayed from another transaction or another backend, never verifies.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'parcours_console') THEN
        CREATE ROLE parcours_console NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
END
$$;

-- MARK: the identity seal

CREATE TABLE parcours_secret (
    singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    identity_key  text NOT NULL CHECK (length(identity_key) >= 64)
);
-- gen_random_uuid draws from the server's strong random source.
INSERT INTO parcours_secret (identity_key)
VALUES (encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex')
        || encode(sha256(convert_to(gen_random_uuid()::text || clock_timestamp()::text, 'UTF8')), 'hex'));
REVOKE ALL ON parcours_secret FROM PUBLIC;

-- Binds a staff member to this backend and this transaction (transaction_timestamp changes with
-- every transaction). The key is on both sides of the message.
CREATE FUNCTION parcours_identity_seal(staff bigint) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    RETURN (SELECT encode(sha256(convert_to(
                s.identity_key || '|' || staff::text || '|' || pg_backend_pid()::text || '|'
                || extract(epoch FROM transaction_timestamp())::text || '|' || s.identity_key, 'UTF8')), 'hex')
            FROM parcours_secret AS s);

-- The acting staff member, if the identity was established by the functions below in this very
-- transaction; NULL otherwise (every policy is then false: fails closed).
CREATE OR REPLACE FUNCTION parcours_current_staff() RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    RETURN (SELECT claimed.id
            FROM (SELECT CASE WHEN current_setting('parcours.staff_id', true) ~ '^[0-9]{1,18}$'
                              THEN current_setting('parcours.staff_id', true)::bigint END AS id) AS claimed
            WHERE claimed.id IS NOT NULL
              AND current_setting('parcours.identity_seal', true) = parcours_identity_seal(claimed.id));

CREATE FUNCTION parcours_establish_identity(staff bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    PERFORM set_config('parcours.staff_id', staff::text, true);
    PERFORM set_config('parcours.identity_seal', parcours_identity_seal(staff), true);
END
$$;

-- The administrator's console names a staff member by e-mail; any other login is refused.
CREATE OR REPLACE FUNCTION parcours_act_as(acting_email text)
    RETURNS TABLE (acting_staff_id bigint, acting_operator_id bigint, acting_role text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    found_staff record;
BEGIN
    IF NOT pg_has_role(session_user, 'parcours_console', 'MEMBER') THEN
        RAISE EXCEPTION 'this connection acts only with a bearer token' USING ERRCODE = 'PA403';
    END IF;
    SELECT s.id, s.operator_id, s.role INTO found_staff
    FROM staff AS s WHERE lower(s.email) = lower(acting_email) AND s.active;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no active staff member has the e-mail ''%''', acting_email USING ERRCODE = 'PA401';
    END IF;
    PERFORM parcours_establish_identity(found_staff.id);
    RETURN QUERY SELECT found_staff.id, found_staff.operator_id, found_staff.role;
END
$$;

-- Any login: the staff member of a known, unrevoked, unexpired token (its SHA-256 is presented).
CREATE FUNCTION parcours_act_with_token(presented_sha256 bytea)
    RETURNS TABLE (acting_staff_id bigint, acting_operator_id bigint, acting_role text, acting_email text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    found_staff record;
BEGIN
    SELECT s.id, s.operator_id, s.role, s.email INTO found_staff
    FROM api_token AS t JOIN staff AS s ON s.id = t.staff_id
    WHERE t.token_sha256 = presented_sha256 AND t.revoked_at IS NULL
      AND (t.expires_at IS NULL OR t.expires_at > now()) AND s.active;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'this token is unknown, revoked or expired' USING ERRCODE = 'PA401';
    END IF;
    PERFORM parcours_establish_identity(found_staff.id);
    RETURN QUERY SELECT found_staff.id, found_staff.operator_id, found_staff.role, found_staff.email;
END
$$;

-- Replaced by parcours_act_with_token: a token → e-mail oracle is not needed by anyone.
DROP FUNCTION parcours_token_staff(bytea);

-- MARK: oracles answer only about what the caller may see

-- Who recorded an event: staff of the caller's own operator, the installation's administrators and
-- network staff; nothing about another operator's staff, nothing at all for a funder.
CREATE OR REPLACE FUNCTION parcours_staff_email(staff_id bigint) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    RETURN (SELECT s.email FROM staff AS s
            WHERE s.id = staff_id
              AND parcours_current_role() IN ('counsellor', 'coordinator', 'network', 'admin')
              AND (s.id = parcours_current_staff()
                   OR s.operator_id = parcours_current_operator()
                   OR (s.operator_id IS NULL AND s.role IN ('admin', 'network'))
                   OR parcours_reads_all()));

CREATE OR REPLACE FUNCTION parcours_follows_carrier(of_carrier bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    RETURN coalesce((SELECT c.counsellor_id IS NULL OR c.counsellor_id = parcours_current_staff()
                     FROM public.carrier AS c
                     WHERE c.id = of_carrier AND c.operator_id = parcours_current_operator()), false);

CREATE OR REPLACE FUNCTION parcours_follows_journey(of_journey bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    RETURN coalesce((SELECT c.counsellor_id IS NULL OR c.counsellor_id = parcours_current_staff()
                     FROM public.journey AS j JOIN public.carrier AS c ON c.id = j.carrier_id
                     WHERE j.id = of_journey AND j.operator_id = parcours_current_operator()), false);

-- The pseudonymous participant id of an ESF+ file: the salt never leaves the database, and only
-- those who may read the agreement get its pseudonyms.
CREATE FUNCTION parcours_participant_pseudonym(of_funding bigint, of_carrier bigint) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    RETURN (SELECT upper(left(encode(sha256(convert_to(f.pseudonym_salt || ':' || of_carrier, 'UTF8')), 'hex'), 10))
            FROM funding AS f
            WHERE f.id = of_funding
              AND (parcours_reads_all() OR f.operator_id = parcours_current_operator()
                   OR f.funder_id = parcours_current_funder()));
REVOKE SELECT ON funding FROM parcours_app;
GRANT SELECT (id, operator_id, funder_id, code, title, starts_on, ends_on, budget, share_percent, names_required, created_at)
    ON funding TO parcours_app;

-- MARK: sealed writes

-- A referral's answer is the only thing that changes after it was made: the receiving operator
-- (or the referring one, recording the partner's answer) sets status, note and answered_on;
-- consent to share is the referring operator's to give. Enforced for the application role only:
-- the owner's erasure functions rewrite the carrier's copies.
CREATE FUNCTION referral_update_guard() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF current_user <> 'parcours_app' THEN
        RETURN NEW;
    END IF;
    IF (NEW.operator_id, NEW.journey_id, NEW.partner_id, NEW.reason, NEW.proposed_on, NEW.carrier_first_name,
        NEW.carrier_last_name, NEW.carrier_email, NEW.carrier_phone, NEW.staff_id, NEW.created_at)
       IS DISTINCT FROM
       (OLD.operator_id, OLD.journey_id, OLD.partner_id, OLD.reason, OLD.proposed_on, OLD.carrier_first_name,
        OLD.carrier_last_name, OLD.carrier_email, OLD.carrier_phone, OLD.staff_id, OLD.created_at) THEN
        RAISE EXCEPTION 'referral %: only its answer (status, note, answered_on) can change', OLD.id
            USING ERRCODE = '42501', TABLE = 'referral';
    END IF;
    IF NEW.consent_to_share IS DISTINCT FROM OLD.consent_to_share
       AND NOT (OLD.operator_id = parcours_current_operator() OR parcours_writes_all()) THEN
        RAISE EXCEPTION 'referral %: consent to share is recorded by the referring operator', OLD.id
            USING ERRCODE = '42501', TABLE = 'referral';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER referral_update_guard BEFORE UPDATE ON referral
    FOR EACH ROW EXECUTE FUNCTION referral_update_guard();

ALTER POLICY referral_answer ON referral
    WITH CHECK (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_writes_all())
                OR partner_id IN (SELECT id FROM partner WHERE operator_id = (SELECT parcours_current_operator())));

-- Restrictive policies state their WITH CHECK (the same as their USING): a counsellor writes only
-- inside their caseload.
ALTER POLICY carrier_caseload ON carrier
    WITH CHECK ((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'
                OR counsellor_id IS NULL OR counsellor_id = (SELECT parcours_current_staff()));
ALTER POLICY journey_caseload ON journey
    WITH CHECK ((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor' OR parcours_follows_carrier(carrier_id));
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['journey_event', 'attendance', 'cape_contract', 'jury_decision', 'activity', 'follow_up'] LOOP
        EXECUTE format(
            'ALTER POLICY %I ON %I WITH CHECK ((SELECT parcours_current_role()) IS DISTINCT FROM ''counsellor'' OR parcours_follows_journey(journey_id))',
            t || '_caseload', t);
    END LOOP;
END
$$;
ALTER POLICY referral_caseload ON referral
    WITH CHECK ((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'
                OR operator_id IS DISTINCT FROM (SELECT parcours_current_operator())
                OR parcours_follows_journey(journey_id));
-- A counsellor records profiles only for the carriers they follow (a bulk import inserts the
-- carriers first, in a statement of their own, so that the lookup sees them).
CREATE POLICY carrier_profile_caseload_write ON carrier_profile AS RESTRICTIVE FOR INSERT TO parcours_app
    WITH CHECK ((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor' OR parcours_follows_carrier(carrier_id));

-- MARK: the owner's own access

-- Definer functions, backups and restores run as the schema's owner, whom FORCE ROW LEVEL SECURITY
-- binds like everyone else: it reads and writes every row. The policies name pg_database_owner (the
-- database's owner, PostgreSQL 14+) rather than a role, so that a dump restores onto a server whose
-- owner has another name; the owner lookups of earlier migrations named the migrating role.
DO $$
DECLARE
    p record;
    t text;
BEGIN
    FOR p IN SELECT pol.polname, c.relname FROM pg_policy AS pol JOIN pg_class AS c ON c.oid = pol.polrelid
             WHERE c.relnamespace = 'public'::regnamespace AND current_user::regrole::oid = ANY (pol.polroles) LOOP
        EXECUTE format('DROP POLICY %I ON %I', p.polname, p.relname);
    END LOOP;
    FOR t IN SELECT c.relname FROM pg_class AS c
             WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relrowsecurity ORDER BY c.relname LOOP
        EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO pg_database_owner USING (true) WITH CHECK (true)', t || '_owner', t);
    END LOOP;
END
$$;

-- MARK: every SECURITY DEFINER function: not for PUBLIC, only for the application role

DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc AS p
             WHERE p.pronamespace = 'public'::regnamespace AND p.prosecdef LOOP
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
END
$$;
GRANT EXECUTE ON FUNCTION parcours_current_staff(), parcours_current_role(), parcours_current_operator(),
    parcours_current_funder(), parcours_staff_email(bigint), parcours_act_as(text), parcours_act_with_token(bytea),
    parcours_follows_carrier(bigint), parcours_follows_journey(bigint), parcours_referred_carrier(bigint),
    parcours_participant_pseudonym(bigint, bigint), parcours_funder_covers_journey(bigint),
    parcours_funder_covers_carrier(bigint), parcours_funder_covers_operator(bigint)
    TO parcours_app;

-- Which migrations are applied is no secret: every login checks it before working (`/readyz` too).
GRANT SELECT ON schema_migrations TO PUBLIC;
