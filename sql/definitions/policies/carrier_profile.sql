-- Row-level security on carrier_profile: who reads and writes which rows.
ALTER TABLE carrier_profile ENABLE ROW LEVEL SECURITY;
ALTER TABLE carrier_profile FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS carrier_profile_caseload ON carrier_profile;
CREATE POLICY carrier_profile_caseload ON carrier_profile AS RESTRICTIVE FOR SELECT TO parcours_app
    USING ((((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'::text) OR parcours_follows_carrier(carrier_id)));

DROP POLICY IF EXISTS carrier_profile_caseload_write ON carrier_profile;
CREATE POLICY carrier_profile_caseload_write ON carrier_profile AS RESTRICTIVE FOR INSERT TO parcours_app
    WITH CHECK ((((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'::text) OR parcours_follows_carrier(carrier_id)));

DROP POLICY IF EXISTS carrier_profile_owner ON carrier_profile;
CREATE POLICY carrier_profile_owner ON carrier_profile FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS carrier_profile_read ON carrier_profile;
CREATE POLICY carrier_profile_read ON carrier_profile FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));

DROP POLICY IF EXISTS carrier_profile_write ON carrier_profile;
CREATE POLICY carrier_profile_write ON carrier_profile FOR ALL TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())))
    WITH CHECK (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())));
