-- The triggers of journey.

CREATE OR REPLACE TRIGGER journey_before_insert BEFORE INSERT ON journey FOR EACH ROW EXECUTE FUNCTION journey_before_insert();

-- Not for the journeys journey_event_checked updates from the events it has just checked (a
-- statement inside a trigger, pg_trigger_depth() > 0, that leaves who, what and since when as they
-- were): re-reading each one's latest event cost a history import's round 0.7 s in 20,000. A
-- login's own statements run at depth 0 (it creates no trigger: no table, no temporary table).
CREATE OR REPLACE TRIGGER journey_before_update BEFORE UPDATE ON journey FOR EACH ROW WHEN (pg_trigger_depth() = 0 OR (new.operator_id, new.carrier_id, new.programme_id, new.opened_on) IS DISTINCT FROM (old.operator_id, old.carrier_id, old.programme_id, old.opened_on)) EXECUTE FUNCTION journey_before_update();

CREATE OR REPLACE TRIGGER journey_entry_deleted AFTER DELETE ON journey REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION journey_entry_follows();

CREATE OR REPLACE TRIGGER journey_entry_inserted AFTER INSERT ON journey REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION journey_entry_follows();

CREATE OR REPLACE TRIGGER journey_entry_updated AFTER UPDATE OF carrier_id, opened_on ON journey FOR EACH ROW WHEN (old.carrier_id IS DISTINCT FROM new.carrier_id OR old.opened_on IS DISTINCT FROM new.opened_on) EXECUTE FUNCTION journey_entry_follows();

-- Journeys added or removed, once a statement; a journey's dates, agreement, person or outcome
-- changed, for each such row only (a change of phase alone changes no participant file, and a
-- history import's rounds change thousands).
CREATE OR REPLACE TRIGGER journey_participant_quality_insert AFTER INSERT ON journey REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION participant_quality_follows();

CREATE OR REPLACE TRIGGER journey_participant_quality_delete AFTER DELETE ON journey REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION participant_quality_follows();

CREATE OR REPLACE TRIGGER journey_participant_quality_update AFTER UPDATE ON journey FOR EACH ROW WHEN ((old.opened_on, old.closed_on, old.carrier_id, old.operator_id, old.programme_id, old.cohort_id) IS DISTINCT FROM (new.opened_on, new.closed_on, new.carrier_id, new.operator_id, new.programme_id, new.cohort_id) OR (new.closed_on IS NOT NULL AND old.phase IS DISTINCT FROM new.phase)) EXECUTE FUNCTION participant_quality_follows();
