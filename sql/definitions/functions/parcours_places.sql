-- The places a list of typed values names, one query for a whole file: each value matched by code
-- (INSEE, SIREN, an operator's own; its kind returned, for the caller to judge), else by former
-- commune code, else by name among `kinds` (all when empty; case, accents and hyphens aside), with
-- the département a name's candidates are told apart by.
--
-- SECURITY DEFINER because under row-level security the planner may not use the index on
-- parcours_place_key(name) — its functions are not leakproof — so every value was compared with
-- all of France's 36,000 territories: 60 s for the 700 communes of one département's file. It
-- shows nothing more: every identified person reads every territory (policy territory_read), and
-- nobody else gets a row.
CREATE OR REPLACE FUNCTION parcours_places(typed text[], kinds text[])
    RETURNS TABLE (value text, by_code boolean, id bigint, code text, name text, kind text, department text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    WITH wanted AS (
        SELECT DISTINCT btrim(v) AS v FROM unnest(typed) AS v WHERE parcours_current_role() IS NOT NULL
    ), coded AS (
        SELECT w.v, t.id FROM wanted AS w JOIN public.territory AS t ON t.code = w.v OR t.code = upper(w.v)
        UNION
        SELECT w.v, f.commune_id FROM wanted AS w JOIN public.territory_former_code AS f ON f.code = upper(w.v)
        WHERE NOT EXISTS (SELECT FROM public.territory AS t WHERE t.code = w.v OR t.code = upper(w.v))
    ), named AS (
        SELECT w.v, t.id FROM wanted AS w
        JOIN public.territory AS t ON parcours_place_key(t.name) = parcours_place_key(w.v)
        WHERE (cardinality(kinds) = 0 OR t.kind = ANY (kinds))
          AND NOT EXISTS (SELECT FROM coded AS c WHERE c.v = w.v)
    ), found AS (
        SELECT v, id, true AS by_code FROM coded
        UNION ALL
        SELECT v, id, false FROM named
    )
    SELECT f.v, f.by_code, t.id, t.code, t.name, t.kind, d.name
    FROM found AS f JOIN public.territory AS t ON t.id = f.id
    LEFT JOIN LATERAL (
        SELECT l.name FROM parcours_territory_lineage(t.id) AS l WHERE l.kind = 'department' LIMIT 1
    ) AS d ON NOT f.by_code
$$;
REVOKE ALL ON FUNCTION parcours_places(text[], text[]) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_places(text[], text[]) TO parcours_app;
