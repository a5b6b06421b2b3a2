-- What replaces an erased text: what a person reading the history later sees.
CREATE OR REPLACE FUNCTION parcours_erased() RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN '[effacé]';
