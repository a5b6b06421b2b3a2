-- Row-level security on territory: who reads and writes which rows.
ALTER TABLE territory ENABLE ROW LEVEL SECURITY;
ALTER TABLE territory FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS territory_owner ON territory;
CREATE POLICY territory_owner ON territory FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS territory_read ON territory;
CREATE POLICY territory_read ON territory FOR SELECT TO parcours_app
    USING (((SELECT parcours_current_role()) IS NOT NULL));

DROP POLICY IF EXISTS territory_write ON territory;
CREATE POLICY territory_write ON territory FOR ALL TO parcours_app
    USING ((SELECT parcours_writes_all()))
    WITH CHECK ((SELECT parcours_writes_all()));
