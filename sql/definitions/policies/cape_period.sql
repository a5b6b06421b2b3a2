-- Row-level security on cape_period: who reads and writes which rows.
ALTER TABLE cape_period ENABLE ROW LEVEL SECURITY;
ALTER TABLE cape_period FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS cape_period_owner ON cape_period;
CREATE POLICY cape_period_owner ON cape_period FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS cape_period_read ON cape_period;
CREATE POLICY cape_period_read ON cape_period FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));

DROP POLICY IF EXISTS cape_period_write ON cape_period;
CREATE POLICY cape_period_write ON cape_period FOR ALL TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())))
    WITH CHECK (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())));
