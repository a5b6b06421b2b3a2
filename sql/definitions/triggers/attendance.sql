-- The triggers of attendance.

-- A line recorded or corrected: stamped with who recorded it (only when it does not already name
-- the acting staff member and the transaction's time), then every line of the statement checked
-- together (a transition table takes one event: a trigger for each).
CREATE OR REPLACE TRIGGER attendance_stamp BEFORE INSERT OR UPDATE ON attendance FOR EACH ROW WHEN (new.staff_id IS DISTINCT FROM nullif(split_part(current_setting('parcours.identity', true), '|', 1), '')::bigint OR new.recorded_at IS DISTINCT FROM now()) EXECUTE FUNCTION attendance_stamp();

CREATE OR REPLACE TRIGGER attendance_checked AFTER INSERT ON attendance REFERENCING NEW TABLE AS new_attendance FOR EACH STATEMENT EXECUTE FUNCTION attendance_checked();

CREATE OR REPLACE TRIGGER attendance_rechecked AFTER UPDATE ON attendance REFERENCING NEW TABLE AS new_attendance FOR EACH STATEMENT EXECUTE FUNCTION attendance_checked();

-- The people whose presence changed: their data quality in their ESF+ agreements.
CREATE OR REPLACE TRIGGER attendance_participant_quality_insert AFTER INSERT ON attendance REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION participant_quality_follows();

CREATE OR REPLACE TRIGGER attendance_participant_quality_update AFTER UPDATE ON attendance REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION participant_quality_follows();

CREATE OR REPLACE TRIGGER attendance_participant_quality_delete AFTER DELETE ON attendance REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION participant_quality_follows();

-- What the worklist reads of attendance: the day each journey was last at a session, whether each
-- session has a line (journey.last_session_on, session.attendance_recorded).
CREATE OR REPLACE TRIGGER attendance_facts_insert AFTER INSERT ON attendance REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_facts_follow();

CREATE OR REPLACE TRIGGER attendance_facts_update AFTER UPDATE ON attendance REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_facts_follow();

CREATE OR REPLACE TRIGGER attendance_facts_delete AFTER DELETE ON attendance REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_facts_follow();
