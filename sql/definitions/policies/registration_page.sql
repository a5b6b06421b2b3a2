-- Row-level security on registration_page: who reads which rows.
ALTER TABLE registration_page ENABLE ROW LEVEL SECURITY;
ALTER TABLE registration_page FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS registration_page_owner ON registration_page;
CREATE POLICY registration_page_owner ON registration_page FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS registration_page_read ON registration_page;
CREATE POLICY registration_page_read ON registration_page FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));
