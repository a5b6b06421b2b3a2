-- parcours_scope_journey, as 0011_funder_aggregates.sql wrote it, its relations named with their schema.
CREATE OR REPLACE FUNCTION parcours_scope_journey(
    scope_operator bigint, scope_territory bigint, scope_programme bigint, scope_cohort bigint, scope_funding bigint)
    RETURNS TABLE (journey_id bigint, carrier_id bigint, operator_id bigint, programme_id bigint, cohort_id bigint,
                   opened_on date, closed_on date, phase text)
    LANGUAGE sql STABLE AS $$
    WITH me AS MATERIALIZED (
        SELECT parcours_current_role() AS role, parcours_current_operator() AS operator_id,
               parcours_current_staff() AS staff_id, parcours_current_funder() AS funder_id
    )
    SELECT j.id, j.carrier_id, j.operator_id, j.programme_id, j.cohort_id, j.opened_on, j.closed_on, j.phase
    FROM public.journey AS j
    JOIN public.carrier AS c ON c.id = j.carrier_id
    CROSS JOIN me
    WHERE (me.role IN ('admin', 'network')
           OR (me.role = 'coordinator' AND j.operator_id = me.operator_id)
           OR (me.role = 'counsellor' AND j.operator_id = me.operator_id
               AND (c.counsellor_id IS NULL OR c.counsellor_id = me.staff_id))
           OR (me.role = 'funder' AND EXISTS (
                   SELECT FROM public.funding_journey AS fj JOIN public.funding AS f ON f.id = fj.funding_id
                   WHERE fj.journey_id = j.id AND f.funder_id = me.funder_id)))
      AND (scope_operator IS NULL OR j.operator_id = scope_operator)
      AND (scope_programme IS NULL OR j.programme_id = scope_programme)
      AND (scope_cohort IS NULL OR j.cohort_id = scope_cohort)
      AND (scope_territory IS NULL OR c.commune_id IN (SELECT parcours_territory_subtree(scope_territory)))
      AND (scope_funding IS NULL
           OR j.id IN (SELECT fj.journey_id FROM public.funding_journey AS fj WHERE fj.funding_id = scope_funding))
$$;
REVOKE ALL ON FUNCTION parcours_scope_journey(bigint,bigint,bigint,bigint,bigint) FROM PUBLIC, parcours_app;
