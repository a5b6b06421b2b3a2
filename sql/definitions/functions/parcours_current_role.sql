CREATE OR REPLACE FUNCTION parcours_current_role() RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    RETURN (SELECT role FROM staff WHERE id = parcours_current_staff() AND active);
END
$$;
REVOKE ALL ON FUNCTION parcours_current_role() FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_current_role() TO parcours_app;
