-- An erasure rewrites the reasons of its events: the only change history ever takes.
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
    RAISE EXCEPTION 'journey_event is append-only: a recorded event is never changed or removed'
        USING ERRCODE = 'PA001';
END
$$;
