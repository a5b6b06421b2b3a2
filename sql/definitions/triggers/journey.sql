-- The triggers of journey.

CREATE OR REPLACE TRIGGER journey_before_insert BEFORE INSERT ON journey FOR EACH ROW EXECUTE FUNCTION journey_before_insert();

CREATE OR REPLACE TRIGGER journey_before_update BEFORE UPDATE ON journey FOR EACH ROW EXECUTE FUNCTION journey_before_update();
