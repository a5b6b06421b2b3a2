-- Row-level security on session: who reads and writes which rows.
ALTER TABLE session ENABLE ROW LEVEL SECURITY;
ALTER TABLE session FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS session_funder_read ON session;
CREATE POLICY session_funder_read ON session FOR SELECT TO parcours_app
    USING ((((SELECT parcours_current_role()) = 'funder'::text) AND parcours_funder_covers_operator(operator_id)));

DROP POLICY IF EXISTS session_owner ON session;
CREATE POLICY session_owner ON session FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS session_read ON session;
CREATE POLICY session_read ON session FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));

DROP POLICY IF EXISTS session_write ON session;
CREATE POLICY session_write ON session FOR ALL TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())))
    WITH CHECK (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())));
