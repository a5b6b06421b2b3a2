-- The journeys' cached state follows their events: once a statement, in one UPDATE from its new
-- events (a transition table), where a row trigger updated each journey after each event. A
-- statement changes a journey once (journey_event_before_insert checks each event against the
-- journey as the statement found it), so each journey takes its one new event. SECURITY DEFINER
-- (see journey_event_before_insert: every event was checked against the actor there, and passed
-- journey_event's policies).
CREATE OR REPLACE FUNCTION journey_event_after_insert() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    UPDATE public.journey AS j
    SET phase = e.to_state,
        paused_from = CASE WHEN e.kind = 'pause' THEN e.from_state END,
        version = e.seq,
        last_change_on = e.effective_on,
        closed_on = CASE WHEN e.kind = 'exit' THEN e.effective_on END
    FROM new_events AS e
    WHERE j.id = e.journey_id;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION journey_event_after_insert() FROM PUBLIC, parcours_app;
