CREATE OR REPLACE FUNCTION parcours_establish_identity(staff bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM set_config('parcours.staff_id', staff::text, true);
    PERFORM set_config('parcours.identity_mode', '', true);
    PERFORM set_config('parcours.identity_seal', parcours_identity_seal(staff, ''), true);
END
$$;
REVOKE ALL ON FUNCTION parcours_establish_identity(bigint) FROM PUBLIC, parcours_app;
