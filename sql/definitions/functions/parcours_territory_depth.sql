-- Depth of each kind: a child always sits strictly deeper than its parent, so the tree has no cycle.
CREATE OR REPLACE FUNCTION parcours_territory_depth(kind text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE kind WHEN 'region' THEN 0 WHEN 'department' THEN 1 WHEN 'commune' THEN 3 ELSE 2 END;
