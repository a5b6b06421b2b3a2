-- Who acts, from the sealed claim (parcours_verified_identity): NULL when nobody is established.
CREATE OR REPLACE FUNCTION parcours_current_staff() RETURNS bigint
    LANGUAGE sql STABLE
    RETURN nullif(split_part(parcours_verified_identity(), '|', 1), '')::bigint;
REVOKE ALL ON FUNCTION parcours_current_staff() FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_current_staff() TO parcours_app;
