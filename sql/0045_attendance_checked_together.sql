-- Attendance lines are checked together once a statement wrote them, whether recorded or
-- corrected (attendance_checked, sql/definitions): the two row triggers of each line go.
DROP TRIGGER attendance_check ON attendance;
DROP TRIGGER attendance_is_fact ON attendance;
DROP FUNCTION attendance_check();
DROP FUNCTION attendance_is_fact();
