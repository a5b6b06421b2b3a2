-- A journey's carrier changes only when a duplicate is merged, which the definer function below
-- does as the schema's owner; everything else about the journey stays as 0002 wrote it.
CREATE OR REPLACE FUNCTION journey_before_update() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp
    SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    latest record;
    programme_row record;
    refusal text;
    merging boolean := NEW.carrier_id IS DISTINCT FROM OLD.carrier_id
                       AND pg_has_role(current_user, 'pg_database_owner', 'MEMBER');
BEGIN
    -- The day of its last session is attendance's (attendance_facts_follow, whose statements
    -- this trigger does not see): a login's statement keeps it.
    NEW.last_session_on := OLD.last_session_on;
    IF (NEW.operator_id, NEW.programme_id, NEW.opened_on) IS DISTINCT FROM (OLD.operator_id, OLD.programme_id, OLD.opened_on)
       OR (NEW.carrier_id IS DISTINCT FROM OLD.carrier_id AND NOT merging) THEN
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
