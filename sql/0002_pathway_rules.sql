-- The pathway state machine, enforced by PostgreSQL so that no client (not even psql) can store an
-- impossible journey. The same rules live in ParcoursCore (Pathway.swift); a test walks every
-- (from, to) pair of several programme shapes and checks that both agree, messages included.
--
-- A journey changes only by appending a journey_event: its BEFORE trigger checks the change,
-- its AFTER trigger moves the journey row; a direct UPDATE of the journey's phase is refused.

-- Why `kind` from `from_state` to `to_state` is refused, as the clause after "journey N";
-- NULL when it is allowed.
CREATE FUNCTION parcours_transition_refusal(
    programme_name text, phases text[], from_state text, paused_from text,
    kind text, to_state text, reason text
) RETURNS text
    LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    outcomes CONSTANT text[] := ARRAY['activity_created', 'employed', 'training', 'handed_on', 'withdrawn'];
BEGIN
    IF from_state = ANY (outcomes) THEN
        RETURN format('has ended (''%s'') and cannot change; open a new journey', from_state);
    END IF;

    IF kind = 'exit' THEN
        IF to_state = ANY (outcomes) THEN
            RETURN NULL;
        END IF;
        RETURN format('cannot exit with ''%s'' (outcomes: %s)', to_state, array_to_string(outcomes, ', '));
    END IF;

    IF from_state = 'paused' THEN
        IF kind <> 'resume' THEN
            RETURN format('is paused (it left phase ''%s''); resume it first', paused_from);
        ELSIF to_state IS DISTINCT FROM paused_from THEN
            RETURN format('resumes in the phase it left (''%s''), not in ''%s''', paused_from, to_state);
        END IF;
        RETURN NULL;
    END IF;

    CASE kind
        WHEN 'advance', 'rework' THEN
            IF NOT (to_state = ANY (phases)) THEN
                RETURN format('follows programme ''%s'', which does not use phase ''%s'' (its phases: %s)',
                              programme_name, to_state, array_to_string(phases, ', '));
            END IF;
            IF kind = 'advance' THEN
                IF to_state = from_state THEN
                    RETURN format('is already in phase ''%s''', from_state);
                ELSIF parcours_phase_rank(to_state) < parcours_phase_rank(from_state) THEN
                    RETURN format('is in phase ''%s''; ''%s'' is not reachable from it without rework',
                                  from_state, to_state);
                END IF;
            ELSE
                IF parcours_phase_rank(to_state) >= parcours_phase_rank(from_state) THEN
                    RETURN format('is in phase ''%s''; a rework goes back to an earlier phase and ''%s'' is not before it',
                                  from_state, to_state);
                ELSIF btrim(coalesce(reason, '')) = '' THEN
                    RETURN 'needs a reason for a rework (--reason)';
                END IF;
            END IF;
            RETURN NULL;
        WHEN 'pause' THEN
            IF to_state <> 'paused' THEN
                RETURN format('pauses into ''paused'', not ''%s''', to_state);
            END IF;
            RETURN NULL;
        WHEN 'resume' THEN
            RETURN format('is not paused (it is in ''%s'')', from_state);
        ELSE
            RETURN format('cannot record a ''%s'' event now', kind);
    END CASE;
END
$$;

-- The business date in Paris: effective dates are French calendar dates.
CREATE FUNCTION parcours_today() RETURNS date
    LANGUAGE sql STABLE
    RETURN (now() AT TIME ZONE 'Europe/Paris')::date;

-- A new journey always starts at the first phase of its programme, at version 0 until its
-- 'open' event is recorded.
CREATE FUNCTION journey_before_insert() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    SELECT phases[1] INTO NEW.phase FROM programme WHERE id = NEW.programme_id;
    NEW.paused_from := NULL;
    NEW.version := 0;
    NEW.last_change_on := NEW.opened_on;
    NEW.closed_on := NULL;
    RETURN NEW;
END
$$;
CREATE TRIGGER journey_before_insert BEFORE INSERT ON journey
    FOR EACH ROW EXECUTE FUNCTION journey_before_insert();

-- The journey row mirrors its latest event; anything else is refused with the rule it breaks.
CREATE FUNCTION journey_before_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    latest record;
    programme_row record;
    refusal text;
BEGIN
    IF (NEW.operator_id, NEW.carrier_id, NEW.programme_id, NEW.opened_on)
       IS DISTINCT FROM (OLD.operator_id, OLD.carrier_id, OLD.programme_id, OLD.opened_on) THEN
        RAISE EXCEPTION 'journey %: its operator, carrier, programme and opening date cannot change; open a new journey', OLD.id
            USING ERRCODE = 'PA001';
    END IF;
    IF (NEW.phase, NEW.paused_from, NEW.version, NEW.last_change_on, NEW.closed_on)
       IS NOT DISTINCT FROM (OLD.phase, OLD.paused_from, OLD.version, OLD.last_change_on, OLD.closed_on) THEN
        RETURN NEW;
    END IF;

    SELECT seq, to_state, from_state, kind, effective_on INTO latest
    FROM journey_event WHERE journey_id = NEW.id ORDER BY seq DESC LIMIT 1;
    IF FOUND AND NEW.version = latest.seq AND NEW.phase = latest.to_state
       AND NEW.last_change_on = latest.effective_on
       AND NEW.paused_from IS NOT DISTINCT FROM (CASE WHEN latest.kind = 'pause' THEN latest.from_state END)
       AND NEW.closed_on IS NOT DISTINCT FROM (CASE WHEN latest.kind = 'exit' THEN latest.effective_on END) THEN
        RETURN NEW;
    END IF;

    -- Not backed by an event: say which rule the change breaks, if it breaks one.
    SELECT name, phases INTO programme_row FROM programme WHERE id = NEW.programme_id;
    refusal := parcours_transition_refusal(
        programme_row.name, programme_row.phases, OLD.phase, OLD.paused_from,
        CASE
            WHEN NEW.phase = 'paused' THEN 'pause'
            WHEN OLD.phase = 'paused' THEN 'resume'
            WHEN parcours_phase_rank(NEW.phase) IS NULL THEN 'exit'
            ELSE 'advance'
        END,
        NEW.phase, NULL);
    IF refusal IS NOT NULL AND NEW.phase IS DISTINCT FROM OLD.phase THEN
        RAISE EXCEPTION 'journey % %', OLD.id, refusal USING ERRCODE = 'PA001';
    END IF;
    RAISE EXCEPTION 'journey %: a change of phase is recorded as an event (INSERT INTO journey_event), never by updating the journey', OLD.id
        USING ERRCODE = 'PA001',
              HINT = 'the history must stay complete: who did what, when and why';
END
$$;
CREATE TRIGGER journey_before_update BEFORE UPDATE ON journey
    FOR EACH ROW EXECUTE FUNCTION journey_before_update();

-- Checks an event against the journey it changes, and fills what the client may not choose
-- (who acts, when it was recorded, the state it leaves).
CREATE FUNCTION journey_event_before_insert() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    j record;
    previous_on date;
    refusal text;
BEGIN
    SELECT journey.id, journey.operator_id, journey.phase, journey.paused_from, journey.version,
           programme.name AS programme_name, programme.phases
    INTO j
    FROM journey JOIN programme ON programme.id = journey.programme_id
    WHERE journey.id = NEW.journey_id
    FOR UPDATE OF journey;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'journey % does not exist', NEW.journey_id USING ERRCODE = 'foreign_key_violation';
    END IF;

    NEW.staff_id := parcours_current_staff();
    IF NEW.staff_id IS NULL THEN
        RAISE EXCEPTION 'journey %: no acting staff member is set for this transaction', j.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    NEW.operator_id := j.operator_id;
    NEW.recorded_at := now();
    NEW.from_state := CASE WHEN NEW.kind = 'open' THEN NULL ELSE j.phase END;

    IF NEW.seq IS DISTINCT FROM j.version + 1 THEN
        RAISE EXCEPTION 'journey % was changed by someone else meanwhile (version % expected, it is now %); reload it and try again',
            j.id, NEW.seq - 1, j.version
            USING ERRCODE = 'PA409';
    END IF;

    IF NEW.effective_on > parcours_today() THEN
        RAISE EXCEPTION 'journey % cannot change on %: the date is in the future (today is %)',
            j.id, to_char(NEW.effective_on, 'YYYY-MM-DD'), to_char(parcours_today(), 'YYYY-MM-DD')
            USING ERRCODE = 'PA001';
    END IF;
    SELECT max(effective_on) INTO previous_on FROM journey_event WHERE journey_id = j.id;
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
CREATE TRIGGER journey_event_before_insert BEFORE INSERT ON journey_event
    FOR EACH ROW EXECUTE FUNCTION journey_event_before_insert();

CREATE FUNCTION journey_event_after_insert() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE journey
    SET phase = NEW.to_state,
        paused_from = CASE WHEN NEW.kind = 'pause' THEN NEW.from_state END,
        version = NEW.seq,
        last_change_on = NEW.effective_on,
        closed_on = CASE WHEN NEW.kind = 'exit' THEN NEW.effective_on END
    WHERE id = NEW.journey_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER journey_event_after_insert AFTER INSERT ON journey_event
    FOR EACH ROW EXECUTE FUNCTION journey_event_after_insert();

-- History is append-only, for everyone (the application role is not even granted UPDATE/DELETE).
CREATE FUNCTION journey_event_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'journey_event is append-only: a recorded event is never changed or removed'
        USING ERRCODE = 'PA001';
END
$$;
CREATE TRIGGER journey_event_append_only BEFORE UPDATE OR DELETE ON journey_event
    FOR EACH ROW EXECUTE FUNCTION journey_event_append_only();
CREATE TRIGGER journey_event_no_truncate BEFORE TRUNCATE ON journey_event
    FOR EACH STATEMENT EXECUTE FUNCTION journey_event_append_only();
