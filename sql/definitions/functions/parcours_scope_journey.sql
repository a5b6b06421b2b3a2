-- The journeys of each page the acting identity may report on. A page is a report's scope, one
-- object of `pages` — {"page": n, "operator", "territory", "programme", "cohort", "funding"}, each
-- filter optional and all those given holding — so that a dashboard computes a report for all its
-- pages in one statement (GROUP BY page) instead of one statement a page.
DROP FUNCTION IF EXISTS parcours_scope_journey(bigint, bigint, bigint, bigint, bigint);
CREATE OR REPLACE FUNCTION parcours_scope_journey(pages jsonb)
    RETURNS TABLE (page integer, journey_id bigint, carrier_id bigint, operator_id bigint, programme_id bigint,
                   cohort_id bigint, opened_on date, closed_on date, phase text)
    LANGUAGE sql STABLE ROWS 1000
    -- Not inlined into the reports (a SET clause keeps it a function scan): a page's filters
    -- (`pg.operator IS NULL OR …`, known only at run time) made the planner expect one row and
    -- nest loops over whole scopes (a site's cohort pages: 40 s for one query); as a scan it is
    -- computed once and its ROWS estimate lets the reports hash.
    -- Its own joins loop over pages and probe indexes, whatever the report calling it prefers.
    SET jit = off SET enable_nestloop = on AS $$
    WITH me AS MATERIALIZED (
        SELECT parcours_current_role() AS role, parcours_current_operator() AS operator_id,
               parcours_current_staff() AS staff_id, parcours_current_funder() AS funder_id
    ), page AS (
        SELECT * FROM jsonb_to_recordset(pages)
            AS p (page integer, operator bigint, territory bigint, programme bigint, cohort bigint, funding bigint)
    )
    SELECT pg.page, j.id, j.carrier_id, j.operator_id, j.programme_id, j.cohort_id, j.opened_on, j.closed_on, j.phase
    FROM page AS pg
    CROSS JOIN LATERAL (
        -- a page's journeys found through its most selective filter (an index each), with their
        -- carrier; every filter is checked below
        SELECT j.*, c.commune_id, c.counsellor_id FROM public.journey AS j JOIN public.carrier AS c ON c.id = j.carrier_id
        WHERE j.cohort_id = pg.cohort
        UNION ALL
        SELECT j.*, c.commune_id, c.counsellor_id FROM public.journey AS j JOIN public.carrier AS c ON c.id = j.carrier_id
        WHERE pg.cohort IS NULL AND j.programme_id = pg.programme
        UNION ALL
        SELECT j.*, c.commune_id, c.counsellor_id
        FROM public.funding_journey AS fj
        JOIN public.journey AS j ON j.id = fj.journey_id JOIN public.carrier AS c ON c.id = j.carrier_id
        WHERE pg.cohort IS NULL AND pg.programme IS NULL AND fj.funding_id = pg.funding
        UNION ALL
        SELECT j.*, c.commune_id, c.counsellor_id FROM public.journey AS j JOIN public.carrier AS c ON c.id = j.carrier_id
        WHERE pg.cohort IS NULL AND pg.programme IS NULL AND pg.funding IS NULL AND j.operator_id = pg.operator
        UNION ALL
        SELECT j.*, c.commune_id, c.counsellor_id
        FROM public.territory_ancestor AS a
        JOIN public.carrier AS c ON c.commune_id = a.territory_id
        JOIN public.journey AS j ON j.carrier_id = c.id
        WHERE pg.cohort IS NULL AND pg.programme IS NULL AND pg.funding IS NULL AND pg.operator IS NULL
          AND a.ancestor_id = pg.territory
        UNION ALL
        SELECT j.*, c.commune_id, c.counsellor_id FROM public.journey AS j JOIN public.carrier AS c ON c.id = j.carrier_id
        WHERE pg.cohort IS NULL AND pg.programme IS NULL AND pg.funding IS NULL AND pg.operator IS NULL
          AND pg.territory IS NULL
    ) AS j
    CROSS JOIN me
    CROSS JOIN LATERAL parcours_reports_on(me.role, me.operator_id, me.staff_id, me.funder_id, j.id, j.operator_id, j.counsellor_id)
    WHERE (pg.operator IS NULL OR j.operator_id = pg.operator)
      AND (pg.programme IS NULL OR j.programme_id = pg.programme)
      AND (pg.cohort IS NULL OR j.cohort_id = pg.cohort)
      -- one index probe a journey (`IN (subtree)` scanned the territory's communes for each), and
      -- none when the territory found the journey
      AND (pg.territory IS NULL
           OR (pg.cohort IS NULL AND pg.programme IS NULL AND pg.funding IS NULL AND pg.operator IS NULL)
           OR EXISTS (SELECT FROM public.territory_ancestor AS a WHERE a.ancestor_id = pg.territory AND a.territory_id = j.commune_id))
      -- and none when the agreement found it
      AND (pg.funding IS NULL OR (pg.cohort IS NULL AND pg.programme IS NULL)
           OR EXISTS (SELECT FROM public.funding_journey AS fj WHERE fj.funding_id = pg.funding AND fj.journey_id = j.id))
$$;
REVOKE ALL ON FUNCTION parcours_scope_journey(jsonb) FROM PUBLIC, parcours_app;
