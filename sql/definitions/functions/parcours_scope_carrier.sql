-- The people a report counts, one row per page and person (parcours_scope_journey's pages), with
-- the breakdown's columns (g_*); a breakdown by territory at the page's `depth`, the level of
-- territory_place (0–3 the official tree, 4 Pays, 5 Parcs). The report gives them as it found
-- them with the journeys it read (parcours_scope_period, parcours_exit_groups): each page and
-- person with their entry (their first journey in the page), operator, commune, gender and birth
-- date — only the people it counts (a quarter's exits are 5 % of a network's), and no second
-- reading of the scope or of the people (the network's 200,000 were read again to label a year's
-- 56,000). Their profile is the one recorded nearest to the entry (before it if any), looked up
-- only `with_profile` or for a breakdown by labour status or education. parcours_exit_groups
-- labels exits by operator, territory and gender as this does: the two change together.
DROP FUNCTION IF EXISTS parcours_scope_carrier(bigint, bigint, bigint, bigint, bigint, text[], integer);
DROP FUNCTION IF EXISTS parcours_scope_carrier(jsonb, text[]);
DROP FUNCTION IF EXISTS parcours_scope_carrier(jsonb, text[], boolean);
DROP FUNCTION IF EXISTS parcours_scope_carrier(jsonb, text[], boolean, bigint[]);
DROP FUNCTION IF EXISTS parcours_scope_carrier(jsonb, text[], boolean, integer[], bigint[], date[]);
CREATE OR REPLACE FUNCTION parcours_scope_carrier(pages jsonb, breakdown text[], with_profile boolean, people parcours_counted_person[])
    RETURNS TABLE (page integer, carrier_id bigint, entry_on date,
                   g_operator text, g_territory text, g_gender text, g_age text, g_labour text, g_education text,
                   gender text, age_band text, labour_status text, education_level text, has_profile boolean,
                   consented boolean, disability boolean, third_country_national boolean,
                   foreign_background boolean, homeless boolean)
    LANGUAGE sql STABLE ROWS 20000
    -- Not inlined (see parcours_scope_journey), and hashing: joined on two columns (person, entry)
    -- the planner expects one row and loops over every label and profile for each person.
    SET jit = off SET enable_nestloop = off AS $$
    WITH person AS MATERIALIZED (
        SELECT * FROM parcours_counted_people(people)
    ), many AS MATERIALIZED (
        -- counted once: an array read from a table is unpacked again at each use (56,000 times)
        SELECT count(*) > 20000 AS are_many FROM person
    ), depth AS (
        SELECT * FROM jsonb_to_recordset(pages) AS p (page integer, depth integer)
    ), place AS (
        SELECT pl.territory_id, pl.level, pl.label
        FROM public.territory_place AS pl
        WHERE (SELECT m.are_many FROM many AS m) AND 'territory' = ANY (breakdown)
          AND pl.level IN (SELECT d.depth FROM depth AS d)
    ), profile AS (
        -- once per person and entry date, however many pages they are in
        SELECT d.carrier_id, d.entry_on, p.*
        FROM (SELECT DISTINCT e.carrier_id, e.entry_on FROM person AS e
              WHERE with_profile OR breakdown && ARRAY['labour', 'education']) AS d
        LEFT JOIN LATERAL (
            SELECT cp.id, cp.labour_status, cp.education_level, cp.consent_on, cp.disability,
                   cp.third_country_national, cp.foreign_background, cp.homeless
            FROM public.carrier_profile AS cp
            WHERE cp.carrier_id = d.carrier_id
            ORDER BY cp.recorded_on > d.entry_on, abs(cp.recorded_on - d.entry_on), cp.id DESC
            LIMIT 1
        ) AS p ON true
    )
    -- Without a breakdown or a profile a report needs its people alone, not their records (the
    -- other columns are null).
    SELECT e.page, e.carrier_id, e.entry_on, NULL, NULL, NULL, NULL, NULL, NULL,
           NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM person AS e
    WHERE cardinality(breakdown) = 0 AND NOT with_profile
    UNION ALL
    SELECT e.page, e.carrier_id, e.entry_on,
           CASE WHEN 'operator' = ANY (breakdown) THEN o.name END,
           CASE WHEN 'territory' = ANY (breakdown) THEN coalesce(one_place.label, many_places.label, 'unknown') END,
           CASE WHEN 'gender' = ANY (breakdown) THEN coalesce(e.gender, 'unknown') END,
           CASE WHEN 'age' = ANY (breakdown) THEN parcours_age_band(e.birth_date, e.entry_on) END,
           CASE WHEN 'labour' = ANY (breakdown) THEN coalesce(p.labour_status, 'unknown') END,
           CASE WHEN 'education' = ANY (breakdown) THEN coalesce(p.education_level, 'unknown') END,
           coalesce(e.gender, 'unknown'), CASE WHEN with_profile THEN parcours_age_band(e.birth_date, e.entry_on) END,
           coalesce(p.labour_status, 'unknown'), coalesce(p.education_level, 'unknown'), p.id IS NOT NULL,
           p.consent_on IS NOT NULL, p.disability, p.third_country_national, p.foreign_background, p.homeless
    FROM person AS e
    JOIN public.operator AS o ON o.id = e.operator_id
    LEFT JOIN profile AS p ON p.carrier_id = e.carrier_id AND p.entry_on = e.entry_on
    LEFT JOIN depth AS pd ON pd.page = e.page AND 'territory' = ANY (breakdown)
    -- the commune's label: by the primary key for a few people, never every commune of France
    -- hashed; for many, the communes of the pages' levels hashed once (56,000 probes took 0.14 s)
    LEFT JOIN LATERAL (SELECT pl.label FROM public.territory_place AS pl
                       WHERE NOT (SELECT m.are_many FROM many AS m)
                         AND pl.territory_id = e.commune_id AND pl.level = pd.depth OFFSET 0) AS one_place ON true
    LEFT JOIN place AS many_places ON many_places.territory_id = e.commune_id AND many_places.level = pd.depth
    WHERE cardinality(breakdown) > 0 OR with_profile
$$;
REVOKE ALL ON FUNCTION parcours_scope_carrier(jsonb, text[], boolean, parcours_counted_person[]) FROM PUBLIC, parcours_app;
