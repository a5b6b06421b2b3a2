-- Row-level security on jury_decision: who reads and writes which rows.
ALTER TABLE jury_decision ENABLE ROW LEVEL SECURITY;
ALTER TABLE jury_decision FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS jury_decision_caseload ON jury_decision;
CREATE POLICY jury_decision_caseload ON jury_decision AS RESTRICTIVE FOR ALL TO parcours_app
    USING ((((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'::text) OR parcours_follows_journey(journey_id)))
    WITH CHECK ((((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'::text) OR parcours_follows_journey(journey_id)));

DROP POLICY IF EXISTS jury_decision_owner ON jury_decision;
CREATE POLICY jury_decision_owner ON jury_decision FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS jury_decision_read ON jury_decision;
CREATE POLICY jury_decision_read ON jury_decision FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));

DROP POLICY IF EXISTS jury_decision_write ON jury_decision;
CREATE POLICY jury_decision_write ON jury_decision FOR ALL TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())))
    WITH CHECK (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())));
