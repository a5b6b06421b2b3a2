-- Rewrites territory_ancestor, and the labels it decides (territory_place), for the changed
-- territories and everything under them (every territory when they are many: a load of France's
-- reference). Official ancestors follow the parent
-- chain, except that a commune with its own département climbs from it — its EPCI is still one of
-- its ancestors, but not the EPCI's seat's département. Groupings (an operator's Pays, Parc, zone)
-- contain their members and, through them, what lies under them; a grouping may itself be a member.
CREATE OR REPLACE FUNCTION parcours_refresh_territory_ancestors(changed bigint[]) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    affected bigint[];
BEGIN
    IF coalesce(cardinality(changed), 0) = 0 THEN
        RETURN;
    END IF;
    IF cardinality(changed) > 2000 THEN
        -- Every territory: cheaper than finding which.
        DELETE FROM public.territory_ancestor;
        SELECT array_agg(t.id) INTO affected FROM public.territory AS t;
    ELSE
        -- What lies under the changed ones, in the tree as it is now and as the table still has it.
        WITH RECURSIVE down (id) AS (
            SELECT c.id FROM unnest(changed) AS c (id)
            UNION
            SELECT next.id FROM down CROSS JOIN LATERAL (
                SELECT t.id FROM public.territory AS t WHERE t.parent_id = down.id
                UNION ALL
                SELECT t.id FROM public.territory AS t WHERE t.department_id = down.id
                UNION ALL
                SELECT m.member_id FROM public.territory_member AS m WHERE m.grouping_id = down.id
                UNION ALL
                SELECT a.territory_id FROM public.territory_ancestor AS a WHERE a.ancestor_id = down.id
            ) AS next
        )
        SELECT array_agg(down.id) INTO affected FROM down;
        DELETE FROM public.territory_ancestor AS a USING unnest(affected) AS c (id) WHERE a.territory_id = c.id;
    END IF;

    INSERT INTO public.territory_ancestor (ancestor_id, territory_id, ancestor_kind, official)
    WITH RECURSIVE official (territory_id, ancestor_id, climbs) AS (
        SELECT c.id, c.id, true FROM unnest(affected) AS c (id)
        UNION
        SELECT o.territory_id, up.id, up.climbs
        FROM official AS o
        JOIN public.territory AS a ON a.id = o.ancestor_id
        CROSS JOIN LATERAL (VALUES
            (CASE WHEN a.kind = 'commune' AND a.department_id IS NOT NULL THEN a.department_id ELSE a.parent_id END, true),
            -- the EPCI of a commune that has its own département: an ancestor, whose parents are not
            (CASE WHEN a.kind = 'commune' AND a.department_id IS NOT NULL AND a.parent_id <> a.department_id THEN a.parent_id END, false)
        ) AS up (id, climbs)
        WHERE o.climbs AND up.id IS NOT NULL
    ), grouped (territory_id, ancestor_id) AS (
        SELECT o.territory_id, m.grouping_id
        FROM official AS o JOIN public.territory_member AS m ON m.member_id = o.ancestor_id
        UNION
        SELECT g.territory_id, m.grouping_id
        FROM grouped AS g JOIN public.territory_member AS m ON m.member_id = g.ancestor_id
    )
    SELECT x.ancestor_id, x.territory_id, a.kind, bool_or(x.official)
    FROM (SELECT o.territory_id, o.ancestor_id, true AS official FROM official AS o
          UNION ALL
          SELECT g.territory_id, g.ancestor_id, false FROM grouped AS g) AS x
    JOIN public.territory AS a ON a.id = x.ancestor_id
    GROUP BY x.ancestor_id, x.territory_id, a.kind;
    PERFORM parcours_refresh_territory_places(affected);
END
$$;
REVOKE ALL ON FUNCTION parcours_refresh_territory_ancestors(bigint[]) FROM PUBLIC, parcours_app;
