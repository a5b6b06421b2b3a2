-- Row-level security on staff: who reads and writes which rows.
ALTER TABLE staff ENABLE ROW LEVEL SECURITY;
ALTER TABLE staff FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS staff_owner ON staff;
CREATE POLICY staff_owner ON staff FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS staff_read ON staff;
CREATE POLICY staff_read ON staff FOR SELECT TO parcours_app
    USING (((id = (SELECT parcours_current_staff())) OR (operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));

DROP POLICY IF EXISTS staff_write ON staff;
CREATE POLICY staff_write ON staff FOR ALL TO parcours_app
    USING (((SELECT parcours_writes_all()) OR (((SELECT parcours_current_role()) = 'coordinator'::text) AND (operator_id = (SELECT parcours_current_operator())))))
    WITH CHECK (((SELECT parcours_writes_all()) OR (((SELECT parcours_current_role()) = 'coordinator'::text) AND (operator_id = (SELECT parcours_current_operator())) AND (role = ANY (ARRAY['counsellor'::text, 'coordinator'::text])))));
