-- The funder role: the staff of a funder (FSE+ managing authority, Région…) read the aggregates
-- and exports of their own agreements. Row-level security lets them read the rows those are
-- computed from — the journeys their agreements cover — and nothing else; the service answers
-- them on reports and exports only, and with names only where the agreement requires them.

ALTER TABLE staff ADD COLUMN funder_id bigint REFERENCES funder (id);
ALTER TABLE staff ADD CONSTRAINT staff_funder_bound CHECK ((role = 'funder') = (funder_id IS NOT NULL));

CREATE FUNCTION parcours_current_funder() RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    RETURN (SELECT funder_id FROM staff WHERE id = parcours_current_staff() AND active AND role = 'funder');

-- The definer functions below read agreements and journeys as the schema's owner.
CREATE POLICY funding_owner_lookup ON funding FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY funding_programme_owner_lookup ON funding_programme FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY funding_cohort_owner_lookup ON funding_cohort FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY funding_territory_owner_lookup ON funding_territory FOR SELECT TO CURRENT_USER USING (true);

-- Whether one of the acting funder's agreements covers a journey / a carrier's journeys, or an
-- operator at all.
CREATE FUNCTION parcours_funder_covers_journey(of_journey bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    RETURN EXISTS (SELECT FROM public.funding_journey AS fj JOIN public.funding AS f ON f.id = fj.funding_id
                   WHERE fj.journey_id = of_journey AND f.funder_id = parcours_current_funder());

CREATE FUNCTION parcours_funder_covers_carrier(of_carrier bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    RETURN EXISTS (SELECT FROM public.journey AS j WHERE j.carrier_id = of_carrier AND parcours_funder_covers_journey(j.id));

CREATE FUNCTION parcours_funder_covers_operator(of_operator bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    RETURN EXISTS (SELECT FROM public.funding AS f WHERE f.operator_id = of_operator AND f.funder_id = parcours_current_funder());

-- Permissive read policies, for the funder role only (the other roles' policies are unchanged).
CREATE POLICY funding_funder_read ON funding FOR SELECT TO parcours_app
    USING (funder_id = (SELECT parcours_current_funder()));
CREATE POLICY journey_funder_read ON journey FOR SELECT TO parcours_app
    USING ((SELECT parcours_current_role()) = 'funder' AND parcours_funder_covers_journey(id));
CREATE POLICY carrier_funder_read ON carrier FOR SELECT TO parcours_app
    USING ((SELECT parcours_current_role()) = 'funder' AND parcours_funder_covers_carrier(id));
CREATE POLICY carrier_profile_funder_read ON carrier_profile FOR SELECT TO parcours_app
    USING ((SELECT parcours_current_role()) = 'funder' AND parcours_funder_covers_carrier(carrier_id));
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['journey_event', 'attendance', 'jury_decision', 'activity', 'follow_up', 'referral'] LOOP
        EXECUTE format(
            'CREATE POLICY %I ON %I FOR SELECT TO parcours_app USING ((SELECT parcours_current_role()) = ''funder'' AND parcours_funder_covers_journey(journey_id))',
            t || '_funder_read', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['operator', 'programme', 'cohort', 'session', 'funding_programme', 'funding_cohort', 'funding_territory'] LOOP
        EXECUTE format(
            'CREATE POLICY %I ON %I FOR SELECT TO parcours_app USING ((SELECT parcours_current_role()) = ''funder'' AND parcours_funder_covers_operator(%s))',
            t || '_funder_read', t, CASE WHEN t = 'operator' THEN 'id' ELSE 'operator_id' END);
    END LOOP;
END
$$;

REVOKE ALL ON FUNCTION parcours_funder_covers_journey(bigint), parcours_funder_covers_carrier(bigint),
    parcours_funder_covers_operator(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION parcours_funder_covers_journey(bigint), parcours_funder_covers_carrier(bigint),
    parcours_funder_covers_operator(bigint) TO parcours_app;
