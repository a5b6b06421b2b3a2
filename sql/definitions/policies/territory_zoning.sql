-- Row-level security on territory_zoning: who reads and writes which rows.
ALTER TABLE territory_zoning ENABLE ROW LEVEL SECURITY;
ALTER TABLE territory_zoning FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS territory_zoning_owner ON territory_zoning;
CREATE POLICY territory_zoning_owner ON territory_zoning FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS territory_zoning_read ON territory_zoning;
CREATE POLICY territory_zoning_read ON territory_zoning FOR SELECT TO parcours_app
    USING (((SELECT parcours_current_role()) IS NOT NULL));

DROP POLICY IF EXISTS territory_zoning_write ON territory_zoning;
CREATE POLICY territory_zoning_write ON territory_zoning FOR ALL TO parcours_app
    USING ((SELECT parcours_writes_all()))
    WITH CHECK ((SELECT parcours_writes_all()));
