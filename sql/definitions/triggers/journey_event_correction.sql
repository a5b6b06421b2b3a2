-- The triggers of journey_event_correction.

CREATE OR REPLACE TRIGGER journey_event_correction_kept BEFORE DELETE OR UPDATE ON journey_event_correction FOR EACH ROW EXECUTE FUNCTION journey_event_correction_kept();

CREATE OR REPLACE TRIGGER journey_event_correction_no_truncate BEFORE TRUNCATE ON journey_event_correction FOR EACH STATEMENT EXECUTE FUNCTION journey_event_correction_kept();

-- A constraint trigger cannot be replaced in place (CREATE OR REPLACE): dropped and made again.
DROP TRIGGER IF EXISTS journey_event_correction_replaced ON journey_event_correction;
CREATE CONSTRAINT TRIGGER journey_event_correction_replaced AFTER INSERT ON journey_event_correction DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journey_event_correction_replaced();
