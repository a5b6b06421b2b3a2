-- Row-level security on territory_reference: who reads and writes which rows.
ALTER TABLE territory_reference ENABLE ROW LEVEL SECURITY;
ALTER TABLE territory_reference FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS territory_reference_owner ON territory_reference;
CREATE POLICY territory_reference_owner ON territory_reference FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS territory_reference_read ON territory_reference;
CREATE POLICY territory_reference_read ON territory_reference FOR SELECT TO parcours_app
    USING (((SELECT parcours_current_role()) IS NOT NULL));

DROP POLICY IF EXISTS territory_reference_write ON territory_reference;
CREATE POLICY territory_reference_write ON territory_reference FOR ALL TO parcours_app
    USING ((SELECT parcours_writes_all()))
    WITH CHECK ((SELECT parcours_writes_all()));
