-- Why `kind` from `from_state` to `to_state` is refused, as the clause after "journey N";
-- NULL when it is allowed.
CREATE OR REPLACE FUNCTION parcours_transition_refusal(
    programme_name text, phases text[], from_state text, paused_from text,
    kind text, to_state text, reason text
) RETURNS text
    LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, public, pg_temp
    SET plan_cache_mode = force_generic_plan AS $$
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
