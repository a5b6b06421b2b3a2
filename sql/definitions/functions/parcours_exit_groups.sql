-- The people each page counts as having left in the period (parcours_scope_journey's pages) — a
-- person once a page, by the journey they left last — counted in groups of people a breakdown
-- cannot tell apart, with what the outcomes report counts of them: the journey's outcome, the
-- activity it created (legal form, jobs) and the situation six months on. A group shares its
-- page, operator and, when the breakdown reads them, commune and gender; by age, labour status or
-- education each person is a group (`birth_date`, `entry_on`: their entry in the page). The least
-- of a group's people stands for it (`stand_in`, on one of its rows `stands`): the report labels
-- the groups, not their people — a year's 256,000 exits by operator and département are 17,000
-- groups (an operator's people in one commune), and each person labelled and joined back was two
-- thirds of the report.
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
CREATE OR REPLACE FUNCTION parcours_exit_groups(pages jsonb, breakdown text[], from_date date, to_date date)
    RETURNS TABLE (page integer, stand_in bigint, stands boolean, carrier_operator_id bigint, commune_id bigint, gender text,
                   birth_date date, entry_on date, outcome text, created boolean, legal_form text, followed boolean, situation text,
                   exits integer, jobs_fte numeric)
    LANGUAGE plpgsql STABLE ROWS 20000
    -- Hashing, as it joins sets, never a page at a time; the exits meet their people in order (a
    -- report turns merging off). Groups hashed, never sorted: guessing each exit its own group, the
    -- planner sorted the year's 256,000 exits to group them (0.2 s) for the 43,000 groups' order.
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
        SELECT * FROM jsonb_to_recordset(pages) AS p (page integer, operator bigint, territory bigint)
    ), last_exit AS MATERIALIZED (
        SELECT * FROM parcours_last_exits(from_date, to_date) WHERE whole AND NOT network_alone
    ), exited AS (
        -- the network's page alone: the exits as they are found (joined to the page, they were kept
        -- to be read again for each of the hundred pages the planner expects, then sorted)
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
    ), grouped AS MATERIALIZED (
        SELECT x.page, x.carrier_operator_id,
               CASE WHEN 'territory' = ANY (breakdown) THEN x.commune_id END AS commune_id,
               CASE WHEN 'gender' = ANY (breakdown) THEN x.gender END AS gender,
               CASE WHEN by_person THEN x.carrier_id END AS person,
               x.phase AS outcome, a.journey_id IS NOT NULL AS created, a.legal_form,
               f.journey_id IS NOT NULL AS followed, f.situation,
               count(*)::integer AS exits, sum(a.jobs_fte) AS jobs_fte, min(x.carrier_id) AS someone,
               -- a person's own, by person (null otherwise)
               min(CASE WHEN by_person THEN x.birth_date END) AS birth_date, min(x.entry_on) AS entry_on
        FROM exited AS x
        -- each exit's activity and six-month situation (at most one each)
        LEFT JOIN public.activity AS a ON a.journey_id = x.journey_id
        LEFT JOIN public.follow_up AS f ON f.journey_id = x.journey_id AND f.after_months = 6
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    )
    SELECT g.page, min(g.someone) OVER w, g.someone = min(g.someone) OVER w, g.carrier_operator_id, g.commune_id, g.gender,
           g.birth_date, g.entry_on, g.outcome, g.created, g.legal_form, g.followed, g.situation, g.exits, g.jobs_fte
    FROM grouped AS g
    WINDOW w AS (PARTITION BY g.page, g.carrier_operator_id, g.commune_id, g.gender, g.person);
END
$$;
REVOKE ALL ON FUNCTION parcours_exit_groups(jsonb, text[], date, date) FROM PUBLIC, parcours_app;
