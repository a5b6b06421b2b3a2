-- A place name as people type it: no case, accents, hyphens, apostrophes or spaces
-- ("Saint-Pierre-d'Albigny" = "saint pierre d albigny").
CREATE OR REPLACE FUNCTION parcours_place_key(name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN regexp_replace(
        translate(lower(name), 'àáâãäåçèéêëìíîïñòóôõöùúûüýÿœæ', 'aaaaaaceeeeiiiinooooouuuuyyoa'),
        '[^a-z0-9]', '', 'g');
REVOKE ALL ON FUNCTION parcours_place_key(text) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_place_key(text) TO PUBLIC;
GRANT EXECUTE ON FUNCTION parcours_place_key(text) TO parcours_app;
