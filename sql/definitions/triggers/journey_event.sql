-- The triggers of journey_event.

CREATE OR REPLACE TRIGGER journey_event_after_insert AFTER INSERT ON journey_event REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION journey_event_after_insert();

CREATE OR REPLACE TRIGGER journey_event_append_only BEFORE DELETE OR UPDATE ON journey_event FOR EACH ROW EXECUTE FUNCTION journey_event_append_only();

CREATE OR REPLACE TRIGGER journey_event_before_insert BEFORE INSERT ON journey_event FOR EACH ROW EXECUTE FUNCTION journey_event_before_insert();

CREATE OR REPLACE TRIGGER journey_event_guards BEFORE INSERT ON journey_event FOR EACH ROW EXECUTE FUNCTION journey_event_guards();

CREATE OR REPLACE TRIGGER journey_event_no_truncate BEFORE TRUNCATE ON journey_event FOR EACH STATEMENT EXECUTE FUNCTION journey_event_append_only();
