-- Tenancy: each transaction runs as parcours_app (SET LOCAL ROLE) with the acting staff member
-- in the setting parcours.staff_id (set by parcours_act_as, i.e. SET LOCAL). Policies derive the
-- role and operator from that staff row. No staff set → every policy is false: fails closed.
--
-- Roles: counsellor and coordinator read and write their own operator; network reads everything
-- and writes nothing; admin reads and writes everything; funder sees no personal rows here.

CREATE FUNCTION parcours_current_staff() RETURNS bigint
    LANGUAGE sql STABLE
    RETURN nullif(current_setting('parcours.staff_id', true), '')::bigint;

-- SECURITY DEFINER: the policies of `staff` must not apply while resolving who is acting.
CREATE FUNCTION parcours_current_role() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    RETURN (SELECT role FROM staff WHERE id = parcours_current_staff() AND active);

-- The operator whose rows the acting staff member may read and write (counsellor, coordinator).
CREATE FUNCTION parcours_current_operator() RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    RETURN (SELECT operator_id FROM staff
            WHERE id = parcours_current_staff() AND active AND role IN ('counsellor', 'coordinator'));

CREATE FUNCTION parcours_reads_all() RETURNS boolean
    LANGUAGE sql STABLE
    RETURN coalesce(parcours_current_role() IN ('network', 'admin'), false);

CREATE FUNCTION parcours_writes_all() RETURNS boolean
    LANGUAGE sql STABLE
    RETURN coalesce(parcours_current_role() = 'admin', false);

-- Who recorded an event, for a history that is visible: a counsellor reads that the administrator
-- or a colleague acted even though their staff rows are not theirs to list. Any acting staff only.
CREATE FUNCTION parcours_staff_email(staff_id bigint) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    RETURN (SELECT email FROM staff WHERE id = staff_id AND parcours_current_role() IS NOT NULL);

-- Sets the acting staff member for the current transaction (SET LOCAL semantics) and returns
-- who that is; an unknown or inactive e-mail is refused.
CREATE FUNCTION parcours_act_as(acting_email text)
    RETURNS TABLE (acting_staff_id bigint, acting_operator_id bigint, acting_role text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    found_staff record;
BEGIN
    SELECT s.id, s.operator_id, s.role INTO found_staff
    FROM staff AS s WHERE lower(s.email) = lower(acting_email) AND s.active;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no active staff member has the e-mail ''%''', acting_email USING ERRCODE = 'PA401';
    END IF;
    PERFORM set_config('parcours.staff_id', found_staff.id::text, true);
    RETURN QUERY SELECT found_staff.id, found_staff.operator_id, found_staff.role;
END
$$;

-- The functions above run as their owner; if that owner is not a superuser, FORCE ROW LEVEL
-- SECURITY applies to it too, so it gets to read staff for identity lookups only.
ALTER TABLE staff ENABLE ROW LEVEL SECURITY;
ALTER TABLE staff FORCE ROW LEVEL SECURITY;
CREATE POLICY staff_identity_lookup ON staff FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY staff_read ON staff FOR SELECT TO parcours_app
    USING (id = (SELECT parcours_current_staff())
           OR operator_id = (SELECT parcours_current_operator())
           OR (SELECT parcours_reads_all()));
-- Coordinators manage their operator's counsellors and coordinators; the admin manages everyone.
CREATE POLICY staff_write ON staff FOR ALL TO parcours_app
    USING ((SELECT parcours_writes_all())
           OR ((SELECT parcours_current_role()) = 'coordinator' AND operator_id = (SELECT parcours_current_operator())))
    WITH CHECK ((SELECT parcours_writes_all())
           OR ((SELECT parcours_current_role()) = 'coordinator' AND operator_id = (SELECT parcours_current_operator())
               AND role IN ('counsellor', 'coordinator')));

ALTER TABLE operator ENABLE ROW LEVEL SECURITY;
ALTER TABLE operator FORCE ROW LEVEL SECURITY;
CREATE POLICY operator_read ON operator FOR SELECT TO parcours_app
    USING (id = (SELECT parcours_current_operator()) OR (SELECT parcours_reads_all()));
CREATE POLICY operator_write ON operator FOR ALL TO parcours_app
    USING ((SELECT parcours_writes_all())) WITH CHECK ((SELECT parcours_writes_all()));

-- Territories are shared reference data: every acting staff member reads them, the admin edits them.
ALTER TABLE territory ENABLE ROW LEVEL SECURITY;
ALTER TABLE territory FORCE ROW LEVEL SECURITY;
CREATE POLICY territory_read ON territory FOR SELECT TO parcours_app
    USING ((SELECT parcours_current_role()) IS NOT NULL);
CREATE POLICY territory_write ON territory FOR ALL TO parcours_app
    USING ((SELECT parcours_writes_all())) WITH CHECK ((SELECT parcours_writes_all()));

ALTER TABLE operator_territory ENABLE ROW LEVEL SECURITY;
ALTER TABLE operator_territory FORCE ROW LEVEL SECURITY;
CREATE POLICY operator_territory_read ON operator_territory FOR SELECT TO parcours_app
    USING ((SELECT parcours_current_role()) IS NOT NULL);
CREATE POLICY operator_territory_write ON operator_territory FOR ALL TO parcours_app
    USING ((SELECT parcours_writes_all())) WITH CHECK ((SELECT parcours_writes_all()));

-- Tenant tables: the operator's own staff read and write; network and admin read all; admin writes all.
ALTER TABLE programme ENABLE ROW LEVEL SECURITY;
ALTER TABLE programme FORCE ROW LEVEL SECURITY;
CREATE POLICY programme_read ON programme FOR SELECT TO parcours_app
    USING (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_reads_all()));
CREATE POLICY programme_write ON programme FOR ALL TO parcours_app
    USING (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_writes_all()))
    WITH CHECK (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_writes_all()));

ALTER TABLE cohort ENABLE ROW LEVEL SECURITY;
ALTER TABLE cohort FORCE ROW LEVEL SECURITY;
CREATE POLICY cohort_read ON cohort FOR SELECT TO parcours_app
    USING (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_reads_all()));
CREATE POLICY cohort_write ON cohort FOR ALL TO parcours_app
    USING (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_writes_all()))
    WITH CHECK (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_writes_all()));

ALTER TABLE carrier ENABLE ROW LEVEL SECURITY;
ALTER TABLE carrier FORCE ROW LEVEL SECURITY;
CREATE POLICY carrier_read ON carrier FOR SELECT TO parcours_app
    USING (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_reads_all()));
CREATE POLICY carrier_write ON carrier FOR ALL TO parcours_app
    USING (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_writes_all()))
    WITH CHECK (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_writes_all()));

ALTER TABLE journey ENABLE ROW LEVEL SECURITY;
ALTER TABLE journey FORCE ROW LEVEL SECURITY;
CREATE POLICY journey_read ON journey FOR SELECT TO parcours_app
    USING (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_reads_all()));
CREATE POLICY journey_write ON journey FOR ALL TO parcours_app
    USING (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_writes_all()))
    WITH CHECK (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_writes_all()));

ALTER TABLE journey_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE journey_event FORCE ROW LEVEL SECURITY;
CREATE POLICY journey_event_read ON journey_event FOR SELECT TO parcours_app
    USING (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_reads_all()));
CREATE POLICY journey_event_append ON journey_event FOR INSERT TO parcours_app
    WITH CHECK (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_writes_all()));

-- Privileges: no DELETE anywhere but the coverage links, journey_event is INSERT-only.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO parcours_app;
GRANT SELECT, INSERT, UPDATE ON operator, territory, staff, programme, cohort, carrier, journey TO parcours_app;
GRANT SELECT, INSERT, DELETE ON operator_territory TO parcours_app;
GRANT SELECT, INSERT ON journey_event TO parcours_app;
GRANT SELECT ON schema_migrations TO parcours_app;
REVOKE ALL ON FUNCTION parcours_act_as(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION parcours_act_as(text) TO parcours_app;
