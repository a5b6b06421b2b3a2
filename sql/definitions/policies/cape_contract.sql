-- Row-level security on cape_contract: who reads and writes which rows.
ALTER TABLE cape_contract ENABLE ROW LEVEL SECURITY;
ALTER TABLE cape_contract FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS cape_contract_caseload ON cape_contract;
CREATE POLICY cape_contract_caseload ON cape_contract AS RESTRICTIVE FOR ALL TO parcours_app
    USING ((((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'::text) OR parcours_follows_journey(journey_id)))
    WITH CHECK ((((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'::text) OR parcours_follows_journey(journey_id)));

DROP POLICY IF EXISTS cape_contract_owner ON cape_contract;
CREATE POLICY cape_contract_owner ON cape_contract FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS cape_contract_read ON cape_contract;
CREATE POLICY cape_contract_read ON cape_contract FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));

DROP POLICY IF EXISTS cape_contract_write ON cape_contract;
CREATE POLICY cape_contract_write ON cape_contract FOR ALL TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())))
    WITH CHECK (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())));
