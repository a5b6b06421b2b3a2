-- Row-level security on programme: who reads and writes which rows.
ALTER TABLE programme ENABLE ROW LEVEL SECURITY;
ALTER TABLE programme FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS programme_funder_read ON programme;
CREATE POLICY programme_funder_read ON programme FOR SELECT TO parcours_app
    USING ((((SELECT parcours_current_role()) = 'funder'::text) AND parcours_funder_covers_operator(operator_id)));

DROP POLICY IF EXISTS programme_owner ON programme;
CREATE POLICY programme_owner ON programme FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS programme_read ON programme;
CREATE POLICY programme_read ON programme FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));

DROP POLICY IF EXISTS programme_write ON programme;
CREATE POLICY programme_write ON programme FOR ALL TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())))
    WITH CHECK (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())));
