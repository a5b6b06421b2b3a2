-- The triggers of journey_event.

CREATE OR REPLACE TRIGGER journey_event_after_insert AFTER INSERT ON journey_event REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION journey_event_after_insert();

CREATE OR REPLACE TRIGGER journey_event_append_only BEFORE DELETE OR UPDATE ON journey_event FOR EACH ROW EXECUTE FUNCTION journey_event_append_only();

CREATE OR REPLACE TRIGGER journey_event_before_insert BEFORE INSERT ON journey_event FOR EACH ROW EXECUTE FUNCTION journey_event_before_insert();

-- Only for the steps a record guards (parcours_guard_refusal's own first test; from_state as
-- journey_event_before_insert set it, which fires first): an opening, most advances and pauses
-- call no owner's function (a history import's events 15 % faster).
CREATE OR REPLACE TRIGGER journey_event_guards BEFORE INSERT ON journey_event FOR EACH ROW WHEN ((new.kind IN ('advance', 'rework') AND (new.to_state IN ('incubation', 'orientation') OR new.from_state = 'pitch')) OR (new.kind = 'exit' AND new.to_state IN ('handed_on', 'activity_created'))) EXECUTE FUNCTION journey_event_guards();

CREATE OR REPLACE TRIGGER journey_event_no_truncate BEFORE TRUNCATE ON journey_event FOR EACH STATEMENT EXECUTE FUNCTION journey_event_append_only();
