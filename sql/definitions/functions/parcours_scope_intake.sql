-- Each page's first contacts (parcours_scope_journey's pages), with their breakdown's columns (the
-- territory's level as in parcours_scope_carrier). A first contact belongs to its operator and its
-- commune; a page naming a programme, a cohort or an agreement holds those whose journey it holds.
DROP FUNCTION IF EXISTS parcours_scope_intake(bigint, bigint, bigint, bigint, bigint, text[], integer);
CREATE OR REPLACE FUNCTION parcours_scope_intake(pages jsonb, breakdown text[])
    RETURNS TABLE (page integer, intake_id bigint, g_operator text, g_territory text, g_prescriber text)
    LANGUAGE sql STABLE ROWS 1000
    -- not inlined (see parcours_scope_journey); hashing, as it joins sets, never a page at a time
    SET jit = off SET enable_nestloop = off AS $$
    WITH page AS (
        SELECT * FROM jsonb_to_recordset(pages)
            AS p (page integer, operator bigint, territory bigint, programme bigint, cohort bigint, funding bigint, depth integer)
    ), linked AS MATERIALIZED (
        -- the journeys first contacts led to
        SELECT j.id, j.programme_id, j.cohort_id FROM public.intake AS i JOIN public.journey AS j ON j.id = i.journey_id
    ), by_journey AS (
        -- the pages that name a programme, a cohort or an agreement, with their journeys — only
        -- those one of these journeys may be in: a national site's 1,300 programme and cohort
        -- pages had their journeys found for no first contact at all (5 s)
        SELECT s.page, s.journey_id
        FROM parcours_scope_journey((
            SELECT jsonb_agg(p.value - 'operator' - 'territory') FROM jsonb_array_elements(pages) AS p
            WHERE (p.value ->> 'programme' IS NOT NULL OR p.value ->> 'cohort' IS NOT NULL OR p.value ->> 'funding' IS NOT NULL)
              AND ((p.value ->> 'cohort')::bigint IN (SELECT l.cohort_id FROM linked AS l)
                   OR (p.value ->> 'programme')::bigint IN (SELECT l.programme_id FROM linked AS l)
                   OR EXISTS (SELECT FROM public.funding_journey AS fj JOIN linked AS l ON l.id = fj.journey_id
                              WHERE fj.funding_id = (p.value ->> 'funding')::bigint))
        )) AS s
    ), found AS (
        -- each page with the first contacts its kind of filter finds, by hash joins: one lateral
        -- reading a page at a time went through every page's journeys for each of a site's 1,300
        -- programme and cohort pages (64 s of a national site)
        SELECT pg.page, pg.depth, pg.operator AS page_operator, pg.territory, i.id, i.operator_id, i.commune_id, i.prescriber
        FROM by_journey AS b
        JOIN page AS pg ON pg.page = b.page
        JOIN public.intake AS i ON i.journey_id = b.journey_id
        WHERE pg.programme IS NOT NULL OR pg.cohort IS NOT NULL OR pg.funding IS NOT NULL
        UNION ALL
        SELECT pg.page, pg.depth, pg.operator, pg.territory, i.id, i.operator_id, i.commune_id, i.prescriber
        FROM page AS pg JOIN public.intake AS i ON i.operator_id = pg.operator
        WHERE pg.programme IS NULL AND pg.cohort IS NULL AND pg.funding IS NULL
        UNION ALL
        SELECT pg.page, pg.depth, pg.operator, pg.territory, i.id, i.operator_id, i.commune_id, i.prescriber
        FROM page AS pg CROSS JOIN public.intake AS i
        WHERE pg.programme IS NULL AND pg.cohort IS NULL AND pg.funding IS NULL AND pg.operator IS NULL
    ), kept AS (
        SELECT f.page, f.depth, f.id, f.commune_id, o.name AS operator, f.prescriber
        FROM found AS f
        JOIN public.operator AS o ON o.id = f.operator_id
        WHERE (parcours_current_role() IN ('admin', 'network')
               OR (parcours_current_role() IN ('coordinator', 'counsellor') AND f.operator_id = parcours_current_operator()))
          AND (f.page_operator IS NULL OR f.operator_id = f.page_operator)
          AND (f.territory IS NULL
               OR EXISTS (SELECT FROM public.territory_ancestor AS a WHERE a.ancestor_id = f.territory AND a.territory_id = f.commune_id))
    )
    SELECT f.page, f.id,
           CASE WHEN 'operator' = ANY (breakdown) THEN f.operator END,
           CASE WHEN 'territory' = ANY (breakdown) THEN coalesce(pl.label, 'unknown') END,
           CASE WHEN 'prescriber' = ANY (breakdown) THEN f.prescriber END
    FROM kept AS f
    LEFT JOIN public.territory_place AS pl ON pl.territory_id = f.commune_id AND pl.level = f.depth
$$;
REVOKE ALL ON FUNCTION parcours_scope_intake(jsonb, text[]) FROM PUBLIC, parcours_app;
