-- Each page's people who left in the period (parcours_scope_journey's pages), with the journey they
-- left last and their entry in the page (their first journey there). It starts from the journeys
-- closed in the period (an index), not from every journey of every page: a quarter's exits are 5 %
-- of a network's journeys, and a dashboard asks for them a dozen times. Each closed journey meets
-- the pages it belongs to by a hash join on the page's most selective filter; the entry is then
-- looked up for those people alone, once per person and programme, cohort or agreement, and only
-- `with_entry` (for an age band or a profile: null otherwise).
DROP FUNCTION IF EXISTS parcours_scope_exit(bigint, bigint, bigint, bigint, bigint, date, date);
DROP FUNCTION IF EXISTS parcours_scope_exit(jsonb, date, date);
CREATE OR REPLACE FUNCTION parcours_scope_exit(pages jsonb, from_date date, to_date date, with_entry boolean)
    RETURNS TABLE (page integer, carrier_id bigint, journey_id bigint, outcome text, opened_on date, closed_on date, entry_on date)
    LANGUAGE sql STABLE ROWS 1000
    -- not inlined (see parcours_scope_journey); hashing, as it joins sets, never a page at a time
    SET jit = off SET enable_nestloop = off AS $$
    WITH me AS MATERIALIZED (
        SELECT parcours_current_role() AS role, parcours_current_operator() AS operator_id,
               parcours_current_staff() AS staff_id, parcours_current_funder() AS funder_id
    ), page AS MATERIALIZED (
        SELECT * FROM jsonb_to_recordset(pages)
            AS p (page integer, operator bigint, territory bigint, programme bigint, cohort bigint, funding bigint)
    ), closed AS MATERIALIZED (
        SELECT j.id, j.carrier_id, j.operator_id, j.programme_id, j.cohort_id, j.opened_on, j.closed_on, j.phase,
               c.commune_id, c.counsellor_id
        FROM public.journey AS j JOIN public.carrier AS c ON c.id = j.carrier_id CROSS JOIN me
        CROSS JOIN LATERAL parcours_reports_on(me.role, me.operator_id, me.staff_id, me.funder_id, j.id, j.operator_id, c.counsellor_id)
        WHERE j.closed_on BETWEEN from_date AND to_date
    ), found (page, id) AS (
        SELECT pg.page, x.id FROM page AS pg JOIN closed AS x ON x.cohort_id = pg.cohort
        UNION ALL
        SELECT pg.page, x.id FROM page AS pg JOIN closed AS x ON x.programme_id = pg.programme
        WHERE pg.cohort IS NULL
        UNION ALL
        SELECT pg.page, x.id
        FROM page AS pg JOIN public.funding_journey AS fj ON fj.funding_id = pg.funding JOIN closed AS x ON x.id = fj.journey_id
        WHERE pg.cohort IS NULL AND pg.programme IS NULL
        UNION ALL
        SELECT pg.page, x.id FROM page AS pg JOIN closed AS x ON x.operator_id = pg.operator
        WHERE pg.cohort IS NULL AND pg.programme IS NULL AND pg.funding IS NULL
        UNION ALL
        SELECT pg.page, x.id
        FROM page AS pg JOIN public.territory_ancestor AS a ON a.ancestor_id = pg.territory JOIN closed AS x ON x.commune_id = a.territory_id
        WHERE pg.cohort IS NULL AND pg.programme IS NULL AND pg.funding IS NULL AND pg.operator IS NULL
        UNION ALL
        SELECT pg.page, x.id FROM page AS pg CROSS JOIN closed AS x
        WHERE pg.cohort IS NULL AND pg.programme IS NULL AND pg.funding IS NULL AND pg.operator IS NULL AND pg.territory IS NULL
    ), last_exit AS (
        -- a person counts once a page, with the journey they left last
        SELECT DISTINCT ON (pg.page, x.carrier_id) pg.page, pg.programme, pg.cohort, pg.funding, x.*
        FROM found AS f JOIN page AS pg ON pg.page = f.page JOIN closed AS x ON x.id = f.id
        WHERE (pg.operator IS NULL OR x.operator_id = pg.operator)
          AND (pg.programme IS NULL OR x.programme_id = pg.programme)
          AND (pg.cohort IS NULL OR x.cohort_id = pg.cohort)
          AND (pg.territory IS NULL
               OR (pg.cohort IS NULL AND pg.programme IS NULL AND pg.funding IS NULL AND pg.operator IS NULL)
               OR EXISTS (SELECT FROM public.territory_ancestor AS a WHERE a.ancestor_id = pg.territory AND a.territory_id = x.commune_id))
          AND (pg.funding IS NULL OR EXISTS (
                  SELECT FROM public.funding_journey AS fj WHERE fj.funding_id = pg.funding AND fj.journey_id = x.id))
        ORDER BY pg.page, x.carrier_id, x.closed_on DESC, x.id DESC
    ), entry AS (
        -- A person's journeys share their operator and their commune: only a page's programme,
        -- cohort or agreement, and a funder's view, choose among them.
        SELECT k.carrier_id, k.programme, k.cohort, k.funding,
               (SELECT min(j.opened_on)
                FROM public.journey AS j
                CROSS JOIN LATERAL parcours_reports_on(
                    me.role, me.operator_id, me.staff_id, me.funder_id, j.id, j.operator_id, k.counsellor_id)
                WHERE j.carrier_id = k.carrier_id
                  AND (k.programme = 0 OR j.programme_id = k.programme)
                  AND (k.cohort = 0 OR j.cohort_id = k.cohort)
                  AND (k.funding = 0 OR EXISTS (
                          SELECT FROM public.funding_journey AS fj WHERE fj.funding_id = k.funding AND fj.journey_id = j.id))
               ) AS entry_on
        FROM (SELECT DISTINCT l.carrier_id, l.counsellor_id, coalesce(l.programme, 0) AS programme,
                     coalesce(l.cohort, 0) AS cohort, coalesce(l.funding, 0) AS funding
              FROM last_exit AS l WHERE with_entry) AS k
        CROSS JOIN me
    )
    SELECT l.page, l.carrier_id, l.id, l.phase, l.opened_on, l.closed_on, e.entry_on
    FROM last_exit AS l
    LEFT JOIN entry AS e ON e.carrier_id = l.carrier_id AND e.programme = coalesce(l.programme, 0)
                   AND e.cohort = coalesce(l.cohort, 0) AND e.funding = coalesce(l.funding, 0)
$$;
REVOKE ALL ON FUNCTION parcours_scope_exit(jsonb, date, date, boolean) FROM PUBLIC, parcours_app;
