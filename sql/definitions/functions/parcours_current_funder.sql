CREATE OR REPLACE FUNCTION parcours_current_funder() RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    RETURN (SELECT funder_id FROM staff WHERE id = parcours_current_staff() AND active AND role = 'funder');
END
$$;
REVOKE ALL ON FUNCTION parcours_current_funder() FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_current_funder() TO parcours_app;
