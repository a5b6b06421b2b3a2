-- Row-level security on funder: who reads and writes which rows.
ALTER TABLE funder ENABLE ROW LEVEL SECURITY;
ALTER TABLE funder FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS funder_add ON funder;
CREATE POLICY funder_add ON funder FOR INSERT TO parcours_app
    WITH CHECK ((((SELECT parcours_current_operator()) IS NOT NULL) OR (SELECT parcours_writes_all())));

DROP POLICY IF EXISTS funder_edit ON funder;
CREATE POLICY funder_edit ON funder FOR UPDATE TO parcours_app
    USING ((SELECT parcours_writes_all()))
    WITH CHECK ((SELECT parcours_writes_all()));

DROP POLICY IF EXISTS funder_owner ON funder;
CREATE POLICY funder_owner ON funder FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS funder_read ON funder;
CREATE POLICY funder_read ON funder FOR SELECT TO parcours_app
    USING (((SELECT parcours_current_role()) IS NOT NULL));
