-- Row-level security on operator_territory: who reads and writes which rows.
ALTER TABLE operator_territory ENABLE ROW LEVEL SECURITY;
ALTER TABLE operator_territory FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS operator_territory_owner ON operator_territory;
CREATE POLICY operator_territory_owner ON operator_territory FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS operator_territory_read ON operator_territory;
CREATE POLICY operator_territory_read ON operator_territory FOR SELECT TO parcours_app
    USING (((SELECT parcours_current_role()) IS NOT NULL));

DROP POLICY IF EXISTS operator_territory_write ON operator_territory;
CREATE POLICY operator_territory_write ON operator_territory FOR ALL TO parcours_app
    USING ((SELECT parcours_writes_all()))
    WITH CHECK ((SELECT parcours_writes_all()));
