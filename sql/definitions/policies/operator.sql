-- Row-level security on operator: who reads and writes which rows.
ALTER TABLE operator ENABLE ROW LEVEL SECURITY;
ALTER TABLE operator FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS operator_funder_read ON operator;
CREATE POLICY operator_funder_read ON operator FOR SELECT TO parcours_app
    USING ((((SELECT parcours_current_role()) = 'funder'::text) AND parcours_funder_covers_operator(id)));

DROP POLICY IF EXISTS operator_owner ON operator;
CREATE POLICY operator_owner ON operator FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS operator_read ON operator;
CREATE POLICY operator_read ON operator FOR SELECT TO parcours_app
    USING (((id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));

DROP POLICY IF EXISTS operator_write ON operator;
CREATE POLICY operator_write ON operator FOR ALL TO parcours_app
    USING ((SELECT parcours_writes_all()))
    WITH CHECK ((SELECT parcours_writes_all()));
