-- Row-level security on intake: who reads and writes which rows.
ALTER TABLE intake ENABLE ROW LEVEL SECURITY;
ALTER TABLE intake FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS intake_caseload ON intake;
CREATE POLICY intake_caseload ON intake AS RESTRICTIVE FOR ALL TO parcours_app
    USING ((((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'::text) OR (carrier_id IS NULL) OR parcours_follows_carrier(carrier_id)))
    WITH CHECK ((((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'::text) OR (carrier_id IS NULL) OR parcours_follows_carrier(carrier_id)));

DROP POLICY IF EXISTS intake_owner ON intake;
CREATE POLICY intake_owner ON intake FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS intake_read ON intake;
CREATE POLICY intake_read ON intake FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));

DROP POLICY IF EXISTS intake_write ON intake;
CREATE POLICY intake_write ON intake FOR ALL TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())))
    WITH CHECK (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())));
