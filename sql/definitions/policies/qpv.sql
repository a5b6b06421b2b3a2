-- Row-level security on qpv: who reads and writes which rows.
ALTER TABLE qpv ENABLE ROW LEVEL SECURITY;
ALTER TABLE qpv FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS qpv_owner ON qpv;
CREATE POLICY qpv_owner ON qpv FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS qpv_read ON qpv;
CREATE POLICY qpv_read ON qpv FOR SELECT TO parcours_app
    USING (((SELECT parcours_current_role()) IS NOT NULL));

DROP POLICY IF EXISTS qpv_write ON qpv;
CREATE POLICY qpv_write ON qpv FOR ALL TO parcours_app
    USING ((SELECT parcours_writes_all()))
    WITH CHECK ((SELECT parcours_writes_all()));
