-- Checks an event against the journey it changes, and fills what the client may not choose
-- (who acts, when it was recorded, the state it leaves).
--
-- SECURITY DEFINER, as are the two other triggers of an event: the identity is verified once
-- here, and the journey is checked against it by hand — the rows the policies would let the actor
-- write (its operator's, or all for the administrator; a counsellor's own caseload) — instead of
-- every statement of the three triggers evaluating every policy again (24 verifications an event).
-- The event itself still passes journey_event's policies.
CREATE OR REPLACE FUNCTION journey_event_before_insert() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    claim text := parcours_verified_identity();
    acting_role text := split_part(claim, '|', 2);
    j record;
    previous_on date;
    refusal text;
BEGIN
    IF claim IS NULL THEN
        RAISE EXCEPTION 'journey %: no acting staff member is set for this transaction', NEW.journey_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    NEW.staff_id := split_part(claim, '|', 1)::bigint;
    SELECT journey.id, journey.operator_id, journey.phase, journey.paused_from, journey.version,
           journey.last_change_on, programme.name AS programme_name, programme.phases
    INTO j
    FROM public.journey JOIN public.programme ON programme.id = journey.programme_id
    JOIN public.carrier ON carrier.id = journey.carrier_id
    WHERE journey.id = NEW.journey_id
      AND (acting_role = 'admin' OR journey.operator_id = nullif(split_part(claim, '|', 3), '')::bigint)
      AND (acting_role <> 'counsellor' OR carrier.counsellor_id IS NULL OR carrier.counsellor_id = NEW.staff_id)
    FOR UPDATE OF journey;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'journey % does not exist', NEW.journey_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    NEW.operator_id := j.operator_id;
    NEW.recorded_at := now();
    NEW.from_state := CASE WHEN NEW.kind = 'open' THEN NULL ELSE j.phase END;

    IF NEW.seq IS DISTINCT FROM j.version + 1 THEN
        -- The journey follows its events once the statement ends (journey_event_after_insert).
        IF EXISTS (SELECT FROM public.journey_event AS e WHERE e.journey_id = j.id AND e.seq > j.version) THEN
            RAISE EXCEPTION 'journey %: one statement records one event of a journey (insert the next in a statement of its own)', j.id
                USING ERRCODE = 'PA001';
        END IF;
        RAISE EXCEPTION 'journey % was changed by someone else meanwhile (version % expected, it is now %); reload it and try again',
            j.id, NEW.seq - 1, j.version
            USING ERRCODE = 'PA409';
    END IF;

    IF NEW.effective_on > parcours_today() THEN
        RAISE EXCEPTION 'journey % cannot change on %: the date is in the future (today is %)',
            j.id, to_char(NEW.effective_on, 'YYYY-MM-DD'), to_char(parcours_today(), 'YYYY-MM-DD')
            USING ERRCODE = 'PA001';
    END IF;
    -- The journey's last change is its latest event's date (journey_before_update holds it so).
    previous_on := CASE WHEN j.version > 0 THEN j.last_change_on END;
    IF NEW.effective_on < previous_on THEN
        RAISE EXCEPTION 'journey % cannot change on %, before its last recorded change (%)',
            j.id, to_char(NEW.effective_on, 'YYYY-MM-DD'), to_char(previous_on, 'YYYY-MM-DD')
            USING ERRCODE = 'PA001';
    END IF;

    IF NEW.kind = 'open' THEN
        IF j.version <> 0 OR NEW.to_state IS DISTINCT FROM j.phases[1] THEN
            RAISE EXCEPTION 'journey % opens once, in the first phase of its programme (''%'')', j.id, j.phases[1]
                USING ERRCODE = 'PA001';
        END IF;
    ELSE
        refusal := parcours_transition_refusal(
            j.programme_name, j.phases, j.phase, j.paused_from, NEW.kind, NEW.to_state, NEW.reason);
        IF refusal IS NOT NULL THEN
            RAISE EXCEPTION 'journey % %', j.id, refusal USING ERRCODE = 'PA001';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION journey_event_before_insert() FROM PUBLIC, parcours_app;
