-- The events a statement recorded, checked together once it has written them (a transition
-- table), then their journeys updated in one statement: every rule of a step is here, whether the
-- events were stamped one by one (journey_event_stamp) or named by a bulk import, which supplies
-- who records, when and the state each event leaves, and writes a round of thousands of events in
-- one statement. Each event is checked against its journey as the statement found it, locked: the
-- actor may write it (parcours_acts_on_journey; the events passed journey_event's policies too),
-- its version, its dates, the state it leaves, the transition (parcours_transition_refusal) and,
-- for the steps a record guards, that record (parcours_guard_refusal). The first refused event, in
-- journey order, is reported with the message a single change would get. A statement changes a
-- journey once: its journey then takes its one new event. SECURITY DEFINER: the journeys and the
-- guards' records are read as the schema's owner, the identity verified once for the statement.
CREATE OR REPLACE FUNCTION journey_event_checked() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    claim text := parcours_verified_identity();
    staff bigint := nullif(split_part(claim, '|', 1), '')::bigint;
    bad record;
BEGIN
    IF staff IS NULL THEN
        RAISE EXCEPTION 'journey %: no acting staff member is set for this transaction', (SELECT min(journey_id) FROM new_events)
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF EXISTS (SELECT FROM new_events AS e WHERE e.staff_id IS DISTINCT FROM staff OR e.recorded_at IS DISTINCT FROM now()) THEN
        RAISE EXCEPTION 'journey: an event names someone else than the acting staff member, or another time'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- Before anything else: a journey's other events of the statement would be read as its history.
    SELECT e.journey_id INTO bad FROM new_events AS e GROUP BY e.journey_id HAVING count(*) > 1 ORDER BY e.journey_id LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'journey %: one statement records one event of a journey (insert the next in a statement of its own)', bad.journey_id
            USING ERRCODE = 'PA001';
    END IF;
    -- Locked in one order, so two statements over the same journeys queue instead of deadlocking.
    PERFORM FROM public.journey AS j WHERE j.id IN (SELECT e.journey_id FROM new_events AS e) ORDER BY j.id FOR UPDATE;

    SELECT e.journey_id, substr(found.refused, 6) AS message, left(found.refused, 5) AS code INTO bad
    FROM new_events AS e
    LEFT JOIN (public.journey AS j JOIN public.programme AS p ON p.id = j.programme_id
               JOIN public.carrier AS c ON c.id = j.carrier_id)
           ON j.id = e.journey_id AND j.operator_id = e.operator_id
          AND parcours_acts_on_journey(claim, j.operator_id, c.counsellor_id)
    CROSS JOIN LATERAL (
        SELECT CASE  -- the error's code (5 characters), then its message
            WHEN j.id IS NULL THEN
                '23503' || format('journey %s does not exist', e.journey_id)
            WHEN e.seq IS DISTINCT FROM j.version + 1 THEN
                'PA409' || format('journey %s was changed by someone else meanwhile (version %s expected, it is now %s); reload it and try again',
                           j.id, e.seq - 1, j.version)
            WHEN e.effective_on > parcours_today() THEN
                'PA001' || format('journey %s cannot change on %s: the date is in the future (today is %s)',
                           j.id, to_char(e.effective_on, 'YYYY-MM-DD'), to_char(parcours_today(), 'YYYY-MM-DD'))
            -- The journey's last change is its latest event's date (journey_before_update holds it so).
            WHEN j.version > 0 AND e.effective_on < j.last_change_on THEN
                'PA001' || format('journey %s cannot change on %s, before its last recorded change (%s)',
                           j.id, to_char(e.effective_on, 'YYYY-MM-DD'), to_char(j.last_change_on, 'YYYY-MM-DD'))
            WHEN e.from_state IS DISTINCT FROM (CASE WHEN e.kind = 'open' THEN NULL ELSE j.phase END) THEN
                'PA001' || format('journey %s: the event leaves ''%s'', but the journey is in ''%s''', j.id, e.from_state, j.phase)
            WHEN e.kind = 'open' AND (j.version <> 0 OR e.to_state IS DISTINCT FROM p.phases[1]) THEN
                'PA001' || format('journey %s opens once, in the first phase of its programme (''%s'')', j.id, p.phases[1])
            WHEN e.kind <> 'open' AND parcours_transition_refusal(p.name, p.phases, j.phase, j.paused_from, e.kind, e.to_state, e.reason) IS NOT NULL THEN
                'PA001' || 'journey ' || j.id || ' ' || parcours_transition_refusal(p.name, p.phases, j.phase, j.paused_from, e.kind, e.to_state, e.reason)
            -- Only the steps a record guards call the guards (parcours_guard_refusal's own first test).
            WHEN ((e.kind IN ('advance', 'rework') AND (e.to_state IN ('incubation', 'orientation') OR e.from_state = 'pitch'))
                  OR (e.kind = 'exit' AND e.to_state IN ('handed_on', 'activity_created')))
                 AND parcours_guard_refusal(e.journey_id, e.kind, e.from_state, e.to_state, e.effective_on) IS NOT NULL THEN
                'PA001' || 'journey ' || e.journey_id || ' ' || parcours_guard_refusal(e.journey_id, e.kind, e.from_state, e.to_state, e.effective_on)
        END AS refused
    ) AS found
    WHERE found.refused IS NOT NULL
    ORDER BY e.journey_id, e.seq
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING MESSAGE = bad.message, ERRCODE = bad.code;
    END IF;

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
REVOKE ALL ON FUNCTION journey_event_checked() FROM PUBLIC, parcours_app;
