-- Row-level security on dashboard_share: who reads and writes which rows.
ALTER TABLE dashboard_share ENABLE ROW LEVEL SECURITY;
ALTER TABLE dashboard_share FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS dashboard_share_owner ON dashboard_share;
CREATE POLICY dashboard_share_owner ON dashboard_share FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS dashboard_share_read ON dashboard_share;
CREATE POLICY dashboard_share_read ON dashboard_share FOR SELECT TO parcours_app
    USING (((staff_id = (SELECT parcours_current_staff())) OR (SELECT parcours_reads_all()) OR (((SELECT parcours_current_role()) = 'coordinator'::text) AND (operator_id = (SELECT parcours_current_operator())))));
