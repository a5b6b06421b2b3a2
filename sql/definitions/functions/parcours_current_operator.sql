CREATE OR REPLACE FUNCTION parcours_current_operator() RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    RETURN (SELECT operator_id FROM staff WHERE id = parcours_current_staff() AND active AND role IN ('counsellor', 'coordinator'));
END
$$;
REVOKE ALL ON FUNCTION parcours_current_operator() FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_current_operator() TO parcours_app;
