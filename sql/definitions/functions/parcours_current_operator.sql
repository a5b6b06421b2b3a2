-- The acting staff member's operator, for the roles that work inside one (counsellor,
-- coordinator: the claim names no operator for the others), from the sealed claim: no look-up.
CREATE OR REPLACE FUNCTION parcours_current_operator() RETURNS bigint
    LANGUAGE sql STABLE
    RETURN nullif(split_part(parcours_verified_identity(), '|', 3), '')::bigint;
REVOKE ALL ON FUNCTION parcours_current_operator() FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_current_operator() TO parcours_app;
