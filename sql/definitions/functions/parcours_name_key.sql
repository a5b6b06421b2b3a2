-- A person's name as duplicates are compared: case, accents, spaces, hyphens and apostrophes
-- folded away ("Noémie Lefèvre" = "noemie  LEFEVRE" = "Noemie Le-Fevre").
CREATE OR REPLACE FUNCTION parcours_name_key(first_name text, last_name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN regexp_replace(
        translate(lower(first_name || ' ' || last_name),
                  'àáâãäåçèéêëìíîïñòóôõöùúûüýÿœæ', 'aaaaaaceeeeiiiinooooouuuuyyoa'),
        '[^a-z0-9]', '', 'g');
