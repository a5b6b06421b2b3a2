-- Row-level security on partner_territory: who reads and writes which rows.
ALTER TABLE partner_territory ENABLE ROW LEVEL SECURITY;
ALTER TABLE partner_territory FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS partner_territory_add ON partner_territory;
CREATE POLICY partner_territory_add ON partner_territory FOR INSERT TO parcours_app
    WITH CHECK ((((SELECT parcours_current_operator()) IS NOT NULL) OR (SELECT parcours_writes_all())));

DROP POLICY IF EXISTS partner_territory_owner ON partner_territory;
CREATE POLICY partner_territory_owner ON partner_territory FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS partner_territory_read ON partner_territory;
CREATE POLICY partner_territory_read ON partner_territory FOR SELECT TO parcours_app
    USING (((SELECT parcours_current_role()) IS NOT NULL));
