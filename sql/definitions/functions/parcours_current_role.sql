-- The acting staff member's role, from the sealed claim: no look-up.
CREATE OR REPLACE FUNCTION parcours_current_role() RETURNS text
    LANGUAGE sql STABLE
    RETURN nullif(split_part(parcours_verified_identity(), '|', 2), '');
REVOKE ALL ON FUNCTION parcours_current_role() FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_current_role() TO parcours_app;
