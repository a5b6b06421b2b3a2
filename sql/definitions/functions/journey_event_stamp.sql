-- What the client of a single change may not choose — who records the event, when, its journey's
-- operator and the state it leaves — filled for an event that does not already name them (its
-- trigger's WHEN: `journey change`, the API). The journey is locked first, so two changes of one
-- journey queue here and the second is refused as stale by journey_event_checked, which verifies
-- every event of the statement, stamped here or named by a bulk import. SECURITY DEFINER: the
-- journey is read as the schema's owner, within what the actor may write (parcours_acts_on_journey).
CREATE OR REPLACE FUNCTION journey_event_stamp() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    claim text := parcours_verified_identity();
    j record;
BEGIN
    IF claim IS NULL THEN
        RAISE EXCEPTION 'journey %: no acting staff member is set for this transaction', NEW.journey_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT journey.operator_id, journey.phase INTO j
    FROM public.journey JOIN public.carrier ON carrier.id = journey.carrier_id
    WHERE journey.id = NEW.journey_id AND parcours_acts_on_journey(claim, journey.operator_id, carrier.counsellor_id)
    FOR UPDATE OF journey;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'journey % does not exist', NEW.journey_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    NEW.staff_id := split_part(claim, '|', 1)::bigint;
    NEW.operator_id := j.operator_id;
    NEW.recorded_at := now();
    NEW.from_state := CASE WHEN NEW.kind = 'open' THEN NULL ELSE j.phase END;
    RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION journey_event_stamp() FROM PUBLIC, parcours_app;
