-- Row-level security on funding_programme: who reads and writes which rows.
ALTER TABLE funding_programme ENABLE ROW LEVEL SECURITY;
ALTER TABLE funding_programme FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS funding_programme_funder_read ON funding_programme;
CREATE POLICY funding_programme_funder_read ON funding_programme FOR SELECT TO parcours_app
    USING ((((SELECT parcours_current_role()) = 'funder'::text) AND parcours_funder_covers_operator(operator_id)));

DROP POLICY IF EXISTS funding_programme_owner ON funding_programme;
CREATE POLICY funding_programme_owner ON funding_programme FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS funding_programme_read ON funding_programme;
CREATE POLICY funding_programme_read ON funding_programme FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));

DROP POLICY IF EXISTS funding_programme_write ON funding_programme;
CREATE POLICY funding_programme_write ON funding_programme FOR ALL TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())))
    WITH CHECK (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())));
