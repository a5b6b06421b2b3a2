-- A carrier's journeys in a programme, in one index: the attendance of a session import finds each
-- line's journey by both, and the planner combined the carrier's index with the programme's, which
-- reads all of a programme's journeys for every line (26,773 lines, 6.9 s for one operator).
CREATE INDEX journey_carrier_programme_idx ON journey (carrier_id, programme_id);
DROP INDEX journey_carrier_idx;
