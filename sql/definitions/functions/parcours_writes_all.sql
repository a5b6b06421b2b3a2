CREATE OR REPLACE FUNCTION parcours_writes_all() RETURNS boolean
    LANGUAGE sql STABLE
    RETURN coalesce(parcours_current_role() = 'admin', false);
