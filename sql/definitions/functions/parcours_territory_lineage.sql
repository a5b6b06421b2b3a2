-- parcours_territory_lineage, as 0005_reporting.sql wrote it, its relations named with their schema.
CREATE OR REPLACE FUNCTION parcours_territory_lineage(of_territory bigint)
    RETURNS TABLE (id bigint, kind text, code text, name text)
    LANGUAGE sql STABLE AS $$
    WITH RECURSIVE up AS (
        SELECT t.id, t.parent_id, t.kind, t.code, t.name FROM public.territory AS t WHERE t.id = of_territory
        UNION ALL
        SELECT t.id, t.parent_id, t.kind, t.code, t.name FROM public.territory AS t JOIN up ON t.id = up.parent_id
    )
    SELECT up.id, up.kind, up.code, up.name FROM up
$$;
