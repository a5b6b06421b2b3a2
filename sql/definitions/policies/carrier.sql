-- Row-level security on carrier: who reads and writes which rows.
ALTER TABLE carrier ENABLE ROW LEVEL SECURITY;
ALTER TABLE carrier FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS carrier_caseload ON carrier;
CREATE POLICY carrier_caseload ON carrier AS RESTRICTIVE FOR ALL TO parcours_app
    USING ((((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'::text) OR (counsellor_id IS NULL) OR (counsellor_id = (SELECT parcours_current_staff()))))
    WITH CHECK ((((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'::text) OR (counsellor_id IS NULL) OR (counsellor_id = (SELECT parcours_current_staff()))));

DROP POLICY IF EXISTS carrier_owner ON carrier;
CREATE POLICY carrier_owner ON carrier FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS carrier_read ON carrier;
CREATE POLICY carrier_read ON carrier FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));

DROP POLICY IF EXISTS carrier_write ON carrier;
CREATE POLICY carrier_write ON carrier FOR ALL TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())))
    WITH CHECK (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())));
