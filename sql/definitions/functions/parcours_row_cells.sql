-- A row as a JSON array of the text of its columns, in order (numbers as JSON writes them,
-- booleans true/false, NULL null): one shape for every report query.
CREATE OR REPLACE FUNCTION parcours_row_cells(r json) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN (SELECT json_agg(e.value ORDER BY e.ord)::text FROM json_each_text(r) WITH ORDINALITY AS e (key, value, ord));
