-- The records a step needs (a CAPE, a jury's decision, a referral, the activity), looked up as the
-- schema's owner: SECURITY DEFINER (see journey_event_before_insert, which checked the journey
-- against the actor before this trigger runs).
CREATE OR REPLACE FUNCTION journey_event_guards() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    SET plan_cache_mode = force_generic_plan AS $$
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
REVOKE ALL ON FUNCTION journey_event_guards() FROM PUBLIC, parcours_app;
