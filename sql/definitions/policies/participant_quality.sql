-- Row-level security on participant_quality: read as the people it describes are read; written
-- only by the schema's owner (parcours_refresh_participant_quality).
ALTER TABLE participant_quality ENABLE ROW LEVEL SECURITY;
ALTER TABLE participant_quality FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS participant_quality_caseload ON participant_quality;
CREATE POLICY participant_quality_caseload ON participant_quality AS RESTRICTIVE FOR SELECT TO parcours_app
    USING ((((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'::text) OR parcours_follows_carrier(carrier_id)));

DROP POLICY IF EXISTS participant_quality_owner ON participant_quality;
CREATE POLICY participant_quality_owner ON participant_quality FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS participant_quality_read ON participant_quality;
CREATE POLICY participant_quality_read ON participant_quality FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));
