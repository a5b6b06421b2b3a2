-- Each territory's label at every level a breakdown by territory groups at, kept: what a report
-- asked territory_ancestor and territory for each of its communes (16,000 communes, 130 ms of a
-- network's report by département). Levels 0–3 are the official tree's depth (région,
-- département, EPCI, the commune itself), 4 and 5 the operators' Pays and Parcs — several joined
-- by « + », so that a person still counts once. Written only by parcours_refresh_territory_places
-- (with territory_ancestor, and when a territory is renamed).
CREATE TABLE territory_place (
    territory_id  bigint NOT NULL REFERENCES territory (id) ON DELETE CASCADE,
    level         smallint NOT NULL CHECK (level BETWEEN 0 AND 5),
    label         text NOT NULL,
    PRIMARY KEY (territory_id, level)
);
GRANT SELECT ON territory_place TO parcours_app;

-- The territories already there (a France loaded later fills its own, through the triggers).
INSERT INTO territory_place (territory_id, level, label)
SELECT a.territory_id, l.level, string_agg(t.name || ' (' || t.code || ')', ' + ' ORDER BY t.name, t.code)
FROM territory_ancestor AS a
JOIN territory AS t ON t.id = a.ancestor_id
CROSS JOIN LATERAL (SELECT CASE
    WHEN a.official THEN CASE a.ancestor_kind WHEN 'region' THEN 0 WHEN 'department' THEN 1 WHEN 'commune' THEN 3 ELSE 2 END
    WHEN a.ancestor_kind = 'pays' THEN 4
    WHEN a.ancestor_kind = 'park' THEN 5 END AS level) AS l
WHERE l.level IS NOT NULL
GROUP BY a.territory_id, l.level;
