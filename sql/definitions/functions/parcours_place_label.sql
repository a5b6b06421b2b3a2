-- Where a commune counts in a breakdown by territory, as « Name (code) »: at levels 0–3 its one
-- official ancestor at that depth (région, département, EPCI, the commune itself); at 4 (Pays)
-- and 5 (Parcs) the operators' groupings of that kind it belongs to — several joined by « + », so
-- that a person still counts once — or none. territory_ancestor decides both.
CREATE OR REPLACE FUNCTION parcours_place_label(commune bigint, level integer) RETURNS text
    -- A few index probes, even inside a report that hashes (enable_nestloop off): hashed, each
    -- label read the whole tree (4 ms; 41 s for a network's communes).
    LANGUAGE sql STABLE SET enable_nestloop = on AS $$
    SELECT CASE WHEN level <= 3 THEN
               (SELECT t.name || ' (' || t.code || ')'
                FROM public.territory_ancestor AS a JOIN public.territory AS t ON t.id = a.ancestor_id
                WHERE a.territory_id = commune AND a.official AND parcours_territory_depth(a.ancestor_kind) = level
                LIMIT 1)
           ELSE
               (SELECT string_agg(t.name || ' (' || t.code || ')', ' + ' ORDER BY t.name, t.code)
                FROM public.territory_ancestor AS a JOIN public.territory AS t ON t.id = a.ancestor_id
                WHERE a.territory_id = commune AND NOT a.official
                  AND a.ancestor_kind = CASE level WHEN 4 THEN 'pays' WHEN 5 THEN 'park' END)
           END
$$;
REVOKE ALL ON FUNCTION parcours_place_label(bigint, integer) FROM PUBLIC, parcours_app;
