-- A statement's journey events are checked together once it has written them, and stamped by a
-- row trigger only when they do not name who records them (journey_event_stamp and
-- journey_event_checked, sql/definitions): the three triggers of each event and their functions go.
DROP TRIGGER IF EXISTS journey_event_before_insert ON journey_event;
DROP TRIGGER IF EXISTS journey_event_guards ON journey_event;
DROP TRIGGER IF EXISTS journey_event_after_insert ON journey_event;
DROP FUNCTION IF EXISTS journey_event_before_insert();
DROP FUNCTION IF EXISTS journey_event_guards();
DROP FUNCTION IF EXISTS journey_event_after_insert();
