-- The intake report's rows for every page of `pages` (parcours_scope_journey), laid out as every
-- report's (Store+Reports.swift), the page first, with the prescriber
-- in the third breakdown column: the first contacts of the period, what became of them, the
-- reasons for not admitting, to whom people were redirected, and the prescriber mix — each person
-- once, however many times they were recorded.
DROP FUNCTION IF EXISTS parcours_intake_rows(bigint, bigint, bigint, bigint, bigint, text[], integer, date, date);
CREATE OR REPLACE FUNCTION parcours_intake_rows(pages jsonb, breakdown text[], from_date date, to_date date)
    RETURNS SETOF text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    -- Never JIT (row-level security's funder branch lifts the estimated cost past JIT's thresholds:
    -- 2–5 s of LLVM for a 60–190 ms query) and plan each call with its pages (a generic plan
    -- estimates neither how many there are nor which filters they use).
    SET jit = off SET plan_cache_mode = force_custom_plan
    AS $fn$
BEGIN
    IF parcours_current_role() IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY SELECT parcours_row_cells(row_to_json(q)) FROM (
        WITH contact AS (
            -- Each person once a page: the first contacts of one name (first and last, folded) at
            -- one operator are one person's, counted by the one that went furthest (admitted, then
            -- the latest); a contact without a last name, or erased, is its own.
            SELECT DISTINCT ON (s.page, i.operator_id, person.key) s.*, i.*
            FROM parcours_scope_intake(pages, breakdown) AS s
            JOIN intake AS i ON i.id = s.intake_id
            CROSS JOIN LATERAL (
                SELECT CASE WHEN i.last_name IS NULL OR i.first_name = parcours_erased() THEN 'contact ' || i.id
                            ELSE parcours_name_key(i.first_name, i.last_name) END AS key
            ) AS person
            WHERE i.contacted_on BETWEEN from_date AND to_date
            ORDER BY s.page, i.operator_id, person.key, i.status = 'admitted' DESC, i.contacted_on DESC, i.id DESC
        )
        SELECT pg.page, 'intake' AS section, c.g_operator, c.g_territory, c.g_prescriber, NULL::text AS g4, NULL::text AS g5, NULL::text AS g6,
               GROUPING(c.g_operator, c.g_territory, c.g_prescriber) <> 0 AS is_total,
               -- every value as text: the sections share the columns
               count(c.intake_id)::text AS v1, count(c.info_session_on)::text AS v2, count(c.diagnostic_on)::text AS v3,
               (count(*) FILTER (WHERE c.status = 'admitted'))::text AS v4,
               (count(*) FILTER (WHERE c.status = 'declined'))::text AS v5,
               (count(*) FILTER (WHERE c.status = 'pending'))::text AS v6,
               (count(*) FILTER (WHERE j.phase = 'activity_created'))::text AS v7,
               round(100.0 * count(*) FILTER (WHERE c.status = 'admitted') / nullif(count(c.intake_id), 0), 1)::text AS v8,
               round((percentile_cont(0.5) WITHIN GROUP (ORDER BY c.decided_on - c.contacted_on)
                      FILTER (WHERE c.status = 'admitted'))::numeric, 1)::text AS v9
        -- every page has its total, even a page without any first contact
        FROM jsonb_to_recordset(pages) AS pg (page integer)
        LEFT JOIN (contact AS c LEFT JOIN journey AS j ON j.id = c.journey_id) ON c.page = pg.page
        GROUP BY GROUPING SETS ((pg.page, c.g_operator, c.g_territory, c.g_prescriber), (pg.page))
        HAVING count(c.intake_id) > 0 OR GROUPING(c.g_operator, c.g_territory, c.g_prescriber) <> 0
        UNION ALL
        SELECT c.page, 'declines', c.g_operator, c.g_territory, c.g_prescriber, NULL, NULL, NULL,
               GROUPING(c.g_operator, c.g_territory, c.g_prescriber) <> 0,
               c.decline_reason, count(*)::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL
        FROM contact AS c WHERE c.status = 'declined'
        GROUP BY GROUPING SETS ((c.page, c.g_operator, c.g_territory, c.g_prescriber, c.decline_reason), (c.page, c.decline_reason))
        UNION ALL
        SELECT c.page, 'redirections', c.g_operator, c.g_territory, c.g_prescriber, NULL, NULL, NULL,
               GROUPING(c.g_operator, c.g_territory, c.g_prescriber) <> 0,
               pa.name, count(*)::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL
        FROM contact AS c JOIN partner AS pa ON pa.id = c.redirected_to
        GROUP BY GROUPING SETS ((c.page, c.g_operator, c.g_territory, c.g_prescriber, pa.name), (c.page, pa.name))
        UNION ALL
        -- the prescriber mix is itself the breakdown by prescriber: within operator and territory only
        SELECT c.page, 'prescribers', c.g_operator, c.g_territory, NULL, NULL, NULL, NULL,
               GROUPING(c.g_operator, c.g_territory) <> 0,
               c.prescriber, count(*)::text, (count(*) FILTER (WHERE c.status = 'admitted'))::text,
               round(100.0 * count(*) / nullif(sum(count(*)) OVER (PARTITION BY c.page, GROUPING(c.g_operator, c.g_territory),
                                                                                c.g_operator, c.g_territory), 0), 1)::text,
               NULL, NULL, NULL, NULL, NULL
        FROM contact AS c
        GROUP BY GROUPING SETS ((c.page, c.g_operator, c.g_territory, c.prescriber), (c.page, c.prescriber))
        ORDER BY 1, 2, 9, 3, 4, 5, 10
    ) AS q;
END
$fn$;
REVOKE ALL ON FUNCTION parcours_intake_rows(jsonb,text[],date,date) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_intake_rows(jsonb,text[],date,date) TO parcours_app;
