-- An erasure rewrites the reasons of its events: the only change history ever takes. A step
-- leaves the log only once kept whole, with why, in journey_event_correction (`journey correct`,
-- parcours_withdraw_last_step).
CREATE OR REPLACE FUNCTION journey_event_append_only() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.reason = parcours_erased()
       AND (NEW.id, NEW.operator_id, NEW.journey_id, NEW.seq, NEW.kind, NEW.from_state, NEW.to_state, NEW.effective_on,
            NEW.recorded_at, NEW.staff_id)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.operator_id, OLD.journey_id, OLD.seq, OLD.kind, OLD.from_state, OLD.to_state, OLD.effective_on,
            OLD.recorded_at, OLD.staff_id) THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' AND EXISTS (
        SELECT FROM public.journey_event_correction AS c
        WHERE c.event_id = OLD.id AND c.operator_id = OLD.operator_id AND c.journey_id = OLD.journey_id AND c.seq = OLD.seq
          AND (c.kind, c.from_state, c.to_state, c.effective_on, c.recorded_at, c.staff_id, c.reason)
              IS NOT DISTINCT FROM (OLD.kind, OLD.from_state, OLD.to_state, OLD.effective_on, OLD.recorded_at, OLD.staff_id, OLD.reason)) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'journey_event is append-only: a recorded event is never changed or removed'
        USING ERRCODE = 'PA001';
END
$$;
