-- Row-level security on journey: who reads and writes which rows.
ALTER TABLE journey ENABLE ROW LEVEL SECURITY;
ALTER TABLE journey FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS journey_caseload ON journey;
CREATE POLICY journey_caseload ON journey AS RESTRICTIVE FOR ALL TO parcours_app
    USING ((((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'::text) OR parcours_follows_carrier(carrier_id)))
    WITH CHECK ((((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'::text) OR parcours_follows_carrier(carrier_id)));

DROP POLICY IF EXISTS journey_owner ON journey;
CREATE POLICY journey_owner ON journey FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS journey_read ON journey;
CREATE POLICY journey_read ON journey FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));

DROP POLICY IF EXISTS journey_write ON journey;
CREATE POLICY journey_write ON journey FOR ALL TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())))
    WITH CHECK (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())));
