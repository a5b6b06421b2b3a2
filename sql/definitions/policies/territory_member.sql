-- Row-level security on territory_member: who reads and writes which rows.
ALTER TABLE territory_member ENABLE ROW LEVEL SECURITY;
ALTER TABLE territory_member FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS territory_member_owner ON territory_member;
CREATE POLICY territory_member_owner ON territory_member FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS territory_member_read ON territory_member;
CREATE POLICY territory_member_read ON territory_member FOR SELECT TO parcours_app
    USING (((SELECT parcours_current_role()) IS NOT NULL));

DROP POLICY IF EXISTS territory_member_write ON territory_member;
CREATE POLICY territory_member_write ON territory_member FOR ALL TO parcours_app
    USING ((SELECT parcours_writes_all()))
    WITH CHECK ((SELECT parcours_writes_all()));
