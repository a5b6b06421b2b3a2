-- The triggers of attendance.

CREATE OR REPLACE TRIGGER attendance_check BEFORE INSERT OR UPDATE ON attendance FOR EACH ROW EXECUTE FUNCTION attendance_check();

CREATE OR REPLACE TRIGGER attendance_is_fact BEFORE INSERT OR UPDATE ON attendance FOR EACH ROW EXECUTE FUNCTION attendance_is_fact();
