-- The acting funder's officer's funder (the claim names none for the other roles), from the
-- sealed claim: no look-up.
CREATE OR REPLACE FUNCTION parcours_current_funder() RETURNS bigint
    LANGUAGE sql STABLE
    RETURN nullif(split_part(parcours_verified_identity(), '|', 4), '')::bigint;
REVOKE ALL ON FUNCTION parcours_current_funder() FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_current_funder() TO parcours_app;
