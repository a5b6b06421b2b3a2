-- territory_ancestor follows the tree: once a statement, for the territories it added, moved (a
-- new parent, département or kind) or whose groupings it changed; territory_place follows their
-- names too. SECURITY DEFINER: only the schema's owner writes territory_ancestor (the
-- administrator writes territories).
CREATE OR REPLACE FUNCTION territory_ancestors_follow() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    changed bigint[];
BEGIN
    IF TG_TABLE_NAME = 'territory' AND TG_OP = 'INSERT' THEN
        SELECT array_agg(n.id) INTO changed FROM new_rows AS n;
    ELSIF TG_TABLE_NAME = 'territory' THEN
        -- EXCEPT, not a join: the planner takes a transition table for one row, and a nested loop
        -- over France's 36,000 communes took 140 s.
        SELECT array_agg(m.id) INTO changed FROM (
            SELECT n.id, n.parent_id, n.department_id, n.kind FROM new_rows AS n
            EXCEPT
            SELECT o.id, o.parent_id, o.department_id, o.kind FROM old_rows AS o
        ) AS m;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT n.member_id) INTO changed FROM new_rows AS n;
    ELSE
        SELECT array_agg(DISTINCT o.member_id) INTO changed FROM old_rows AS o;
    END IF;
    PERFORM parcours_refresh_territory_ancestors(changed);
    IF TG_TABLE_NAME = 'territory' AND TG_OP = 'UPDATE' THEN
        -- a new name or code: the labels of everything under the territory
        PERFORM parcours_refresh_territory_places(array_agg(DISTINCT a.territory_id))
        FROM (SELECT n.id, n.name, n.code FROM new_rows AS n
              EXCEPT
              SELECT o.id, o.name, o.code FROM old_rows AS o) AS renamed
        JOIN public.territory_ancestor AS a ON a.ancestor_id = renamed.id;
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION territory_ancestors_follow() FROM PUBLIC, parcours_app;
