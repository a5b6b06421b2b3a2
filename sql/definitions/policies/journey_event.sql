-- Row-level security on journey_event: who reads and writes which rows.
ALTER TABLE journey_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE journey_event FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS journey_event_append ON journey_event;
CREATE POLICY journey_event_append ON journey_event FOR INSERT TO parcours_app
    WITH CHECK (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())));

DROP POLICY IF EXISTS journey_event_caseload ON journey_event;
CREATE POLICY journey_event_caseload ON journey_event AS RESTRICTIVE FOR ALL TO parcours_app
    USING ((((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'::text) OR parcours_follows_journey(journey_id)))
    WITH CHECK ((((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'::text) OR parcours_follows_journey(journey_id)));

DROP POLICY IF EXISTS journey_event_owner ON journey_event;
CREATE POLICY journey_event_owner ON journey_event FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS journey_event_read ON journey_event;
CREATE POLICY journey_event_read ON journey_event FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));
