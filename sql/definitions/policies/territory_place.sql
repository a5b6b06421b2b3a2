-- Row-level security on territory_place: who reads and writes which rows.
ALTER TABLE territory_place ENABLE ROW LEVEL SECURITY;
ALTER TABLE territory_place FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS territory_place_owner ON territory_place;
CREATE POLICY territory_place_owner ON territory_place FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

-- Written only by the owner's triggers (parcours_refresh_territory_places): no write policy.
DROP POLICY IF EXISTS territory_place_read ON territory_place;
CREATE POLICY territory_place_read ON territory_place FOR SELECT TO parcours_app
    USING (((SELECT parcours_current_role()) IS NOT NULL));
