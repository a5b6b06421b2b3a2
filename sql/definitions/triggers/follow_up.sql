-- The triggers of follow_up.

-- The acting staff member, set only when the row names another: a statement that names the
-- verified one (an import's profiles) does not verify the seal again for each row. The claim's
-- text is only a hint here (altered, its seal no longer verifies: nobody acts).
CREATE OR REPLACE TRIGGER follow_up_acting_staff BEFORE INSERT ON follow_up FOR EACH ROW WHEN (new.staff_id IS DISTINCT FROM (nullif(split_part(current_setting('parcours.identity', true), '|', 1), ''))::bigint) EXECUTE FUNCTION parcours_set_acting_staff();

-- A situation at exit recorded, corrected or removed: the person's data quality.
CREATE OR REPLACE TRIGGER follow_up_participant_quality_insert AFTER INSERT ON follow_up REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION participant_quality_follows();

CREATE OR REPLACE TRIGGER follow_up_participant_quality_update AFTER UPDATE ON follow_up REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION participant_quality_follows();

CREATE OR REPLACE TRIGGER follow_up_participant_quality_delete AFTER DELETE ON follow_up REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION participant_quality_follows();
