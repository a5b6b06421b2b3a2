-- parcours_journey_evidence, as 0004_journey_content.sql wrote it, its relations named with their schema.
CREATE OR REPLACE FUNCTION parcours_journey_evidence(
    journey bigint, on_date date,
    OUT cape_covers_date boolean, OUT jury_decided_since_pitch boolean, OUT has_referral boolean, OUT has_activity boolean
)
    LANGUAGE sql STABLE AS $$
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
