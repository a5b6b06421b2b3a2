-- Row-level security on territory_former_code: who reads and writes which rows.
ALTER TABLE territory_former_code ENABLE ROW LEVEL SECURITY;
ALTER TABLE territory_former_code FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS territory_former_code_owner ON territory_former_code;
CREATE POLICY territory_former_code_owner ON territory_former_code FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS territory_former_code_read ON territory_former_code;
CREATE POLICY territory_former_code_read ON territory_former_code FOR SELECT TO parcours_app
    USING (((SELECT parcours_current_role()) IS NOT NULL));

DROP POLICY IF EXISTS territory_former_code_write ON territory_former_code;
CREATE POLICY territory_former_code_write ON territory_former_code FOR ALL TO parcours_app
    USING ((SELECT parcours_writes_all()))
    WITH CHECK ((SELECT parcours_writes_all()));
