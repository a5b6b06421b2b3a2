CREATE OR REPLACE FUNCTION parcours_follows_carrier(of_carrier bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    RETURN coalesce((SELECT c.counsellor_id IS NULL OR c.counsellor_id = parcours_current_staff()
                     FROM public.carrier AS c
                     WHERE c.id = of_carrier AND c.operator_id = parcours_current_operator()), false);
REVOKE ALL ON FUNCTION parcours_follows_carrier(bigint) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_follows_carrier(bigint) TO parcours_app;
