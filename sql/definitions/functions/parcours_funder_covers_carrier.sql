CREATE OR REPLACE FUNCTION parcours_funder_covers_carrier(of_carrier bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    RETURN EXISTS (SELECT FROM public.journey AS j WHERE j.carrier_id = of_carrier AND parcours_funder_covers_journey(j.id));
REVOKE ALL ON FUNCTION parcours_funder_covers_carrier(bigint) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_funder_covers_carrier(bigint) TO parcours_app;
