-- Shared reference data: every identified staff member reads it, the administrator writes it,
-- the owner (migrations, backups) reads and writes all of it. 0015 uses it too.
CREATE OR REPLACE FUNCTION parcours_share_reference_table(t regclass) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %s FOR SELECT TO parcours_app USING ((SELECT parcours_current_role()) IS NOT NULL)',
                   t::text || '_read', t);
    EXECUTE format('CREATE POLICY %I ON %s FOR ALL TO parcours_app USING ((SELECT parcours_writes_all())) '
                   'WITH CHECK ((SELECT parcours_writes_all()))', t::text || '_write', t);
    EXECUTE format('CREATE POLICY %I ON %s FOR ALL TO pg_database_owner USING (true) WITH CHECK (true)', t::text || '_owner', t);
END
$$;
REVOKE ALL ON FUNCTION parcours_share_reference_table(regclass) FROM PUBLIC, parcours_app;
