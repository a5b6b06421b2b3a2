-- The triggers of journey.

CREATE OR REPLACE TRIGGER journey_before_insert BEFORE INSERT ON journey FOR EACH ROW EXECUTE FUNCTION journey_before_insert();

CREATE OR REPLACE TRIGGER journey_before_update BEFORE UPDATE ON journey FOR EACH ROW EXECUTE FUNCTION journey_before_update();

CREATE OR REPLACE TRIGGER journey_entry_deleted AFTER DELETE ON journey REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION journey_entry_follows();

CREATE OR REPLACE TRIGGER journey_entry_inserted AFTER INSERT ON journey REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION journey_entry_follows();

CREATE OR REPLACE TRIGGER journey_entry_updated AFTER UPDATE ON journey REFERENCING OLD TABLE AS removed NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION journey_entry_follows();
