-- parcours_territory_containers, as 0014_territories_of_france.sql wrote it, its relations named with their schema.
CREATE OR REPLACE FUNCTION parcours_territory_containers(of_territory bigint) RETURNS SETOF bigint
    LANGUAGE sql STABLE AS $$
    WITH RECURSIVE up AS (
        SELECT t.id FROM public.territory AS t WHERE t.id = of_territory
        UNION
        SELECT next.id FROM up CROSS JOIN LATERAL (
            SELECT t.parent_id AS id FROM public.territory AS t WHERE t.id = up.id AND t.parent_id IS NOT NULL
            UNION ALL
            SELECT m.grouping_id FROM public.territory_member AS m WHERE m.member_id = up.id
        ) AS next
    )
    SELECT up.id FROM up
$$;
REVOKE ALL ON FUNCTION parcours_territory_containers(bigint) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_territory_containers(bigint) TO PUBLIC;
GRANT EXECUTE ON FUNCTION parcours_territory_containers(bigint) TO parcours_app;
