-- The journey's cached state follows its events. SECURITY DEFINER (see journey_event_before_insert:
-- the event it follows was checked against the actor there, and passed journey_event's policies).
CREATE OR REPLACE FUNCTION journey_event_after_insert() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    UPDATE public.journey
    SET phase = NEW.to_state,
        paused_from = CASE WHEN NEW.kind = 'pause' THEN NEW.from_state END,
        version = NEW.seq,
        last_change_on = NEW.effective_on,
        closed_on = CASE WHEN NEW.kind = 'exit' THEN NEW.effective_on END
    WHERE id = NEW.journey_id;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION journey_event_after_insert() FROM PUBLIC, parcours_app;
