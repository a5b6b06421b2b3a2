-- Row-level security on journey_event_correction: who reads which rows (only
-- parcours_withdraw_last_step writes them).
ALTER TABLE journey_event_correction ENABLE ROW LEVEL SECURITY;
ALTER TABLE journey_event_correction FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS journey_event_correction_caseload ON journey_event_correction;
CREATE POLICY journey_event_correction_caseload ON journey_event_correction AS RESTRICTIVE FOR ALL TO parcours_app
    USING ((((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'::text) OR parcours_follows_journey(journey_id)))
    WITH CHECK ((((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'::text) OR parcours_follows_journey(journey_id)));

DROP POLICY IF EXISTS journey_event_correction_owner ON journey_event_correction;
CREATE POLICY journey_event_correction_owner ON journey_event_correction FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS journey_event_correction_read ON journey_event_correction;
CREATE POLICY journey_event_correction_read ON journey_event_correction FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));
