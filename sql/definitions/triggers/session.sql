-- The triggers of session.

-- A session moved to another day: the data quality of the people present at it.
CREATE OR REPLACE TRIGGER session_participant_quality AFTER UPDATE ON session FOR EACH ROW WHEN (old.starts_at IS DISTINCT FROM new.starts_at) EXECUTE FUNCTION participant_quality_follows();

-- Whether the session has a line of attendance is attendance's: a login's statement keeps it.
CREATE OR REPLACE TRIGGER session_attendance_kept BEFORE UPDATE ON session FOR EACH ROW WHEN (pg_trigger_depth() = 0 AND old.attendance_recorded IS DISTINCT FROM new.attendance_recorded) EXECUTE FUNCTION attendance_facts_follow();

-- A session moved to another day: the day its people were last at a session.
CREATE OR REPLACE TRIGGER session_facts AFTER UPDATE ON session FOR EACH ROW WHEN (old.starts_at IS DISTINCT FROM new.starts_at) EXECUTE FUNCTION attendance_facts_follow();
