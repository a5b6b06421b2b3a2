-- Who recorded (or corrected) an attendance line, and when: the verified identity and the transaction's time,
-- never a client's choice. Fires only for a line that does not already name them (its trigger's
-- WHEN reads the claim's text as a hint): an import names the acting staff member once for all its
-- lines, and attendance_checked verifies the claim for the whole statement.
CREATE OR REPLACE FUNCTION attendance_stamp() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    NEW.staff_id := parcours_current_staff();
    IF NEW.staff_id IS NULL THEN
        RAISE EXCEPTION 'attendance: no acting staff member is set for this transaction' USING ERRCODE = 'insufficient_privilege';
    END IF;
    NEW.recorded_at := now();
    RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION attendance_stamp() FROM PUBLIC, parcours_app;
