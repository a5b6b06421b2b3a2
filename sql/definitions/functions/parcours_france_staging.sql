-- The staging table the reference is copied into, for this transaction only.
CREATE OR REPLACE FUNCTION parcours_france_staging() RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    CREATE TEMPORARY TABLE IF NOT EXISTS france_reference (
        kind text NOT NULL, code text NOT NULL, name text NOT NULL, parent_code text, department_code text
    ) ON COMMIT DROP;
    TRUNCATE france_reference;
END
$$;
REVOKE ALL ON FUNCTION parcours_france_staging() FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_france_staging() TO PUBLIC;
GRANT EXECUTE ON FUNCTION parcours_france_staging() TO parcours_app;
