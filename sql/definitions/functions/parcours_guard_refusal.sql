-- 2. Every event computed all four pieces of evidence, each a query under row-level security,
--    though most steps (an opening, an advance to modules, a pause) are guarded by none. The same
--    rules, each record looked up only by the step it guards.
CREATE OR REPLACE FUNCTION parcours_guard_refusal(
    journey bigint, kind text, from_state text, to_state text, effective_on date
) RETURNS text
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public, pg_temp
    SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    evidence record;
    moves boolean := kind IN ('advance', 'rework');
BEGIN
    IF NOT ((moves AND (to_state IN ('incubation', 'orientation') OR from_state = 'pitch'))
            OR (kind = 'exit' AND to_state IN ('handed_on', 'activity_created'))) THEN
        RETURN NULL;
    END IF;
    SELECT * INTO evidence FROM parcours_journey_evidence(journey, effective_on);
    IF moves AND to_state = 'incubation' AND NOT evidence.cape_covers_date THEN
        RETURN 'needs a current CAPE contract to enter ''incubation'' (cape add)';
    END IF;
    IF moves AND from_state = 'pitch' AND NOT evidence.jury_decided_since_pitch THEN
        RETURN 'is in phase ''pitch''; leaving it needs a jury decision (jury decide)';
    END IF;
    IF ((moves AND to_state = 'orientation') OR (kind = 'exit' AND to_state = 'handed_on')) AND NOT evidence.has_referral THEN
        RETURN format('needs at least one referral to a partner to %s ''%s'' (referral add)',
                      CASE kind WHEN 'exit' THEN 'exit' ELSE 'enter' END, to_state);
    END IF;
    IF kind = 'exit' AND to_state = 'activity_created' AND NOT evidence.has_activity THEN
        RETURN 'needs the activity created (legal form, date) to exit ''activity_created''';
    END IF;
    RETURN NULL;
END
$$;
