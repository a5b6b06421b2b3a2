-- Row-level security on carrier_event: who reads and writes which rows.
ALTER TABLE carrier_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE carrier_event FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS carrier_event_caseload ON carrier_event;
CREATE POLICY carrier_event_caseload ON carrier_event AS RESTRICTIVE FOR ALL TO parcours_app
    USING ((((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'::text) OR parcours_follows_carrier(carrier_id)))
    WITH CHECK ((((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'::text) OR parcours_follows_carrier(carrier_id)));

DROP POLICY IF EXISTS carrier_event_owner ON carrier_event;
CREATE POLICY carrier_event_owner ON carrier_event FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS carrier_event_read ON carrier_event;
CREATE POLICY carrier_event_read ON carrier_event FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));

DROP POLICY IF EXISTS carrier_event_write ON carrier_event;
CREATE POLICY carrier_event_write ON carrier_event FOR INSERT TO parcours_app
    WITH CHECK (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())));
