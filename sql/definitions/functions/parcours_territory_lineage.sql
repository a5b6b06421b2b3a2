-- A territory's official ancestors, itself included (territory_ancestor): its EPCI, its own
-- département and région — one of each, whatever its EPCI's seat.
CREATE OR REPLACE FUNCTION parcours_territory_lineage(of_territory bigint)
    RETURNS TABLE (id bigint, kind text, code text, name text)
    LANGUAGE sql STABLE AS $$
    SELECT t.id, t.kind, t.code, t.name
    FROM public.territory_ancestor AS a JOIN public.territory AS t ON t.id = a.ancestor_id
    WHERE a.territory_id = of_territory AND a.official
$$;
