-- Row-level security on funding_cohort: who reads and writes which rows.
ALTER TABLE funding_cohort ENABLE ROW LEVEL SECURITY;
ALTER TABLE funding_cohort FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS funding_cohort_funder_read ON funding_cohort;
CREATE POLICY funding_cohort_funder_read ON funding_cohort FOR SELECT TO parcours_app
    USING ((((SELECT parcours_current_role()) = 'funder'::text) AND parcours_funder_covers_operator(operator_id)));

DROP POLICY IF EXISTS funding_cohort_owner ON funding_cohort;
CREATE POLICY funding_cohort_owner ON funding_cohort FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS funding_cohort_read ON funding_cohort;
CREATE POLICY funding_cohort_read ON funding_cohort FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));

DROP POLICY IF EXISTS funding_cohort_write ON funding_cohort;
CREATE POLICY funding_cohort_write ON funding_cohort FOR ALL TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())))
    WITH CHECK (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())));
