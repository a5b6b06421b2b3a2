-- The triggers of carrier_profile.

-- The acting staff member, set only when the row names another: a statement that names the
-- verified one (an import's profiles) does not verify the seal again for each row. The claim's
-- text is only a hint here (altered, its seal no longer verifies: nobody acts).
CREATE OR REPLACE TRIGGER carrier_profile_acting_staff BEFORE INSERT ON carrier_profile FOR EACH ROW WHEN (new.staff_id IS DISTINCT FROM (nullif(split_part(current_setting('parcours.identity', true), '|', 1), ''))::bigint) EXECUTE FUNCTION parcours_set_acting_staff();

-- An entry profile recorded, moved (a merge) or removed: the person's data quality.
CREATE OR REPLACE TRIGGER carrier_profile_participant_quality_insert AFTER INSERT ON carrier_profile REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION participant_quality_follows();

CREATE OR REPLACE TRIGGER carrier_profile_participant_quality_update AFTER UPDATE ON carrier_profile REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION participant_quality_follows();

CREATE OR REPLACE TRIGGER carrier_profile_participant_quality_delete AFTER DELETE ON carrier_profile REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION participant_quality_follows();
