CREATE OR REPLACE FUNCTION parcours_funder_covers_operator(of_operator bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    RETURN EXISTS (SELECT FROM public.funding AS f WHERE f.operator_id = of_operator AND f.funder_id = parcours_current_funder());
REVOKE ALL ON FUNCTION parcours_funder_covers_operator(bigint) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_funder_covers_operator(bigint) TO parcours_app;
