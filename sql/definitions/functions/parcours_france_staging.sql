-- The staging table the reference is copied into, for this transaction only. The schema's owner
-- makes it (the logins may not create temporary tables, sql/0024) for the owner at migration or
-- the administrator (`territory load-france`), and lets parcours_app fill it.
CREATE OR REPLACE FUNCTION parcours_france_staging() RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT (pg_has_role(session_user, 'pg_database_owner', 'MEMBER') OR parcours_writes_all()) THEN
        RAISE EXCEPTION 'only the administrator loads France''s territories' USING ERRCODE = 'PA403';
    END IF;
    CREATE TEMPORARY TABLE IF NOT EXISTS france_reference (
        kind text NOT NULL, code text NOT NULL, name text NOT NULL, parent_code text, department_code text
    ) ON COMMIT DROP;
    TRUNCATE france_reference;
    GRANT SELECT, INSERT ON pg_temp.france_reference TO parcours_app;
END
$$;
REVOKE ALL ON FUNCTION parcours_france_staging() FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_france_staging() TO parcours_app;
