-- Each page's people who left in the period, with the journey they left last and their entry in
-- the page (their first journey's opening), read together (parcours_scope_journey's pages).
DROP FUNCTION IF EXISTS parcours_scope_exit(bigint, bigint, bigint, bigint, bigint, date, date);
DROP FUNCTION IF EXISTS parcours_scope_exit(jsonb, date, date);
CREATE OR REPLACE FUNCTION parcours_scope_exit(pages jsonb, from_date date, to_date date)
    RETURNS TABLE (page integer, carrier_id bigint, journey_id bigint, outcome text, opened_on date, closed_on date, entry_on date)
    LANGUAGE sql STABLE ROWS 1000
    -- not inlined: see parcours_scope_journey
    SET jit = off AS $$
    SELECT DISTINCT ON (j.page, j.carrier_id) j.page, j.carrier_id, j.journey_id, j.phase, j.opened_on, j.closed_on, j.entry_on
    FROM (SELECT s.*, min(s.opened_on) OVER (PARTITION BY s.page, s.carrier_id) AS entry_on
          FROM parcours_scope_journey(pages) AS s) AS j
    WHERE j.closed_on BETWEEN from_date AND to_date
    ORDER BY j.page, j.carrier_id, j.closed_on DESC, j.journey_id DESC
$$;
REVOKE ALL ON FUNCTION parcours_scope_exit(jsonb, date, date) FROM PUBLIC, parcours_app;
