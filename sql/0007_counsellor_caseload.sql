-- A counsellor follows their own caseload: the carriers assigned to them (and those not assigned
-- to anyone yet), with their journeys and everything recorded about them. Coordinators see their
-- whole operator; network and admin as before.
--
-- Written as RESTRICTIVE policies: they narrow the existing operator policies (PostgreSQL ANDs a
-- restrictive policy with the permissive ones) without restating them.

ALTER TABLE carrier ADD COLUMN counsellor_id bigint REFERENCES staff (id);
CREATE INDEX carrier_counsellor_idx ON carrier (counsellor_id);

-- A carrier a counsellor adds is theirs.
CREATE FUNCTION carrier_default_counsellor() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.counsellor_id IS NULL AND parcours_current_role() = 'counsellor' THEN
        NEW.counsellor_id := parcours_current_staff();
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER carrier_default_counsellor BEFORE INSERT ON carrier
    FOR EACH ROW EXECUTE FUNCTION carrier_default_counsellor();

-- Only a counsellor of the carrier's operator can follow it.
CREATE FUNCTION carrier_counsellor_check() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF NEW.counsellor_id IS NOT NULL AND NOT EXISTS (
        SELECT FROM staff WHERE id = NEW.counsellor_id AND role = 'counsellor' AND operator_id = NEW.operator_id AND active
    ) THEN
        RAISE EXCEPTION 'carrier %: staff member % is not an active counsellor of its operator', NEW.id, NEW.counsellor_id
            USING ERRCODE = 'PA001';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER carrier_counsellor_check BEFORE INSERT OR UPDATE OF counsellor_id ON carrier
    FOR EACH ROW EXECUTE FUNCTION carrier_counsellor_check();

-- Whether the acting counsellor follows a carrier / a journey's carrier. SECURITY DEFINER: the
-- lookup itself must not recurse into the policies it serves.
CREATE FUNCTION parcours_follows_carrier(of_carrier bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    RETURN coalesce((SELECT c.counsellor_id IS NULL OR c.counsellor_id = parcours_current_staff()
                     FROM public.carrier AS c WHERE c.id = of_carrier), false);

CREATE FUNCTION parcours_follows_journey(of_journey bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    RETURN coalesce((SELECT c.counsellor_id IS NULL OR c.counsellor_id = parcours_current_staff()
                     FROM public.journey AS j JOIN public.carrier AS c ON c.id = j.carrier_id WHERE j.id = of_journey), false);

-- The definer functions run as the schema's owner; when that owner is not a superuser, FORCE ROW
-- LEVEL SECURITY applies to it: let it read carriers and journeys for these lookups only.
CREATE POLICY carrier_owner_lookup ON carrier FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY journey_owner_lookup ON journey FOR SELECT TO CURRENT_USER USING (true);

CREATE POLICY carrier_caseload ON carrier AS RESTRICTIVE FOR ALL TO parcours_app
    USING ((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'
           OR counsellor_id IS NULL OR counsellor_id = (SELECT parcours_current_staff()));
-- Reading only: a bulk import inserts carriers and their profiles in one statement, where the
-- new carriers are not yet visible to the lookup (profiles are never updated; inserting one stays
-- bound to the operator by the permissive policy).
CREATE POLICY carrier_profile_caseload ON carrier_profile AS RESTRICTIVE FOR SELECT TO parcours_app
    USING ((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor' OR parcours_follows_carrier(carrier_id));
CREATE POLICY journey_caseload ON journey AS RESTRICTIVE FOR ALL TO parcours_app
    USING ((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor' OR parcours_follows_carrier(carrier_id));

-- Everything recorded about a journey follows the journey.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['journey_event', 'attendance', 'cape_contract', 'jury_decision', 'activity', 'follow_up'] LOOP
        EXECUTE format(
            'CREATE POLICY %I ON %I AS RESTRICTIVE FOR ALL TO parcours_app USING ((SELECT parcours_current_role()) IS DISTINCT FROM ''counsellor'' OR parcours_follows_journey(journey_id))',
            t || '_caseload', t);
    END LOOP;
END
$$;

-- A referral received from another operator is not part of anyone's caseload here: it stays
-- visible to the receiving operator's counsellors, who answer it.
CREATE POLICY referral_caseload ON referral AS RESTRICTIVE FOR ALL TO parcours_app
    USING ((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'
           OR operator_id IS DISTINCT FROM (SELECT parcours_current_operator())
           OR parcours_follows_journey(journey_id));

REVOKE ALL ON FUNCTION parcours_follows_carrier(bigint), parcours_follows_journey(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION parcours_follows_carrier(bigint), parcours_follows_journey(bigint) TO parcours_app;
