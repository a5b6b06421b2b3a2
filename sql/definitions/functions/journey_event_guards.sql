CREATE OR REPLACE FUNCTION journey_event_guards() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    refusal text;
BEGIN
    refusal := parcours_guard_refusal(NEW.journey_id, NEW.kind, NEW.from_state, NEW.to_state, NEW.effective_on);
    IF refusal IS NOT NULL THEN
        RAISE EXCEPTION 'journey % %', NEW.journey_id, refusal USING ERRCODE = 'PA001';
    END IF;
    RETURN NEW;
END
$$;
