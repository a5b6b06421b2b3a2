CREATE OR REPLACE FUNCTION parcours_reads_all() RETURNS boolean
    LANGUAGE sql STABLE
    RETURN coalesce(parcours_current_role() IN ('network', 'admin'), false);
