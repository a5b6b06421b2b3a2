-- Row-level security on attendance: who reads and writes which rows.
ALTER TABLE attendance ENABLE ROW LEVEL SECURITY;
ALTER TABLE attendance FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS attendance_caseload ON attendance;
CREATE POLICY attendance_caseload ON attendance AS RESTRICTIVE FOR ALL TO parcours_app
    USING ((((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'::text) OR parcours_follows_journey(journey_id)))
    WITH CHECK ((((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'::text) OR parcours_follows_journey(journey_id)));

DROP POLICY IF EXISTS attendance_owner ON attendance;
CREATE POLICY attendance_owner ON attendance FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS attendance_read ON attendance;
CREATE POLICY attendance_read ON attendance FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));

DROP POLICY IF EXISTS attendance_write ON attendance;
CREATE POLICY attendance_write ON attendance FOR ALL TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())))
    WITH CHECK (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())));
