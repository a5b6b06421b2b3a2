-- The triggers of attendance.

-- A line recorded: stamped with who recorded it (only when it does not already name the acting
-- staff member and the transaction's time), then every line of the statement checked together.
CREATE OR REPLACE TRIGGER attendance_stamp BEFORE INSERT ON attendance FOR EACH ROW WHEN (new.staff_id IS DISTINCT FROM nullif(split_part(current_setting('parcours.identity', true), '|', 1), '')::bigint OR new.recorded_at IS DISTINCT FROM now()) EXECUTE FUNCTION attendance_stamp();

CREATE OR REPLACE TRIGGER attendance_checked AFTER INSERT ON attendance REFERENCING NEW TABLE AS new_attendance FOR EACH STATEMENT EXECUTE FUNCTION attendance_checked();

-- A line corrected, one at a time.
CREATE OR REPLACE TRIGGER attendance_check BEFORE UPDATE ON attendance FOR EACH ROW EXECUTE FUNCTION attendance_check();

CREATE OR REPLACE TRIGGER attendance_is_fact BEFORE UPDATE ON attendance FOR EACH ROW EXECUTE FUNCTION attendance_is_fact();
