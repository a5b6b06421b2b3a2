-- Each journey's stays in its phases — from one phase change to the next, the last one still
-- running (ended null) — read through each journey's own events (an index), whatever the report
-- calling it prefers: hashed, a quarter's changed journeys read the whole event log.
CREATE OR REPLACE FUNCTION parcours_journey_stays(journeys bigint[])
    RETURNS TABLE (journey_id bigint, stage text, began date, ended date)
    LANGUAGE sql STABLE ROWS 10000
    SET jit = off SET enable_nestloop = on AS $$
    SELECT ev.journey_id, ev.to_state, ev.effective_on, lead(ev.effective_on) OVER (PARTITION BY ev.journey_id ORDER BY ev.seq)
    FROM unnest(journeys) AS j (id)
    JOIN public.journey_event AS ev ON ev.journey_id = j.id
$$;
REVOKE ALL ON FUNCTION parcours_journey_stays(bigint[]) FROM PUBLIC, parcours_app;
