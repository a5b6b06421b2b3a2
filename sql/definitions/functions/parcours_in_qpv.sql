-- Whether a person living in neighbourhood `code` (NULL: none) lives in a QPV in force on `on_date`.
CREATE OR REPLACE FUNCTION parcours_in_qpv(code text, on_date date) RETURNS boolean
    LANGUAGE sql STABLE
    RETURN code IS NOT NULL AND EXISTS (
        SELECT FROM qpv AS q WHERE q.code = parcours_in_qpv.code
          AND q.valid_from <= on_date AND (q.valid_to IS NULL OR q.valid_to >= on_date));
REVOKE ALL ON FUNCTION parcours_in_qpv(text,date) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_in_qpv(text,date) TO PUBLIC;
GRANT EXECUTE ON FUNCTION parcours_in_qpv(text,date) TO parcours_app;
