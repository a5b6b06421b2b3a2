-- Row-level security on territory_ancestor: who reads and writes which rows.
ALTER TABLE territory_ancestor ENABLE ROW LEVEL SECURITY;
ALTER TABLE territory_ancestor FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS territory_ancestor_owner ON territory_ancestor;
CREATE POLICY territory_ancestor_owner ON territory_ancestor FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

-- Written only by the owner's triggers (parcours_refresh_territory_ancestors): no write policy.
DROP POLICY IF EXISTS territory_ancestor_read ON territory_ancestor;
CREATE POLICY territory_ancestor_read ON territory_ancestor FOR SELECT TO parcours_app
    USING (((SELECT parcours_current_role()) IS NOT NULL));
