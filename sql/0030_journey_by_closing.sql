-- The journeys closed in a period, by index: a report's exits start from them
-- (parcours_scope_exit), not from every journey of its scope.
CREATE INDEX journey_closed_idx ON journey (closed_on) WHERE closed_on IS NOT NULL;
