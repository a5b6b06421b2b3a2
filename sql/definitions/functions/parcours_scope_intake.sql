-- Each page's first contacts (parcours_scope_journey's pages), with their breakdown's columns (the
-- territory's level as in parcours_scope_carrier). A first contact belongs to its operator and its
-- commune; a page naming a programme, a cohort or an agreement holds those whose journey it holds.
DROP FUNCTION IF EXISTS parcours_scope_intake(bigint, bigint, bigint, bigint, bigint, text[], integer);
CREATE OR REPLACE FUNCTION parcours_scope_intake(pages jsonb, breakdown text[])
    RETURNS TABLE (page integer, intake_id bigint, g_operator text, g_territory text, g_prescriber text)
    LANGUAGE sql STABLE ROWS 1000
    -- not inlined: see parcours_scope_journey
    SET jit = off AS $$
    WITH page AS (
        SELECT * FROM jsonb_to_recordset(pages)
            AS p (page integer, operator bigint, territory bigint, programme bigint, cohort bigint, funding bigint, depth integer)
    ), by_journey AS (
        -- the pages that name a programme, a cohort or an agreement, with their journeys
        SELECT s.page, s.journey_id
        FROM parcours_scope_journey((
            SELECT jsonb_agg(p.value - 'operator' - 'territory') FROM jsonb_array_elements(pages) AS p
            WHERE p.value ->> 'programme' IS NOT NULL OR p.value ->> 'cohort' IS NOT NULL OR p.value ->> 'funding' IS NOT NULL
        )) AS s
    ), found AS (
        SELECT pg.page, pg.depth, i.id, i.commune_id, o.name AS operator, i.prescriber
        FROM page AS pg
        CROSS JOIN LATERAL (
            SELECT i.* FROM public.intake AS i
            JOIN by_journey AS b ON b.journey_id = i.journey_id AND b.page = pg.page
            WHERE pg.programme IS NOT NULL OR pg.cohort IS NOT NULL OR pg.funding IS NOT NULL
            UNION ALL
            SELECT i.* FROM public.intake AS i
            WHERE pg.programme IS NULL AND pg.cohort IS NULL AND pg.funding IS NULL AND i.operator_id = pg.operator
            UNION ALL
            SELECT i.* FROM public.intake AS i
            WHERE pg.programme IS NULL AND pg.cohort IS NULL AND pg.funding IS NULL AND pg.operator IS NULL
        ) AS i
        JOIN public.operator AS o ON o.id = i.operator_id
        WHERE (parcours_current_role() IN ('admin', 'network')
               OR (parcours_current_role() IN ('coordinator', 'counsellor') AND i.operator_id = parcours_current_operator()))
          AND (pg.operator IS NULL OR i.operator_id = pg.operator)
          AND (pg.territory IS NULL OR i.commune_id IN (SELECT parcours_territory_subtree(pg.territory)))
    )
    SELECT f.page, f.id,
           CASE WHEN 'operator' = ANY (breakdown) THEN f.operator END,
           CASE WHEN 'territory' = ANY (breakdown) THEN coalesce(pl.label, 'unknown') END,
           CASE WHEN 'prescriber' = ANY (breakdown) THEN f.prescriber END
    FROM found AS f
    LEFT JOIN public.territory_place AS pl ON pl.territory_id = f.commune_id AND pl.level = f.depth
$$;
REVOKE ALL ON FUNCTION parcours_scope_intake(jsonb, text[]) FROM PUBLIC, parcours_app;
