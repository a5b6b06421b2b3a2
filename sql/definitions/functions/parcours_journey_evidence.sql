-- The records a journey's guarded steps need, on a date: a CAPE covering it, a jury's decision since
-- the journey last entered 'pitch', a referral, the activity created. A set of one row, so that it
-- is inlined into the statement that calls it and planned with it (JourneyLock, prepared once a
-- connection; parcours_guard_refusal, whose plans PL/pgSQL keeps): a function returning a record
-- is not inlined, and its four queries under row-level security were planned again at every
-- change (≈ 1 ms, half of a change's lock). Its new signature: sql/0032.
CREATE OR REPLACE FUNCTION parcours_journey_evidence(journey bigint, on_date date)
    RETURNS TABLE (cape_covers_date boolean, jury_decided_since_pitch boolean, has_referral boolean, has_activity boolean)
    LANGUAGE sql STABLE ROWS 1 AS $$
    SELECT
        EXISTS (SELECT FROM public.cape_contract AS c JOIN public.cape_period AS p ON p.contract_id = c.id
                WHERE c.journey_id = journey AND on_date BETWEEN p.starts_on AND p.ends_on
                  AND (c.ended_on IS NULL OR c.ended_on >= on_date)),
        EXISTS (SELECT FROM public.jury_decision AS d
                WHERE d.journey_id = journey
                  AND d.decided_on >= (SELECT max(e.effective_on) FROM public.journey_event AS e
                                       WHERE e.journey_id = journey AND e.to_state = 'pitch')),
        EXISTS (SELECT FROM public.referral AS r WHERE r.journey_id = journey),
        EXISTS (SELECT FROM public.activity AS a WHERE a.journey_id = journey)
$$;
