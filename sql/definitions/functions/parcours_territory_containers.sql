-- The territories that contain a territory, itself included: its official ancestors and the
-- groupings it (or one of them) belongs to (territory_ancestor).
CREATE OR REPLACE FUNCTION parcours_territory_containers(of_territory bigint) RETURNS SETOF bigint
    LANGUAGE sql STABLE AS $$
    SELECT a.ancestor_id FROM public.territory_ancestor AS a WHERE a.territory_id = of_territory
$$;
REVOKE ALL ON FUNCTION parcours_territory_containers(bigint) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_territory_containers(bigint) TO PUBLIC;
GRANT EXECUTE ON FUNCTION parcours_territory_containers(bigint) TO parcours_app;
