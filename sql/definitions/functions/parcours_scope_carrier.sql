-- One row per person in scope, with the breakdown's columns (g_*); a breakdown by territory at
-- `territory_depth`, the level parcours_place_label names (0–3 the official tree, 4 Pays, 5 Parcs).
CREATE OR REPLACE FUNCTION parcours_scope_carrier(
    scope_operator bigint, scope_territory bigint, scope_programme bigint, scope_cohort bigint, scope_funding bigint,
    breakdown text[], territory_depth integer)
    RETURNS TABLE (carrier_id bigint, entry_on date,
                   g_operator text, g_territory text, g_gender text, g_age text, g_labour text, g_education text,
                   gender text, age_band text, labour_status text, education_level text, has_profile boolean,
                   consented boolean, disability boolean, third_country_national boolean,
                   foreign_background boolean, homeless boolean)
    LANGUAGE sql STABLE AS $$
    WITH entry AS (
        SELECT s.carrier_id, min(s.opened_on) AS entry_on
        FROM parcours_scope_journey(scope_operator, scope_territory, scope_programme, scope_cohort, scope_funding) AS s
        GROUP BY s.carrier_id
    ), place AS (
        -- the label of each commune where someone in scope lives, at the asked level
        SELECT d.commune_id, parcours_place_label(d.commune_id, territory_depth) AS label
        FROM (SELECT DISTINCT c.commune_id FROM entry AS e JOIN public.carrier AS c ON c.id = e.carrier_id
              WHERE 'territory' = ANY (breakdown) AND c.commune_id IS NOT NULL) AS d
    )
    SELECT e.carrier_id, e.entry_on,
           CASE WHEN 'operator' = ANY (breakdown) THEN o.name END,
           CASE WHEN 'territory' = ANY (breakdown) THEN coalesce(pl.label, 'unknown') END,
           CASE WHEN 'gender' = ANY (breakdown) THEN coalesce(c.gender, 'unknown') END,
           CASE WHEN 'age' = ANY (breakdown) THEN parcours_age_band(c.birth_date, e.entry_on) END,
           CASE WHEN 'labour' = ANY (breakdown) THEN coalesce(p.labour_status, 'unknown') END,
           CASE WHEN 'education' = ANY (breakdown) THEN coalesce(p.education_level, 'unknown') END,
           coalesce(c.gender, 'unknown'), parcours_age_band(c.birth_date, e.entry_on),
           coalesce(p.labour_status, 'unknown'), coalesce(p.education_level, 'unknown'), p.id IS NOT NULL,
           p.consent_on IS NOT NULL, p.disability, p.third_country_national, p.foreign_background, p.homeless
    FROM entry AS e
    JOIN public.carrier AS c ON c.id = e.carrier_id
    JOIN public.operator AS o ON o.id = c.operator_id
    LEFT JOIN place AS pl ON pl.commune_id = c.commune_id
    LEFT JOIN LATERAL (
        SELECT cp.id, cp.labour_status, cp.education_level, cp.consent_on, cp.disability,
               cp.third_country_national, cp.foreign_background, cp.homeless
        FROM public.carrier_profile AS cp
        WHERE cp.carrier_id = c.id
        ORDER BY cp.recorded_on > e.entry_on, abs(cp.recorded_on - e.entry_on), cp.id DESC
        LIMIT 1
    ) AS p ON true
$$;
REVOKE ALL ON FUNCTION parcours_scope_carrier(bigint,bigint,bigint,bigint,bigint,text[],integer) FROM PUBLIC, parcours_app;
