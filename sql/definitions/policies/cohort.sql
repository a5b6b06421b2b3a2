-- Row-level security on cohort: who reads and writes which rows.
ALTER TABLE cohort ENABLE ROW LEVEL SECURITY;
ALTER TABLE cohort FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS cohort_funder_read ON cohort;
CREATE POLICY cohort_funder_read ON cohort FOR SELECT TO parcours_app
    USING ((((SELECT parcours_current_role()) = 'funder'::text) AND parcours_funder_covers_operator(operator_id)));

DROP POLICY IF EXISTS cohort_owner ON cohort;
CREATE POLICY cohort_owner ON cohort FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS cohort_read ON cohort;
CREATE POLICY cohort_read ON cohort FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));

DROP POLICY IF EXISTS cohort_write ON cohort;
CREATE POLICY cohort_write ON cohort FOR ALL TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())))
    WITH CHECK (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())));
