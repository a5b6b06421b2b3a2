-- The rows of one report query for every page of `pages` (parcours_scope_journey), each row
-- starting with its page: a dashboard computes a report for all its pages in one statement, a
-- command line report is one page. In the funnel a person reached a phase when they reached it or
-- any later phase of the programme (a journey may skip a phase): no conversion is above 100 %.
DROP FUNCTION IF EXISTS parcours_report_rows(text, bigint, bigint, bigint, bigint, bigint, text[], integer, date, date);
CREATE OR REPLACE FUNCTION parcours_report_rows(report text, pages jsonb, breakdown text[], from_date date, to_date date)
    RETURNS SETOF text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    -- Never JIT (row-level security's funder branch lifts the estimated cost past JIT's thresholds:
    -- 2–5 s of LLVM for a 60–190 ms query) and plan each call with its pages (a generic plan
    -- estimates neither how many there are nor which filters they use). Hash, never loop: the
    -- scopes' estimates are guesses, and a nested loop over two of them, cheap when they are
    -- small, took minutes over a dashboard's pages. The guesses are large (ROWS 20000): guessed
    -- at 1,000, a national year's 56,000 exits and their people were each hashed again at every
    -- join instead of the activities, the labels and the pages they meet (its outcomes 0.61 →
    -- 0.47 s, the year's other reports 10–20 % faster).
    -- Nor merge: the scopes' people met by two sorts of 56,000 rows each cost more than one hash
    -- (a national year's outcomes 1.41 → 1.19 s, activity 4.2 → 3.0 s).
    -- A dashboard's scopes hold a network's people once per page: sorted and hashed in memory,
    -- not on disk (4 MB by default).
    SET jit = off SET plan_cache_mode = force_custom_plan SET enable_nestloop = off SET enable_mergejoin = off
    SET work_mem = '64MB'
    AS $fn$
BEGIN
    IF parcours_current_role() IS NULL THEN
        RETURN;
    END IF;
    CASE report
        WHEN 'activity' THEN
            RETURN QUERY SELECT parcours_row_cells(row_to_json(q)) FROM (
                WITH scoped AS MATERIALIZED (
                    -- the journeys of the period, each with its person's entry in the page
                    SELECT * FROM parcours_scope_period(pages, from_date, to_date, 'active', true)
                ), fact AS (
                    -- journeys active at some point of the period
                    SELECT j.page, j.carrier_id, j.journey_id, NULL::bigint AS session_id, NULL::text AS status, 0 AS minutes
                    FROM scoped AS j
                    WHERE j.opened_on <= to_date AND (j.closed_on IS NULL OR j.closed_on >= from_date)
                    UNION ALL
                    -- attendance at the sessions held in the period (their day in France)
                    SELECT j.page, j.carrier_id, NULL, a.session_id, a.status, a.minutes
                    FROM scoped AS j
                    JOIN parcours_period_attendance(from_date, to_date) AS a ON a.journey_id = j.journey_id
                ), person AS (
                    -- in every report: the people it counts, each with their entry in the page (their
                    -- first journey there), and no second reading of the page (parcours_scope_carrier)
                    SELECT s.*
                    FROM parcours_scope_carrier(pages, breakdown, false, ARRAY(
                          SELECT ROW(e.page, e.carrier_id, e.entry_on, e.carrier_operator_id, e.commune_id, e.gender, e.birth_date)::parcours_counted_person
                          FROM (SELECT DISTINCT j.page, j.carrier_id, j.entry_on, j.carrier_operator_id, j.commune_id, j.gender, j.birth_date FROM scoped AS j) AS e)) AS s
                )
                SELECT pg.page, 'activity', p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education,
                       GROUPING(p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education) <> 0,
                       count(DISTINCT p.carrier_id) FILTER (WHERE p.entry_on BETWEEN from_date AND to_date),
                       count(DISTINCT f.carrier_id) FILTER (WHERE f.journey_id IS NOT NULL),
                       count(f.journey_id),
                       count(DISTINCT f.session_id) FILTER (WHERE f.status = 'present'),
                       round(sum(f.minutes) / 60.0, 2)::float8,
                       count(f.session_id),
                       round(100.0 * count(*) FILTER (WHERE f.status = 'present') / nullif(count(f.session_id), 0), 1)::float8
                -- every page has its total, even a page without anyone
                FROM jsonb_to_recordset(pages) AS pg (page integer)
                LEFT JOIN (person AS p JOIN fact AS f ON f.page = p.page AND f.carrier_id = p.carrier_id) ON p.page = pg.page
                GROUP BY GROUPING SETS ((pg.page, p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education), (pg.page))
                HAVING count(p.carrier_id) > 0 OR GROUPING(p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education) <> 0
                ORDER BY 1, 9, 3, 4, 5, 6, 7, 8
            ) AS q;
        WHEN 'funnel' THEN
            RETURN QUERY SELECT parcours_row_cells(row_to_json(q)) FROM (
                WITH scoped AS MATERIALIZED (
                    -- the journeys opened in the period, each with its person's entry in the page
                    SELECT * FROM parcours_scope_period(pages, from_date, to_date, 'opened', true)
                ), person AS (
                    SELECT s.*
                    FROM parcours_scope_carrier(pages, breakdown, false, ARRAY(
                          SELECT ROW(e.page, e.carrier_id, e.entry_on, e.carrier_operator_id, e.commune_id, e.gender, e.birth_date)::parcours_counted_person
                          FROM (SELECT DISTINCT j.page, j.carrier_id, j.entry_on, j.carrier_operator_id, j.commune_id, j.gender, j.birth_date FROM scoped AS j) AS e)) AS s
                ), reached AS (
                    -- every phase of the programme, reached or not, for every person who entered it
                    SELECT p.page, pr.id AS programme_id, pr.name AS programme, p.g_operator, p.g_territory, p.g_gender, p.g_age,
                           p.g_labour, p.g_education, ph.phase, ph.ord,
                           -- a phase skipped on the way to a later one counts as passed: never above 100 %
                           count(DISTINCT j.carrier_id) FILTER (WHERE EXISTS (
                               SELECT FROM journey_event AS ev
                               WHERE ev.journey_id = j.journey_id AND ev.to_state = ANY (pr.phases[ph.ord::integer:])
                           )) AS carriers
                    FROM scoped AS j
                    JOIN person AS p ON p.page = j.page AND p.carrier_id = j.carrier_id
                    JOIN programme AS pr ON pr.id = j.programme_id
                    CROSS JOIN LATERAL unnest(pr.phases) WITH ORDINALITY AS ph (phase, ord)
                    WHERE j.opened_on BETWEEN from_date AND to_date
                    GROUP BY p.page, pr.id, pr.operator_id, pr.name, p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education, ph.phase, ph.ord
                )
                SELECT page, 'funnel', g_operator, g_territory, g_gender, g_age, g_labour, g_education, false,
                       programme, phase, carriers,
                       round(100.0 * carriers / nullif(first_value(carriers) OVER w, 0), 1)::float8,
                       round(100.0 * carriers / nullif(lag(carriers) OVER w, 0), 1)::float8
                FROM reached
                WINDOW w AS (PARTITION BY page, programme_id, g_operator, g_territory, g_gender, g_age, g_labour, g_education ORDER BY ord)
                ORDER BY page, programme, programme_id, 3, 4, 5, 6, 7, 8, ord
            ) AS q;
        WHEN 'outcomes', 'exits' THEN
            -- The outcomes report's parts from one reading of the exits: who left (a person once a
            -- page, their last exit), what they created, where they were six months on, and how
            -- many of those situations are missing; `exits` alone for the dashboards' figures.
            -- Each part in its order (row_number over its sorted rows), the parts one after another.
            RETURN QUERY
            WITH counted AS MATERIALIZED (
                -- who left, counted by the breakdown's labels
                SELECT * FROM parcours_exit_groups(pages, breakdown, from_date, to_date)
            )
            SELECT part.cells FROM (
                SELECT 1 AS part, row_number() OVER () AS n, parcours_row_cells(row_to_json(q)) AS cells FROM (
                    SELECT pg.page, 'exits', x.g_operator, x.g_territory, x.g_gender, x.g_age, x.g_labour, x.g_education,
                           GROUPING(x.g_operator, x.g_territory, x.g_gender, x.g_age, x.g_labour, x.g_education) <> 0,
                           coalesce(sum(x.exits), 0),
                           coalesce(sum(x.exits) FILTER (WHERE x.outcome = 'activity_created'), 0),
                           coalesce(sum(x.exits) FILTER (WHERE x.outcome = 'employed'), 0),
                           coalesce(sum(x.exits) FILTER (WHERE x.outcome = 'training'), 0),
                           coalesce(sum(x.exits) FILTER (WHERE x.outcome = 'handed_on'), 0),
                           coalesce(sum(x.exits) FILTER (WHERE x.outcome = 'withdrawn'), 0),
                           -- positive as the ESF+ counts it: in work (including their own activity) or in training
                           coalesce(sum(x.exits) FILTER (WHERE x.outcome IN ('activity_created', 'employed', 'training')), 0),
                           round(100.0 * coalesce(sum(x.exits) FILTER (WHERE x.outcome IN ('activity_created', 'employed', 'training')), 0)
                                 / nullif(coalesce(sum(x.exits), 0), 0), 1)::float8,
                           coalesce(sum(x.jobs_fte), 0)::float8
                    -- every page has its total, even a page without any exit
                    FROM jsonb_to_recordset(pages) AS pg (page integer)
                    LEFT JOIN counted AS x ON x.page = pg.page
                    GROUP BY GROUPING SETS ((pg.page, x.g_operator, x.g_territory, x.g_gender, x.g_age, x.g_labour, x.g_education), (pg.page))
                    HAVING sum(x.exits) > 0 OR GROUPING(x.g_operator, x.g_territory, x.g_gender, x.g_age, x.g_labour, x.g_education) <> 0
                    ORDER BY 1, 9, 3, 4, 5, 6, 7, 8
                ) AS q
                UNION ALL
                SELECT 2, row_number() OVER (), parcours_row_cells(row_to_json(q)) FROM (
                    SELECT x.page, 'activities', x.g_operator, x.g_territory, x.g_gender, x.g_age, x.g_labour, x.g_education,
                           GROUPING(x.g_operator, x.g_territory, x.g_gender, x.g_age, x.g_labour, x.g_education) <> 0,
                           x.legal_form, sum(x.exits), sum(x.jobs_fte)::float8
                    FROM counted AS x
                    WHERE report = 'outcomes' AND x.created
                    GROUP BY GROUPING SETS ((x.page, x.g_operator, x.g_territory, x.g_gender, x.g_age, x.g_labour, x.g_education, x.legal_form),
                                            (x.page, x.legal_form))
                    ORDER BY 1, 9, 3, 4, 5, 6, 7, 8, 10
                ) AS q
                UNION ALL
                SELECT 3, row_number() OVER (), parcours_row_cells(row_to_json(q)) FROM (
                    SELECT x.page, 'follow_up_6_months', x.g_operator, x.g_territory, x.g_gender, x.g_age, x.g_labour, x.g_education,
                           GROUPING(x.g_operator, x.g_territory, x.g_gender, x.g_age, x.g_labour, x.g_education) <> 0,
                           x.situation, sum(x.exits),
                           round(100.0 * sum(x.exits) / sum(sum(x.exits)) OVER (
                               PARTITION BY x.page, x.g_operator, x.g_territory, x.g_gender, x.g_age, x.g_labour, x.g_education,
                                            GROUPING(x.g_operator, x.g_territory, x.g_gender, x.g_age, x.g_labour, x.g_education)), 1)::float8
                    FROM counted AS x
                    WHERE report = 'outcomes' AND x.followed
                    GROUP BY GROUPING SETS ((x.page, x.g_operator, x.g_territory, x.g_gender, x.g_age, x.g_labour, x.g_education, x.situation),
                                            (x.page, x.situation))
                    ORDER BY 1, 9, 3, 4, 5, 6, 7, 8,
                             array_position(ARRAY['employed', 'self_employed', 'training', 'job_seeking', 'inactive', 'unknown'], x.situation)
                ) AS q
                UNION ALL
                -- the exits without a six-month situation, a page's count as a total row
                SELECT 4, row_number() OVER (), parcours_row_cells(row_to_json(q)) FROM (
                    SELECT x.page, 'follow_up_missing', NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, true,
                           sum(x.exits)::int
                    FROM counted AS x
                    WHERE report = 'outcomes' AND NOT x.followed
                    GROUP BY x.page
                    ORDER BY x.page
                ) AS q
            ) AS part
            ORDER BY part.part, part.n;
        WHEN 'durations' THEN
            RETURN QUERY SELECT parcours_row_cells(row_to_json(q)) FROM (
                WITH scoped AS MATERIALIZED (
                    -- the journeys with a phase change or an exit in the period, each with its person's entry in the page
                    SELECT * FROM parcours_scope_period(pages, from_date, to_date, 'changed', true)
                ), stay AS (
                    -- each journey's stays, once however many pages hold it; a stay ends at an event
                    -- of the period: only the journeys with one
                    SELECT s.*
                    FROM (SELECT array_agg(DISTINCT j.journey_id) AS ids
                          FROM scoped AS j
                          WHERE j.journey_id IN (SELECT e.journey_id FROM journey_event AS e WHERE e.effective_on BETWEEN from_date AND to_date)
                         ) AS changed
                    CROSS JOIN LATERAL parcours_journey_stays(changed.ids) AS s
                    WHERE s.ended BETWEEN from_date AND to_date
                      AND s.stage IN ('idea', 'workshops', 'modules', 'incubation', 'pitch', 'orientation', 'paused')
                ), measured AS (
                    SELECT j.page, j.carrier_id, s.stage, sum(s.ended - s.began) AS days
                    FROM stay AS s JOIN scoped AS j ON j.journey_id = s.journey_id
                    GROUP BY j.page, j.carrier_id, s.stage
                    UNION ALL
                    -- a person once a page, from the journey they left last (as parcours_last_exits)
                    SELECT x.page, x.carrier_id, 'entry_to_exit', x.days
                    FROM (SELECT DISTINCT ON (e.page, e.carrier_id) e.page, e.carrier_id, e.closed_on - e.opened_on AS days
                          FROM scoped AS e
                          WHERE e.closed_on BETWEEN from_date AND to_date
                          ORDER BY e.page, e.carrier_id, e.closed_on DESC, e.journey_id DESC) AS x
                ), person AS (
                    SELECT s.*
                    FROM parcours_scope_carrier(pages, breakdown, false, ARRAY(
                          SELECT ROW(e.page, e.carrier_id, e.entry_on, e.carrier_operator_id, e.commune_id, e.gender, e.birth_date)::parcours_counted_person
                          FROM (SELECT DISTINCT j.page, j.carrier_id, j.entry_on, j.carrier_operator_id, j.commune_id, j.gender, j.birth_date
                                FROM scoped AS j
                                WHERE (j.page, j.carrier_id) IN (SELECT m.page, m.carrier_id FROM measured AS m)) AS e)) AS s
                )
                SELECT p.page, 'durations', p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education,
                       GROUPING(p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education) <> 0,
                       m.stage, count(*),
                       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY m.days)::numeric, 1)::float8,
                       round(percentile_cont(0.75) WITHIN GROUP (ORDER BY m.days)::numeric, 1)::float8
                FROM measured AS m
                JOIN person AS p ON p.page = m.page AND p.carrier_id = m.carrier_id
                GROUP BY GROUPING SETS ((p.page, p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education, m.stage), (p.page, m.stage))
                ORDER BY 1, 9, 3, 4, 5, 6, 7, 8,
                         array_position(ARRAY['idea', 'workshops', 'modules', 'incubation', 'pitch', 'orientation', 'paused',
                                              'entry_to_exit'], m.stage)
            ) AS q;
        WHEN 'referrals' THEN
            RETURN QUERY
                WITH scoped AS MATERIALIZED (
                    -- the journeys with a referral proposed in the period, each with its person's entry in the page
                    SELECT * FROM parcours_scope_period(pages, from_date, to_date, 'referred', true)
                ), person AS (
                    SELECT s.*
                    FROM parcours_scope_carrier(pages, breakdown, false, ARRAY(
                          SELECT ROW(e.page, e.carrier_id, e.entry_on, e.carrier_operator_id, e.commune_id, e.gender, e.birth_date)::parcours_counted_person
                          FROM (SELECT DISTINCT j.page, j.carrier_id, j.entry_on, j.carrier_operator_id, j.commune_id, j.gender, j.birth_date FROM scoped AS j) AS e)) AS s
                ), referred AS MATERIALIZED (
                    SELECT p.page, p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education, j.carrier_id,
                           r.status, r.proposed_on, r.answered_on, r.decline_reason, pa.id AS partner_id, pa.name AS partner_name, pa.kind
                    FROM scoped AS j
                    JOIN person AS p ON p.page = j.page AND p.carrier_id = j.carrier_id
                    JOIN referral AS r ON r.journey_id = j.journey_id
                    JOIN partner AS pa ON pa.id = r.partner_id
                    WHERE r.proposed_on BETWEEN from_date AND to_date
                )
                SELECT parcours_row_cells(row_to_json(q)) FROM (
                    SELECT f.page, 'referrals', f.g_operator, f.g_territory, f.g_gender, f.g_age, f.g_labour, f.g_education,
                           GROUPING(f.g_operator, f.g_territory, f.g_gender, f.g_age, f.g_labour, f.g_education) <> 0,
                           coalesce(f.kind, 'all'), count(*), count(DISTINCT f.carrier_id),
                           count(*) FILTER (WHERE f.status = 'proposed'), count(*) FILTER (WHERE f.status = 'studying'),
                           count(*) FILTER (WHERE f.status = 'accepted'),
                           count(*) FILTER (WHERE f.status = 'declined'), count(*) FILTER (WHERE f.status = 'completed'),
                           -- taken up: the partner accepted the carrier (and perhaps already completed)
                           round(100.0 * count(*) FILTER (WHERE f.status IN ('accepted', 'completed')) / nullif(count(*), 0), 1)::float8,
                           -- the service level the partner networks ask for: answered (even « à l'étude ») within 3 and 5 days
                           round(100.0 * count(*) FILTER (WHERE f.answered_on - f.proposed_on <= 3) / nullif(count(*), 0), 1)::float8,
                           round(100.0 * count(*) FILTER (WHERE f.answered_on - f.proposed_on <= 5) / nullif(count(*), 0), 1)::float8,
                           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY f.answered_on - f.proposed_on)::numeric, 1)::float8
                    FROM referred AS f
                    GROUP BY GROUPING SETS ((f.page, f.g_operator, f.g_territory, f.g_gender, f.g_age, f.g_labour, f.g_education, f.kind),
                                            (f.page, f.kind), (f.page))
                    -- the empty grouping set yields a row even without any referral
                    HAVING count(*) > 0
                    ORDER BY 1, 9, 3, 4, 5, 6, 7, 8, f.kind NULLS LAST
                ) AS q
                UNION ALL
                -- each partner's service level, by name (the scope's whole: never broken down)
                SELECT parcours_row_cells(row_to_json(q)) FROM (
                    SELECT f.page, 'referral_partners', NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, true,
                           f.partner_name, f.kind, count(*), count(*) FILTER (WHERE f.status = 'declined'),
                           round(100.0 * count(*) FILTER (WHERE f.status IN ('accepted', 'completed')) / count(*), 1)::float8,
                           round(100.0 * count(*) FILTER (WHERE f.answered_on - f.proposed_on <= 3) / count(*), 1)::float8,
                           round(100.0 * count(*) FILTER (WHERE f.answered_on - f.proposed_on <= 5) / count(*), 1)::float8,
                           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY f.answered_on - f.proposed_on)::numeric, 1)::float8
                    FROM referred AS f
                    GROUP BY f.page, f.partner_id, f.partner_name, f.kind
                    ORDER BY 1, f.partner_name, f.partner_id
                ) AS q
                UNION ALL
                -- the partners' refusals by reason, and each reason's share of them
                SELECT parcours_row_cells(row_to_json(q)) FROM (
                    SELECT f.page, 'referral_declines', NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, true,
                           coalesce(f.decline_reason, 'unknown'), count(*),
                           round(100.0 * count(*) / sum(count(*)) OVER (PARTITION BY f.page), 1)::float8
                    FROM referred AS f
                    WHERE f.status = 'declined'
                    GROUP BY f.page, coalesce(f.decline_reason, 'unknown')
                    ORDER BY 1, count(*) DESC, 10
                ) AS q;
        WHEN 'profile' THEN
            RETURN QUERY SELECT parcours_row_cells(row_to_json(q)) FROM (
                WITH person AS (
                    SELECT s.*
                    FROM parcours_scope_carrier(pages, breakdown, true, ARRAY(
                          -- people who entered the page in the period: a journey opened in it, their first there
                          SELECT ROW(e.page, e.carrier_id, e.entry_on, e.carrier_operator_id, e.commune_id, e.gender, e.birth_date)::parcours_counted_person
                          FROM (SELECT DISTINCT j.page, j.carrier_id, j.entry_on, j.carrier_operator_id, j.commune_id, j.gender, j.birth_date
                                FROM parcours_scope_period(pages, from_date, to_date, 'opened', true) AS j
                                WHERE j.entry_on BETWEEN from_date AND to_date) AS e)) AS s
                ), trait AS (
                    SELECT p.*, t.section, t.category, t.ord, t.counted
                    FROM person AS p
                    CROSS JOIN LATERAL (VALUES
                        ('gender', p.gender, array_position(ARRAY['woman', 'man', 'non_binary', 'unknown'], p.gender), true),
                        ('age', p.age_band, array_position(ARRAY['under_18', '18_29', '30_54', '55_plus', 'unknown'], p.age_band), true),
                        ('labour', p.labour_status, array_position(ARRAY['unemployed', 'long_term_unemployed', 'inactive', 'employed',
                                                                         'self_employed', 'unknown'], p.labour_status), true),
                        ('education', p.education_level, array_position(ARRAY['isced_0_2', 'isced_3_4', 'isced_5_8', 'unknown'],
                                                                        p.education_level), true),
                        -- sensitive: only people who consented count, in the denominator too
                        ('disadvantage', 'disability', 1, p.consented AND p.disability),
                        ('disadvantage', 'third_country_national', 2, p.consented AND p.third_country_national),
                        ('disadvantage', 'foreign_background', 3, p.consented AND p.foreign_background),
                        ('disadvantage', 'homeless', 4, p.consented AND p.homeless)
                    ) AS t (section, category, ord, counted)
                    WHERE t.section <> 'disadvantage' OR p.consented
                ), counted AS (
                    SELECT t.page, t.section, t.g_operator, t.g_territory, t.g_gender, t.g_age, t.g_labour, t.g_education,
                           GROUPING(t.g_operator, t.g_territory, t.g_gender, t.g_age, t.g_labour, t.g_education) <> 0 AS is_total,
                           t.category, min(t.ord) AS ord,
                           count(*) FILTER (WHERE t.counted) AS carriers,
                           count(*) AS population,
                           count(*) FILTER (WHERE t.counted AND t.gender = 'woman') AS women,
                           count(*) FILTER (WHERE t.counted AND t.gender = 'man') AS men,
                           count(*) FILTER (WHERE t.counted AND t.gender = 'non_binary') AS non_binary
                    FROM trait AS t
                    GROUP BY GROUPING SETS ((t.page, t.section, t.g_operator, t.g_territory, t.g_gender, t.g_age, t.g_labour,
                                             t.g_education, t.category),
                                            (t.page, t.section, t.category))
                )
                SELECT page, section, g_operator, g_territory, g_gender, g_age, g_labour, g_education, is_total, category, carriers,
                       -- a share of the group's people; for disadvantages, of those who consented
                       round(100.0 * carriers / nullif(CASE WHEN section = 'disadvantage' THEN population
                             ELSE sum(carriers) OVER (PARTITION BY page, section, g_operator, g_territory, g_gender, g_age, g_labour,
                                                                   g_education, is_total) END, 0), 1)::float8,
                       women, men, non_binary
                FROM counted
                ORDER BY page, array_position(ARRAY['gender', 'age', 'labour', 'education', 'disadvantage'], section), 9, 3, 4, 5, 6, 7, 8, ord
            ) AS q;
        WHEN 'profile_exclusions' THEN
            RETURN QUERY SELECT parcours_row_cells(row_to_json(q)) FROM (
                SELECT page, (count(*) FILTER (WHERE NOT has_profile))::int, (count(*) FILTER (WHERE has_profile AND NOT consented))::int
                FROM parcours_scope_carrier(pages, '{}'::text[], true, ARRAY(
                      SELECT ROW(e.page, e.carrier_id, e.entry_on, e.carrier_operator_id, e.commune_id, e.gender, e.birth_date)::parcours_counted_person
                      FROM (SELECT DISTINCT j.page, j.carrier_id, j.entry_on, j.carrier_operator_id, j.commune_id, j.gender, j.birth_date
                            FROM parcours_scope_period(pages, from_date, to_date, 'opened', true) AS j
                            WHERE j.entry_on BETWEEN from_date AND to_date) AS e)) AS s
                GROUP BY page
                ORDER BY page
            ) AS q;
        WHEN 'no_commune' THEN
            RETURN QUERY SELECT parcours_row_cells(row_to_json(q)) FROM (
                -- the caller gives the pages without their territory
                SELECT j.page, count(DISTINCT j.carrier_id)::int
                FROM parcours_scope_period(pages, from_date, to_date, 'active', false) AS j
                JOIN carrier AS c ON c.id = j.carrier_id
                WHERE c.commune_id IS NULL AND j.opened_on <= to_date AND (j.closed_on IS NULL OR j.closed_on >= from_date)
                GROUP BY j.page
                ORDER BY j.page
            ) AS q;
        WHEN 'monthly_exits' THEN
            RETURN QUERY SELECT parcours_row_cells(row_to_json(q)) FROM (
                WITH exit_by_month AS (
                    SELECT DISTINCT ON (j.page, j.carrier_id, date_trunc('month', j.closed_on)) j.page, j.closed_on, j.phase AS outcome
                    FROM parcours_scope_period(pages, from_date, to_date, 'closed', false) AS j
                    ORDER BY j.page, j.carrier_id, date_trunc('month', j.closed_on), j.closed_on DESC, j.journey_id DESC
                )
                SELECT pg.page, to_char(m.month, 'YYYY-MM'), o.outcome, count(x.outcome)::int
                FROM jsonb_to_recordset(pages) AS pg (page integer)
                CROSS JOIN generate_series(date_trunc('month', from_date), to_date, interval '1 month') AS m (month)
                CROSS JOIN unnest(ARRAY['activity_created', 'employed', 'training', 'handed_on', 'withdrawn']) WITH ORDINALITY AS o (outcome, ord)
                LEFT JOIN exit_by_month AS x ON x.page = pg.page AND date_trunc('month', x.closed_on) = m.month AND x.outcome = o.outcome
                GROUP BY pg.page, m.month, o.outcome, o.ord
                ORDER BY pg.page, m.month, o.ord
            ) AS q;
        WHEN 'cohorts' THEN
            RETURN QUERY SELECT parcours_row_cells(row_to_json(q)) FROM (
                SELECT j.page, c.name, p.name, to_char(c.starts_on, 'YYYY-MM-DD'),
                       count(DISTINCT j.carrier_id)::int,
                       (count(DISTINCT j.carrier_id) FILTER (WHERE j.closed_on IS NULL OR j.closed_on > to_date))::int,
                       (count(DISTINCT j.carrier_id) FILTER (WHERE j.closed_on <= to_date))::int,
                       (count(DISTINCT j.carrier_id) FILTER (
                           WHERE j.closed_on <= to_date AND j.phase IN ('activity_created', 'employed', 'training')))::int
                FROM parcours_scope_period(pages, from_date, to_date, 'active', false) AS j
                JOIN cohort AS c ON c.id = j.cohort_id
                JOIN programme AS p ON p.id = c.programme_id
                WHERE j.opened_on <= to_date AND (j.closed_on IS NULL OR j.closed_on >= from_date)
                GROUP BY j.page, c.id, c.operator_id, c.name, p.name, c.starts_on
                ORDER BY j.page, c.starts_on NULLS LAST, c.name, p.name, c.id  -- cohorts of two programmes may share a name and a start
            ) AS q;
        WHEN 'territories' THEN
            RETURN QUERY SELECT parcours_row_cells(row_to_json(q)) FROM (
                -- the régions and départements where people live, and the Pays and Parcs (operators'
                -- groupings) their communes belong to, with the operators whose people live there
                SELECT 0, t.id, t.code, t.name, t.kind, array_position(ARRAY['region', 'department', 'pays', 'park'], t.kind),
                       string_agg(DISTINCT c.operator_id::text, ',')
                FROM (SELECT DISTINCT c.commune_id, j.operator_id
                      FROM parcours_scope_journey('[{"page": 0}]') AS j JOIN carrier AS c ON c.id = j.carrier_id
                      WHERE c.commune_id IS NOT NULL) AS c
                JOIN territory_ancestor AS a ON a.territory_id = c.commune_id
                JOIN territory AS t ON t.id = a.ancestor_id
                WHERE (a.official AND a.ancestor_kind IN ('region', 'department')) OR (NOT a.official AND a.ancestor_kind IN ('pays', 'park'))
                GROUP BY t.id, t.code, t.name, t.kind
                ORDER BY 6, t.name
            ) AS q;
        ELSE
            RAISE EXCEPTION 'no report query %', report USING ERRCODE = 'PA001';
    END CASE;
END
$fn$;
REVOKE ALL ON FUNCTION parcours_report_rows(text,jsonb,text[],date,date) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_report_rows(text,jsonb,text[],date,date) TO parcours_app;
