-- The people each page counts as having left in the period (parcours_scope_journey's pages) — a
-- person once a page, by the journey they left last — counted by the breakdown's labels, with what
-- the outcomes report counts of them: the journey's outcome, the activity it created (legal form,
-- jobs) and the situation six months on. By operator, territory or gender each exit is labelled
-- where it is found, as parcours_scope_carrier labels a person, and counted under its labels: a
-- year's 256,000 exits handed person by person to be labelled, then joined back, were two thirds
-- of the report. By age, labour status or education (their entry and their profile then) each
-- person goes through parcours_scope_carrier.
--
-- A page of the network, an operator or a territory holds all of a person's journeys or none (they
-- share the person's operator and commune): read by someone who counts every journey, each
-- person's last exit is then the same on every such page, found once for the network
-- (parcours_last_exits) and handed to the pages it belongs to, with the entry kept with the person
-- — instead of every page's journeys found, filtered and sorted apart (a national report's exits:
-- 0.68 → 0.2 s). The network's page alone counts them as they are found.
--
-- PL/pgSQL so that its statement is planned with the period's dates: a SQL function's are
-- parameters, whose range the planner guesses at 0.5 % of the journeys, and it then hashed a
-- year's 256,000 exits to meet their people instead of walking both in the people's order
-- (carrier_person_idx, sql/0048).
DROP FUNCTION IF EXISTS parcours_exit_groups(jsonb, text[], date, date);
CREATE OR REPLACE FUNCTION parcours_exit_groups(pages jsonb, breakdown text[], from_date date, to_date date)
    RETURNS TABLE (page integer, g_operator text, g_territory text, g_gender text, g_age text, g_labour text, g_education text,
                   outcome text, created boolean, legal_form text, followed boolean, situation text, exits integer, jobs_fte numeric)
    LANGUAGE plpgsql STABLE ROWS 20000
    -- Hashing, as it joins sets, never a page at a time; the exits meet their people in order (a
    -- report turns merging off). Groups hashed, never sorted: guessing each exit its own group, the
    -- planner sorted a year's 256,000 exits to group them (0.2 s).
    SET search_path = pg_catalog, public, pg_temp
    SET jit = off SET enable_nestloop = off SET enable_mergejoin = on SET enable_sort = off AS $$
#variable_conflict use_column
DECLARE
    by_person constant boolean := breakdown && ARRAY['age', 'labour', 'education'];
    page_count integer;
    narrowed integer;
    network_page integer;
    operators integer;
    operator_pages integer;
    whole boolean;
    network_alone boolean;
BEGIN
    SELECT count(*), count(*) FILTER (WHERE p.programme IS NOT NULL OR p.cohort IS NOT NULL OR p.funding IS NOT NULL),
           min(p.page) FILTER (WHERE p.operator IS NULL AND p.territory IS NULL), count(DISTINCT p.operator), count(p.operator)
    INTO page_count, narrowed, network_page, operators, operator_pages
    FROM jsonb_to_recordset(pages) AS p (page integer, operator bigint, territory bigint, programme bigint, cohort bigint, funding bigint);
    whole := coalesce(parcours_current_role() IN ('admin', 'network'), false) AND narrowed = 0
             -- pages that all come down to one operator read its journeys alone, by its index
             -- (parcours_scope_period): the network's exits found for one operator's page took its
             -- report 30 → 134 ms
             AND NOT (operators = 1 AND operator_pages = page_count);
    network_alone := whole AND page_count = 1 AND network_page IS NOT NULL;
    RETURN QUERY
    WITH page AS MATERIALIZED (
        SELECT * FROM jsonb_to_recordset(pages) AS p (page integer, operator bigint, territory bigint, depth integer)
    ), last_exit AS MATERIALIZED (
        SELECT * FROM parcours_last_exits(from_date, to_date) WHERE whole AND NOT network_alone
    ), exited AS (
        -- the network's page alone: the exits as they are found (joined to the page, they were kept
        -- to be read again for each of the hundred pages the planner expects)
        SELECT network_page AS page, x.carrier_id, x.journey_id, x.phase,
               CASE WHEN by_person THEN x.entered_on END AS entry_on, x.carrier_operator_id, x.commune_id, x.gender, x.birth_date
        FROM parcours_last_exits(from_date, to_date) AS x
        WHERE network_alone
        UNION ALL
        -- the operators' and territories' pages: each by its most selective filter, then every filter of the page
        SELECT pg.page, x.carrier_id, x.journey_id, x.phase, CASE WHEN by_person THEN x.entered_on END,
               x.carrier_operator_id, x.commune_id, x.gender, x.birth_date
        FROM page AS pg JOIN last_exit AS x ON x.operator_id = pg.operator
        WHERE pg.territory IS NULL
           OR EXISTS (SELECT FROM public.territory_ancestor AS a WHERE a.ancestor_id = pg.territory AND a.territory_id = x.commune_id)
        UNION ALL
        SELECT pg.page, x.carrier_id, x.journey_id, x.phase, CASE WHEN by_person THEN x.entered_on END,
               x.carrier_operator_id, x.commune_id, x.gender, x.birth_date
        FROM page AS pg JOIN public.territory_ancestor AS a ON a.ancestor_id = pg.territory JOIN last_exit AS x ON x.commune_id = a.territory_id
        WHERE pg.operator IS NULL
        UNION ALL
        SELECT pg.page, x.carrier_id, x.journey_id, x.phase, CASE WHEN by_person THEN x.entered_on END,
               x.carrier_operator_id, x.commune_id, x.gender, x.birth_date
        FROM page AS pg CROSS JOIN last_exit AS x
        WHERE pg.operator IS NULL AND pg.territory IS NULL
        UNION ALL
        -- any other page, or someone who counts only some journeys: each page's own
        SELECT e.* FROM (
            SELECT DISTINCT ON (j.page, j.carrier_id) j.page, j.carrier_id, j.journey_id, j.phase, j.entry_on,
                   j.carrier_operator_id, j.commune_id, j.gender, j.birth_date
            FROM parcours_scope_period(pages, from_date, to_date, 'closed', by_person) AS j
            WHERE NOT whole
            ORDER BY j.page, j.carrier_id, j.closed_on DESC, j.journey_id DESC
        ) AS e
    ), counted AS NOT MATERIALIZED (
        -- each exit with its activity and six-month situation (at most one each)
        SELECT x.*, a.journey_id IS NOT NULL AS created, a.legal_form, a.jobs_fte, f.journey_id IS NOT NULL AS followed, f.situation
        FROM exited AS x
        LEFT JOIN public.activity AS a ON a.journey_id = x.journey_id
        LEFT JOIN public.follow_up AS f ON f.journey_id = x.journey_id AND f.after_months = 6
    ), person_exit AS MATERIALIZED (
        -- by age, labour status or education: each person labelled from their entry and profile
        SELECT c.* FROM counted AS c WHERE by_person
    ), person AS (
        SELECT s.*
        FROM parcours_scope_carrier(pages, breakdown, false, ARRAY(
            SELECT ROW(c.page, c.carrier_id, c.entry_on, c.carrier_operator_id, c.commune_id, c.gender, c.birth_date)::parcours_counted_person
            FROM person_exit AS c)) AS s
    ), labelled AS (
        SELECT c.page, p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education,
               c.phase, c.created, c.legal_form, c.jobs_fte, c.followed, c.situation
        FROM person_exit AS c
        JOIN person AS p ON p.page = c.page AND p.carrier_id = c.carrier_id
        UNION ALL
        -- by operator, territory or gender: each exit labelled where it is found, as
        -- parcours_scope_carrier labels a person (the commune's place at the page's level)
        SELECT c.page, CASE WHEN 'operator' = ANY (breakdown) THEN o.name END,
               CASE WHEN 'territory' = ANY (breakdown) THEN coalesce(pl.label, 'unknown') END,
               CASE WHEN 'gender' = ANY (breakdown) THEN coalesce(c.gender, 'unknown') END, NULL, NULL, NULL,
               c.phase, c.created, c.legal_form, c.jobs_fte, c.followed, c.situation
        FROM counted AS c
        JOIN public.operator AS o ON o.id = c.carrier_operator_id
        LEFT JOIN page AS pg ON pg.page = c.page AND 'territory' = ANY (breakdown)
        LEFT JOIN public.territory_place AS pl ON pl.territory_id = c.commune_id AND pl.level = pg.depth
        WHERE NOT by_person
    )
    SELECT l.page, l.g_operator, l.g_territory, l.g_gender, l.g_age, l.g_labour, l.g_education,
           l.phase, l.created, l.legal_form, l.followed, l.situation, count(*)::integer, sum(l.jobs_fte)
    FROM labelled AS l
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12;
END
$$;
REVOKE ALL ON FUNCTION parcours_exit_groups(jsonb, text[], date, date) FROM PUBLIC, parcours_app;
