-- Row-level security on partner: who reads and writes which rows.
ALTER TABLE partner ENABLE ROW LEVEL SECURITY;
ALTER TABLE partner FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS partner_add ON partner;
CREATE POLICY partner_add ON partner FOR INSERT TO parcours_app
    WITH CHECK ((((SELECT parcours_current_operator()) IS NOT NULL) OR (SELECT parcours_writes_all())));

DROP POLICY IF EXISTS partner_edit ON partner;
CREATE POLICY partner_edit ON partner FOR UPDATE TO parcours_app
    USING ((SELECT parcours_writes_all()))
    WITH CHECK ((SELECT parcours_writes_all()));

DROP POLICY IF EXISTS partner_owner ON partner;
CREATE POLICY partner_owner ON partner FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS partner_read ON partner;
CREATE POLICY partner_read ON partner FOR SELECT TO parcours_app
    USING (((SELECT parcours_current_role()) IS NOT NULL));
