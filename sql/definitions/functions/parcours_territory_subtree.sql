-- parcours_territory_subtree, as 0014_territories_of_france.sql wrote it, its relations named with their schema.
CREATE OR REPLACE FUNCTION parcours_territory_subtree(root bigint) RETURNS SETOF bigint
    LANGUAGE sql STABLE AS $$
    WITH RECURSIVE down AS (
        SELECT t.id FROM public.territory AS t WHERE t.id = root
        UNION
        SELECT next.id FROM down CROSS JOIN LATERAL (
            SELECT t.id FROM public.territory AS t WHERE t.parent_id = down.id
            UNION ALL
            SELECT m.member_id FROM public.territory_member AS m WHERE m.grouping_id = down.id
        ) AS next
    )
    SELECT down.id FROM down
$$;
