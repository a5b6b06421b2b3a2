-- Whether one of the acting funder's agreements covers a journey / a carrier's journeys, or an
-- operator at all.
CREATE OR REPLACE FUNCTION parcours_funder_covers_journey(of_journey bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    RETURN EXISTS (SELECT FROM public.funding_journey AS fj JOIN public.funding AS f ON f.id = fj.funding_id
                   WHERE fj.journey_id = of_journey AND f.funder_id = parcours_current_funder());
REVOKE ALL ON FUNCTION parcours_funder_covers_journey(bigint) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_funder_covers_journey(bigint) TO parcours_app;
