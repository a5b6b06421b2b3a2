-- Row-level security on questionnaire_link: who reads which rows.
ALTER TABLE questionnaire_link ENABLE ROW LEVEL SECURITY;
ALTER TABLE questionnaire_link FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS questionnaire_link_owner ON questionnaire_link;
CREATE POLICY questionnaire_link_owner ON questionnaire_link FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS questionnaire_link_read ON questionnaire_link;
CREATE POLICY questionnaire_link_read ON questionnaire_link FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));
