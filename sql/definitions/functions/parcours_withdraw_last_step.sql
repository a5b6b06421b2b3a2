-- `journey correct`: takes a journey's last step out of its history, kept whole with the
-- correction's reason in journey_event_correction (with the activity of an exit), and puts the
-- journey back where the step before left it. A corrected step is then recorded again by the
-- caller, in the same transaction, as any new step — the triggers of journey_event check it by the
-- same rules; a cancelled one is not (journey_event_correction_replaced holds both to that at
-- commit). The acting staff member is the established identity; a counsellor corrects only the
-- people they follow; the opening is not a step to correct, nor an exit once followed up.
CREATE OR REPLACE FUNCTION parcours_withdraw_last_step(
    of_journey bigint, expected_version integer, cancelled boolean, correction_reason text, audit_channel text)
    RETURNS TABLE (seq integer, kind text, to_state text, effective_on date, reason text)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    claim text := parcours_verified_identity();
    acting_role text := split_part(claim, '|', 2);
    acting_staff bigint := nullif(split_part(claim, '|', 1), '')::bigint;
    j record;
    step public.journey_event;
    made public.activity;
    before public.journey_event;
BEGIN
    IF claim IS NULL OR acting_role NOT IN ('admin', 'coordinator', 'counsellor') THEN
        RAISE EXCEPTION 'journey %: only a coordinator, a counsellor or the administrator corrects a step', of_journey
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT journey.id, journey.operator_id, journey.carrier_id, journey.version INTO j
    FROM public.journey JOIN public.carrier ON carrier.id = journey.carrier_id
    WHERE journey.id = of_journey
      AND (acting_role = 'admin' OR journey.operator_id = nullif(split_part(claim, '|', 3), '')::bigint)
      AND (acting_role <> 'counsellor' OR carrier.counsellor_id IS NULL OR carrier.counsellor_id = acting_staff)
    FOR UPDATE OF journey;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'journey % not found', of_journey USING ERRCODE = 'PA404';
    END IF;
    IF expected_version IS NOT NULL AND expected_version <> j.version THEN
        RAISE EXCEPTION 'journey % was changed by someone else meanwhile (version % expected, it is now %); reload it and try again',
            j.id, expected_version, j.version
            USING ERRCODE = 'PA409';
    END IF;
    SELECT * INTO step FROM public.journey_event AS e WHERE e.journey_id = j.id AND e.seq = j.version;
    IF step.kind = 'open' THEN
        RAISE EXCEPTION 'journey %: its opening is not a step to correct', j.id
            USING ERRCODE = 'PA001', DETAIL = 'opening_not_correctable';
    END IF;
    IF cancelled AND step.kind = 'exit' AND EXISTS (SELECT FROM public.follow_up AS f WHERE f.journey_id = j.id) THEN
        RAISE EXCEPTION 'journey %: its exit has a follow-up and cannot be cancelled', j.id
            USING ERRCODE = 'PA001', DETAIL = 'exit_has_follow_up';
    END IF;
    IF step.kind = 'exit' THEN
        SELECT * INTO made FROM public.activity AS a WHERE a.journey_id = j.id;
    END IF;

    INSERT INTO public.journey_event_correction (
        operator_id, journey_id, event_id, seq, kind, from_state, to_state, effective_on, recorded_at, staff_id, reason,
        activity_legal_form, activity_created_on, activity_jobs_fte, activity_name, cancelled, correction_reason, corrected_by)
    VALUES (
        j.operator_id, j.id, step.id, step.seq, step.kind, step.from_state, step.to_state, step.effective_on, step.recorded_at,
        step.staff_id, step.reason, made.legal_form, made.created_on, made.jobs_fte, made.name, cancelled, correction_reason,
        acting_staff);
    -- The activity goes with its exit: a corrected exit « activité créée » records it again.
    DELETE FROM public.activity AS a WHERE a.journey_id = j.id AND step.kind = 'exit';
    DELETE FROM public.journey_event AS e WHERE e.id = step.id AND e.operator_id = step.operator_id;

    SELECT * INTO before FROM public.journey_event AS e WHERE e.journey_id = j.id AND e.seq = step.seq - 1;
    UPDATE public.journey
    SET phase = before.to_state,
        paused_from = CASE WHEN before.kind = 'pause' THEN before.from_state END,
        version = before.seq,
        last_change_on = before.effective_on,
        closed_on = NULL
    WHERE id = j.id;

    PERFORM parcours_audit('change', ARRAY[j.carrier_id], audit_channel,
                           format('journey %s step %s %s', j.id, step.seq, CASE WHEN cancelled THEN 'cancelled' ELSE 'corrected' END));
    RETURN QUERY SELECT step.seq, step.kind, step.to_state, step.effective_on, step.reason;
END
$$;
REVOKE ALL ON FUNCTION parcours_withdraw_last_step(bigint,integer,boolean,text,text) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_withdraw_last_step(bigint,integer,boolean,text,text) TO parcours_app;
