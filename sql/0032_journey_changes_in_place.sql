-- A change of a journey (its phase, version, dates) rewrites the row in place — a HOT update, no
-- new entry in any of its eight indexes — when no indexed column changes and its page has room:
-- the index of an operator's journeys by phase is one by operator alone (a phase is filtered, never
-- looked up: an operator's journeys are a few thousand), and pages keep 15 % free.
CREATE INDEX journey_operator_idx ON journey (operator_id);
DROP INDEX journey_operator_phase_idx;
ALTER TABLE journey SET (fillfactor = 85);

-- parcours_journey_evidence returns a set of one row (sql/definitions/functions): inlined, planned
-- with the statement that calls it, no longer for every change.
DROP FUNCTION IF EXISTS parcours_journey_evidence(bigint, date);
