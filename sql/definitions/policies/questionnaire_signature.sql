-- Row-level security on questionnaire_signature: who reads which rows (a funder reads the audit
-- pack's evidence through the pack's own functions, never this table).
ALTER TABLE questionnaire_signature ENABLE ROW LEVEL SECURITY;
ALTER TABLE questionnaire_signature FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS questionnaire_signature_caseload ON questionnaire_signature;
CREATE POLICY questionnaire_signature_caseload ON questionnaire_signature AS RESTRICTIVE FOR SELECT TO parcours_app
    USING ((((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'::text) OR parcours_follows_carrier(carrier_id)));

DROP POLICY IF EXISTS questionnaire_signature_owner ON questionnaire_signature;
CREATE POLICY questionnaire_signature_owner ON questionnaire_signature FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS questionnaire_signature_read ON questionnaire_signature;
CREATE POLICY questionnaire_signature_read ON questionnaire_signature FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));
