-- A territory and everything under it, in the official tree and through groupings (territory_ancestor).
CREATE OR REPLACE FUNCTION parcours_territory_subtree(root bigint) RETURNS SETOF bigint
    LANGUAGE sql STABLE AS $$
    SELECT a.territory_id FROM public.territory_ancestor AS a WHERE a.ancestor_id = root
$$;
