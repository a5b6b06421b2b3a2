-- Row-level security on cape_turnover: who reads and writes which rows.
ALTER TABLE cape_turnover ENABLE ROW LEVEL SECURITY;
ALTER TABLE cape_turnover FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS cape_turnover_owner ON cape_turnover;
CREATE POLICY cape_turnover_owner ON cape_turnover FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS cape_turnover_read ON cape_turnover;
CREATE POLICY cape_turnover_read ON cape_turnover FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));

DROP POLICY IF EXISTS cape_turnover_write ON cape_turnover;
CREATE POLICY cape_turnover_write ON cape_turnover FOR ALL TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())))
    WITH CHECK (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())));
