-- The triggers of carrier.

CREATE OR REPLACE TRIGGER carrier_counsellor_check BEFORE INSERT OR UPDATE OF counsellor_id ON carrier FOR EACH ROW WHEN (new.counsellor_id IS NOT NULL) EXECUTE FUNCTION carrier_counsellor_check();

-- Only when a counsellor acts (the claim's text as a hint, verified by the function): an import
-- by anyone else does not verify the seal for each of its people.
CREATE OR REPLACE TRIGGER carrier_default_counsellor BEFORE INSERT ON carrier FOR EACH ROW WHEN (new.counsellor_id IS NULL AND split_part(current_setting('parcours.identity', true), '|', 2) = 'counsellor') EXECUTE FUNCTION carrier_default_counsellor();

CREATE OR REPLACE TRIGGER carrier_event_erased AFTER UPDATE OF first_name ON carrier FOR EACH ROW WHEN (new.first_name = parcours_erased() AND old.first_name IS DISTINCT FROM new.first_name) EXECUTE FUNCTION carrier_event_erased();

CREATE OR REPLACE TRIGGER carrier_stays_erased BEFORE UPDATE ON carrier FOR EACH ROW EXECUTE FUNCTION carrier_stays_erased();

CREATE OR REPLACE TRIGGER intake_carrier_erased AFTER UPDATE OF first_name ON carrier FOR EACH ROW WHEN (new.first_name = parcours_erased() AND old.first_name IS DISTINCT FROM new.first_name) EXECUTE FUNCTION intake_carrier_erased();

-- The entry data a participant file reads (or the person's operator): their data quality.
CREATE OR REPLACE TRIGGER carrier_participant_quality AFTER UPDATE ON carrier FOR EACH ROW WHEN ((old.gender, old.birth_date, old.commune_id, old.email, old.phone, old.operator_id) IS DISTINCT FROM (new.gender, new.birth_date, new.commune_id, new.email, new.phone, new.operator_id)) EXECUTE FUNCTION participant_quality_follows();
