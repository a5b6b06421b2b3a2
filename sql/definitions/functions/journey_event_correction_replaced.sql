-- At commit, a step corrected (not cancelled) has its replacement recorded at its place: a
-- correction never silently becomes a cancellation.
CREATE OR REPLACE FUNCTION journey_event_correction_replaced() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT NEW.cancelled AND NOT EXISTS (
        SELECT FROM public.journey_event AS e WHERE e.journey_id = NEW.journey_id AND e.seq = NEW.seq AND e.kind = NEW.kind) THEN
        RAISE EXCEPTION 'journey %: step % was withdrawn to be corrected, and no corrected step was recorded in its place',
            NEW.journey_id, NEW.seq
            USING ERRCODE = 'PA001';
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION journey_event_correction_replaced() FROM PUBLIC, parcours_app;
