-- The journeys of each page (parcours_scope_journey's pages) that a report of the period counts,
-- found from the period rather than from every journey of every page: `closed`, those closed in
-- the period; `active`, those open at some point of it or with attendance at a session held in
-- it (its day in France); `opened`, those opened in it; `referred`, those with a referral
-- proposed in it; `changed`, those with a phase change effective in it or closed in it. Each
-- meets the pages it belongs to by a hash join on the page's most selective filter. With
-- `with_entry`, each person's entry in the page — their first journey there, of any period (null
-- otherwise): on a page of the network, an operator or a territory, the entry kept with the
-- person (carrier.entered_on, all of whose journeys are theirs); on a programme's, a cohort's or
-- an agreement's, or for a funder, who sees only some journeys, looked up for those people alone,
-- once per person and programme, cohort or agreement. With each journey, its person's operator,
-- commune, gender and birth date, read here once: a report's breakdown groups by them
-- (parcours_scope_carrier) without reading the people again.
DROP FUNCTION IF EXISTS parcours_scope_period(jsonb, date, date, text, boolean);
CREATE OR REPLACE FUNCTION parcours_scope_period(pages jsonb, from_date date, to_date date, which text, with_entry boolean)
    RETURNS TABLE (page integer, journey_id bigint, carrier_id bigint, programme_id bigint, cohort_id bigint,
                   opened_on date, closed_on date, phase text, entry_on date,
                   carrier_operator_id bigint, commune_id bigint, gender text, birth_date date)
    LANGUAGE sql STABLE ROWS 20000
    -- not inlined (see parcours_scope_journey); hashing, as it joins sets, never a page at a time
    SET jit = off SET enable_nestloop = off AS $$
    WITH me AS MATERIALIZED (
        SELECT parcours_current_role() AS role, parcours_current_operator() AS operator_id,
               parcours_current_staff() AS staff_id, parcours_current_funder() AS funder_id
    ), page AS MATERIALIZED (
        SELECT * FROM jsonb_to_recordset(pages)
            AS p (page integer, operator bigint, territory bigint, programme bigint, cohort bigint, funding bigint)
    ), one AS MATERIALIZED (
        -- The one operator that every page and the acting identity come down to, if any — a
        -- coordinator's or counsellor's reports, an operator's page: its journeys alone are read.
        SELECT coalesce(
                   CASE WHEN me.role IN ('coordinator', 'counsellor') THEN me.operator_id END,
                   (SELECT min(p.operator) FROM page AS p
                    HAVING count(*) = count(p.operator) AND min(p.operator) = max(p.operator))) AS operator_id
        FROM me
    ), counted AS (
        -- each branch by its own index; `which` chooses one, the network's or one operator's. The
        -- branches never overlap (each leaves out what an earlier one found): appended, not
        -- deduplicated — hashing every column of a year's 160,000 active journeys to find none twice.
        SELECT j.* FROM public.journey AS j
        WHERE which = 'closed' AND (SELECT operator_id FROM one) IS NULL AND j.closed_on BETWEEN from_date AND to_date
        UNION ALL
        SELECT j.* FROM public.journey AS j
        WHERE which = 'active' AND (SELECT operator_id FROM one) IS NULL AND j.closed_on IS NULL AND j.opened_on <= to_date
        UNION ALL
        SELECT j.* FROM public.journey AS j
        WHERE which = 'active' AND (SELECT operator_id FROM one) IS NULL AND j.closed_on >= from_date AND j.opened_on <= to_date
        UNION ALL
        SELECT j.* FROM public.journey AS j
        WHERE which = 'active' AND (SELECT operator_id FROM one) IS NULL
          AND j.id IN (SELECT a.journey_id FROM parcours_period_attendance(from_date, to_date) AS a)
          AND NOT (j.opened_on <= to_date AND (j.closed_on IS NULL OR j.closed_on >= from_date))
        UNION ALL
        SELECT j.* FROM public.journey AS j
        WHERE which = 'opened' AND (SELECT operator_id FROM one) IS NULL AND j.opened_on BETWEEN from_date AND to_date
        UNION ALL
        SELECT j.* FROM public.journey AS j
        WHERE which = 'referred' AND (SELECT operator_id FROM one) IS NULL AND j.id IN (
            SELECT r.journey_id FROM public.referral AS r WHERE r.proposed_on BETWEEN from_date AND to_date)
        UNION ALL
        SELECT j.* FROM public.journey AS j
        WHERE which = 'changed' AND (SELECT operator_id FROM one) IS NULL AND j.closed_on BETWEEN from_date AND to_date
        UNION ALL
        SELECT j.* FROM public.journey AS j
        WHERE which = 'changed' AND (SELECT operator_id FROM one) IS NULL AND j.id IN (
            SELECT e.journey_id FROM public.journey_event AS e WHERE e.effective_on BETWEEN from_date AND to_date)
          AND (j.closed_on IS NULL OR j.closed_on NOT BETWEEN from_date AND to_date)
        UNION ALL
        -- one operator's journeys (an index), those of the period kept
        SELECT j.* FROM public.journey AS j
        WHERE j.operator_id = (SELECT operator_id FROM one)
          AND CASE which
                  WHEN 'closed' THEN j.closed_on BETWEEN from_date AND to_date
                  WHEN 'active' THEN (j.opened_on <= to_date AND (j.closed_on IS NULL OR j.closed_on >= from_date))
                                     OR j.id IN (SELECT a.journey_id FROM parcours_period_attendance(from_date, to_date) AS a)
                  WHEN 'opened' THEN j.opened_on BETWEEN from_date AND to_date
                  WHEN 'referred' THEN j.id IN (
                      SELECT r.journey_id FROM public.referral AS r WHERE r.proposed_on BETWEEN from_date AND to_date)
                  WHEN 'changed' THEN j.closed_on BETWEEN from_date AND to_date OR j.id IN (
                      SELECT e.journey_id FROM public.journey_event AS e WHERE e.effective_on BETWEEN from_date AND to_date)
              END
    ), candidate AS MATERIALIZED (
        -- each journey's person: by the primary key for one operator's journeys (a quarter's are
        -- 1 % of a network's people, never worth hashing them all), in one pass for the network's
        SELECT j.id, j.carrier_id, j.operator_id, j.programme_id, j.cohort_id, j.opened_on, j.closed_on, j.phase,
               c.commune_id, c.counsellor_id, c.entered_on, c.operator_id AS carrier_operator_id, c.gender, c.birth_date
        FROM counted AS j
        CROSS JOIN LATERAL (SELECT c.commune_id, c.counsellor_id, c.entered_on, c.operator_id, c.gender, c.birth_date FROM public.carrier AS c
                            WHERE c.id = j.carrier_id OFFSET 0) AS c
        CROSS JOIN me
        CROSS JOIN LATERAL parcours_reports_on(me.role, me.operator_id, me.staff_id, me.funder_id, j.id, j.operator_id, c.counsellor_id)
        WHERE (SELECT operator_id FROM one) IS NOT NULL
        UNION ALL
        SELECT j.id, j.carrier_id, j.operator_id, j.programme_id, j.cohort_id, j.opened_on, j.closed_on, j.phase,
               c.commune_id, c.counsellor_id, c.entered_on, c.operator_id AS carrier_operator_id, c.gender, c.birth_date
        FROM counted AS j JOIN public.carrier AS c ON c.id = j.carrier_id CROSS JOIN me
        CROSS JOIN LATERAL parcours_reports_on(me.role, me.operator_id, me.staff_id, me.funder_id, j.id, j.operator_id, c.counsellor_id)
        WHERE (SELECT operator_id FROM one) IS NULL
    ), found AS (
        -- each page with the journeys its most selective filter finds, carried along (not found
        -- by their key and joined back: a network's 48,000 journeys hashed once more)
        SELECT pg.page, pg.operator, pg.territory, pg.programme, pg.cohort, pg.funding, x.*
        FROM page AS pg JOIN candidate AS x ON x.cohort_id = pg.cohort
        UNION ALL
        SELECT pg.page, pg.operator, pg.territory, pg.programme, pg.cohort, pg.funding, x.*
        FROM page AS pg JOIN candidate AS x ON x.programme_id = pg.programme
        WHERE pg.cohort IS NULL
        UNION ALL
        SELECT pg.page, pg.operator, pg.territory, pg.programme, pg.cohort, pg.funding, x.*
        FROM page AS pg JOIN public.funding_journey AS fj ON fj.funding_id = pg.funding JOIN candidate AS x ON x.id = fj.journey_id
        WHERE pg.cohort IS NULL AND pg.programme IS NULL
        UNION ALL
        SELECT pg.page, pg.operator, pg.territory, pg.programme, pg.cohort, pg.funding, x.*
        FROM page AS pg JOIN candidate AS x ON x.operator_id = pg.operator
        WHERE pg.cohort IS NULL AND pg.programme IS NULL AND pg.funding IS NULL
        UNION ALL
        SELECT pg.page, pg.operator, pg.territory, pg.programme, pg.cohort, pg.funding, x.*
        FROM page AS pg JOIN public.territory_ancestor AS a ON a.ancestor_id = pg.territory JOIN candidate AS x ON x.commune_id = a.territory_id
        WHERE pg.cohort IS NULL AND pg.programme IS NULL AND pg.funding IS NULL AND pg.operator IS NULL
        UNION ALL
        SELECT pg.page, pg.operator, pg.territory, pg.programme, pg.cohort, pg.funding, x.*
        FROM page AS pg CROSS JOIN candidate AS x
        WHERE pg.cohort IS NULL AND pg.programme IS NULL AND pg.funding IS NULL AND pg.operator IS NULL AND pg.territory IS NULL
    ), paged AS MATERIALIZED (
        -- every filter of the page holds, not only the one that found the journey
        SELECT f.page, f.programme, f.cohort, f.funding, f.id, f.carrier_id, f.operator_id, f.programme_id, f.cohort_id,
               f.opened_on, f.closed_on, f.phase, f.commune_id, f.counsellor_id, f.entered_on,
               f.carrier_operator_id, f.gender, f.birth_date
        FROM found AS f
        WHERE (f.operator IS NULL OR f.operator_id = f.operator)
          AND (f.programme IS NULL OR f.programme_id = f.programme)
          AND (f.cohort IS NULL OR f.cohort_id = f.cohort)
          AND (f.territory IS NULL
               OR (f.cohort IS NULL AND f.programme IS NULL AND f.funding IS NULL AND f.operator IS NULL)
               OR EXISTS (SELECT FROM public.territory_ancestor AS a WHERE a.ancestor_id = f.territory AND a.territory_id = f.commune_id))
          AND (f.funding IS NULL OR (f.cohort IS NULL AND f.programme IS NULL)
               OR EXISTS (SELECT FROM public.funding_journey AS fj WHERE fj.funding_id = f.funding AND fj.journey_id = f.id))
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
        FROM (SELECT DISTINCT p.carrier_id, p.counsellor_id, coalesce(p.programme, 0) AS programme,
                     coalesce(p.cohort, 0) AS cohort, coalesce(p.funding, 0) AS funding
              FROM paged AS p
              WHERE with_entry
                AND (p.programme IS NOT NULL OR p.cohort IS NOT NULL OR p.funding IS NOT NULL
                     OR (SELECT me.role FROM me) = 'funder')) AS k
        CROSS JOIN me
    )
    -- The entry kept with the person, except where a page or a funder's view chooses among their
    -- journeys (apart: joined to the looked-up entries, a network's journeys were hashed again).
    SELECT p.page, p.id, p.carrier_id, p.programme_id, p.cohort_id, p.opened_on, p.closed_on, p.phase,
           CASE WHEN with_entry THEN p.entered_on END, p.carrier_operator_id, p.commune_id, p.gender, p.birth_date
    FROM paged AS p
    WHERE NOT (with_entry AND (p.programme IS NOT NULL OR p.cohort IS NOT NULL OR p.funding IS NOT NULL
                               OR (SELECT me.role IS NOT DISTINCT FROM 'funder' FROM me)))
    UNION ALL
    SELECT p.page, p.id, p.carrier_id, p.programme_id, p.cohort_id, p.opened_on, p.closed_on, p.phase,
           coalesce(e.entry_on, p.entered_on), p.carrier_operator_id, p.commune_id, p.gender, p.birth_date
    FROM paged AS p
    LEFT JOIN entry AS e ON e.carrier_id = p.carrier_id AND e.programme = coalesce(p.programme, 0)
                        AND e.cohort = coalesce(p.cohort, 0) AND e.funding = coalesce(p.funding, 0)
    WHERE with_entry AND (p.programme IS NOT NULL OR p.cohort IS NOT NULL OR p.funding IS NOT NULL
                          OR (SELECT me.role IS NOT DISTINCT FROM 'funder' FROM me))
$$;
REVOKE ALL ON FUNCTION parcours_scope_period(jsonb, date, date, text, boolean) FROM PUBLIC, parcours_app;
