-- Where each commune counts in a breakdown by territory, as « Name (code) », for many communes at
-- once: at levels 0–3 its one official ancestor at that depth (région, département, EPCI, the
-- commune itself); at 4 (Pays) and 5 (Parcs) the operators' groupings of that kind it belongs to —
-- several joined by « + », so that a person still counts once — or none (no row).
-- territory_ancestor decides both. A commune and level given twice is answered once.
DROP FUNCTION IF EXISTS parcours_place_label(bigint, integer);
CREATE OR REPLACE FUNCTION parcours_place_labels(communes bigint[], levels integer[])
    RETURNS TABLE (commune_id bigint, level integer, label text)
    LANGUAGE sql STABLE ROWS 1000
    -- A few index probes a commune, even inside a report that hashes (enable_nestloop off):
    -- hashed, the labels of one operator's communes read the whole tree.
    SET jit = off SET enable_nestloop = on AS $$
    SELECT d.commune_id, d.level, string_agg(t.name || ' (' || t.code || ')', ' + ' ORDER BY t.name, t.code)
    FROM (SELECT DISTINCT * FROM unnest(communes, levels) AS d (commune_id, level)) AS d
    JOIN public.territory_ancestor AS a ON a.territory_id = d.commune_id
    JOIN public.territory AS t ON t.id = a.ancestor_id
    WHERE CASE WHEN d.level <= 3 THEN a.official AND parcours_territory_depth(a.ancestor_kind) = d.level
               ELSE NOT a.official AND a.ancestor_kind = CASE d.level WHEN 4 THEN 'pays' WHEN 5 THEN 'park' END
          END
    GROUP BY d.commune_id, d.level
$$;
REVOKE ALL ON FUNCTION parcours_place_labels(bigint[], integer[]) FROM PUBLIC, parcours_app;
