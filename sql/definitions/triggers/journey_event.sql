-- The triggers of journey_event.

-- An event recorded: stamped with who records it, when, its operator and the state it leaves
-- (only when it does not already name them: a bulk import names them for a round of thousands),
-- then every event of the statement checked together and its journeys updated once (a transition
-- table): one definition of a step's rules for single changes and imports alike.
CREATE OR REPLACE TRIGGER journey_event_stamp BEFORE INSERT ON journey_event FOR EACH ROW WHEN (new.staff_id IS DISTINCT FROM nullif(split_part(current_setting('parcours.identity', true), '|', 1), '')::bigint OR new.recorded_at IS DISTINCT FROM now() OR (new.kind <> 'open' AND new.from_state IS NULL)) EXECUTE FUNCTION journey_event_stamp();

CREATE OR REPLACE TRIGGER journey_event_checked AFTER INSERT ON journey_event REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION journey_event_checked();

CREATE OR REPLACE TRIGGER journey_event_append_only BEFORE DELETE OR UPDATE ON journey_event FOR EACH ROW EXECUTE FUNCTION journey_event_append_only();

CREATE OR REPLACE TRIGGER journey_event_no_truncate BEFORE TRUNCATE ON journey_event FOR EACH STATEMENT EXECUTE FUNCTION journey_event_append_only();
