-- The first contacts in scope, with their breakdown's columns (the territory's level as in parcours_scope_carrier).
CREATE OR REPLACE FUNCTION parcours_scope_intake(
    scope_operator bigint, scope_territory bigint, scope_programme bigint, scope_cohort bigint, scope_funding bigint,
    breakdown text[], territory_depth integer)
    RETURNS TABLE (intake_id bigint, g_operator text, g_territory text, g_prescriber text)
    LANGUAGE sql STABLE AS $$
    SELECT i.id,
           CASE WHEN 'operator' = ANY (breakdown) THEN o.name END,
           CASE WHEN 'territory' = ANY (breakdown) THEN
               coalesce(parcours_place_label(i.commune_id, territory_depth), 'unknown')
           END,
           CASE WHEN 'prescriber' = ANY (breakdown) THEN i.prescriber END
    FROM public.intake AS i
    JOIN public.operator AS o ON o.id = i.operator_id
    WHERE (parcours_current_role() IN ('admin', 'network')
           OR (parcours_current_role() IN ('coordinator', 'counsellor') AND i.operator_id = parcours_current_operator()))
      AND (scope_operator IS NULL OR i.operator_id = scope_operator)
      AND (scope_territory IS NULL OR i.commune_id IN (SELECT parcours_territory_subtree(scope_territory)))
      AND (scope_programme IS NULL AND scope_cohort IS NULL AND scope_funding IS NULL
           OR i.journey_id IN (SELECT s.journey_id FROM parcours_scope_journey(NULL, NULL, scope_programme, scope_cohort, scope_funding) AS s))
$$;
REVOKE ALL ON FUNCTION parcours_scope_intake(bigint,bigint,bigint,bigint,bigint,text[],integer) FROM PUBLIC, parcours_app;
