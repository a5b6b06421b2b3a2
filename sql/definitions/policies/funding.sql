-- Row-level security on funding: who reads and writes which rows.
ALTER TABLE funding ENABLE ROW LEVEL SECURITY;
ALTER TABLE funding FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS funding_funder_read ON funding;
CREATE POLICY funding_funder_read ON funding FOR SELECT TO parcours_app
    USING ((funder_id = (SELECT parcours_current_funder())));

DROP POLICY IF EXISTS funding_owner ON funding;
CREATE POLICY funding_owner ON funding FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS funding_read ON funding;
CREATE POLICY funding_read ON funding FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));

DROP POLICY IF EXISTS funding_write ON funding;
CREATE POLICY funding_write ON funding FOR ALL TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())))
    WITH CHECK (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())));
