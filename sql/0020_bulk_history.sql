-- History at scale (issue 14): what `journey import` and `session import` measured.
--
-- 1. A CAPE contract was found by scanning every contract the reader may see: the guard of each
--    journey event and each period's check did it, so a network's import grew with the square of
--    its contracts.
CREATE INDEX cape_contract_journey_idx ON cape_contract (journey_id);

-- 2. Every event computed all four pieces of evidence, each a query under row-level security,
--    though most steps (an opening, an advance to modules, a pause) are guarded by none. The same
--    rules, each record looked up only by the step it guards.
CREATE OR REPLACE FUNCTION parcours_guard_refusal(
    journey bigint, kind text, from_state text, to_state text, effective_on date
) RETURNS text
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    evidence record;
    moves boolean := kind IN ('advance', 'rework');
BEGIN
    IF NOT ((moves AND (to_state IN ('incubation', 'orientation') OR from_state = 'pitch'))
            OR (kind = 'exit' AND to_state IN ('handed_on', 'activity_created'))) THEN
        RETURN NULL;
    END IF;
    evidence := parcours_journey_evidence(journey, effective_on);
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

-- 3. Who is acting is asked by every policy, of every query, of every trigger: a bulk import asks
--    it millions of times. As SQL functions that cannot be inlined (SECURITY DEFINER), their
--    bodies were parsed and planned again at each query (0.2–0.5 ms for a trigger's lookup of one
--    journey). In PL/pgSQL their plans are kept by the session. The same definitions, word for word.
CREATE OR REPLACE FUNCTION parcours_current_staff() RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    claimed text := current_setting('parcours.staff_id', true);
    seal text := current_setting('parcours.identity_seal', true);
BEGIN
    IF claimed IS NULL OR claimed !~ '^[0-9]{1,18}$' OR seal IS NULL THEN
        RETURN NULL;
    END IF;
    -- A missing secret gives no seal: nobody is established (fails closed).
    IF parcours_identity_seal(claimed::bigint) IS DISTINCT FROM seal THEN
        RETURN NULL;
    END IF;
    RETURN claimed::bigint;
END
$$;

CREATE OR REPLACE FUNCTION parcours_identity_seal(staff bigint) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    RETURN (SELECT encode(sha256(convert_to(
                s.identity_key || '|' || staff::text || '|' || pg_backend_pid()::text || '|'
                || extract(epoch FROM transaction_timestamp())::text || '|' || s.identity_key, 'UTF8')), 'hex')
            FROM parcours_secret AS s);
END
$$;

CREATE OR REPLACE FUNCTION parcours_current_role() RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    RETURN (SELECT role FROM staff WHERE id = parcours_current_staff() AND active);
END
$$;

CREATE OR REPLACE FUNCTION parcours_current_operator() RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    RETURN (SELECT operator_id FROM staff WHERE id = parcours_current_staff() AND active AND role IN ('counsellor', 'coordinator'));
END
$$;

CREATE OR REPLACE FUNCTION parcours_current_funder() RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    RETURN (SELECT funder_id FROM staff WHERE id = parcours_current_staff() AND active AND role = 'funder');
END
$$;
