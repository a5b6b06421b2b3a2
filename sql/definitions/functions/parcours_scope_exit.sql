-- Each page's people who left in the period (parcours_scope_journey's pages), with the journey they
-- left last and, `with_entry`, their entry in the page (parcours_scope_period): from the journeys
-- closed in the period, not from every journey of the page — a quarter's exits are 5 % of a
-- network's journeys, and a dashboard asks for them a dozen times.
DROP FUNCTION IF EXISTS parcours_scope_exit(bigint, bigint, bigint, bigint, bigint, date, date);
DROP FUNCTION IF EXISTS parcours_scope_exit(jsonb, date, date);
CREATE OR REPLACE FUNCTION parcours_scope_exit(pages jsonb, from_date date, to_date date, with_entry boolean)
    RETURNS TABLE (page integer, carrier_id bigint, journey_id bigint, outcome text, opened_on date, closed_on date, entry_on date)
    LANGUAGE sql STABLE ROWS 1000
    -- not inlined: see parcours_scope_journey
    SET jit = off AS $$
    SELECT DISTINCT ON (j.page, j.carrier_id) j.page, j.carrier_id, j.journey_id, j.phase, j.opened_on, j.closed_on, j.entry_on
    FROM parcours_scope_period(pages, from_date, to_date, 'closed', with_entry) AS j
    ORDER BY j.page, j.carrier_id, j.closed_on DESC, j.journey_id DESC
$$;
REVOKE ALL ON FUNCTION parcours_scope_exit(jsonb, date, date, boolean) FROM PUBLIC, parcours_app;
