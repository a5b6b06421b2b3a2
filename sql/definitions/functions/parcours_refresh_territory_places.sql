-- Rewrites territory_place for the given territories: where each counts in a breakdown by
-- territory, as « Name (code) » — at levels 0–3 its official ancestor at that depth (région,
-- département, EPCI, itself), at 4 (Pays) and 5 (Parcs) the operators' groupings of that kind it
-- belongs to, several joined by « + » so that a person still counts once, or none (no row).
-- territory_ancestor decides both: called after it is rewritten, and for what lies under a
-- renamed territory.
DROP FUNCTION IF EXISTS parcours_place_labels(bigint[], integer[]);
CREATE OR REPLACE FUNCTION parcours_refresh_territory_places(territories bigint[]) RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    -- joined to the list, not `= ANY`: a load of France gives all 36,000 territories at once
    DELETE FROM public.territory_place AS p USING unnest(territories) AS c (id) WHERE p.territory_id = c.id;
    INSERT INTO public.territory_place (territory_id, level, label)
    SELECT a.territory_id, l.level, string_agg(t.name || ' (' || t.code || ')', ' + ' ORDER BY t.name, t.code)
    FROM unnest(territories) AS c (id)
    JOIN public.territory_ancestor AS a ON a.territory_id = c.id
    JOIN public.territory AS t ON t.id = a.ancestor_id
    CROSS JOIN LATERAL (SELECT CASE
        WHEN a.official THEN parcours_territory_depth(a.ancestor_kind)
        WHEN a.ancestor_kind = 'pays' THEN 4
        WHEN a.ancestor_kind = 'park' THEN 5 END AS level) AS l
    WHERE l.level IS NOT NULL
    GROUP BY a.territory_id, l.level;
$$;
REVOKE ALL ON FUNCTION parcours_refresh_territory_places(bigint[]) FROM PUBLIC, parcours_app;
