-- ESF+ age bands, at a date.
CREATE OR REPLACE FUNCTION parcours_age_band(birth_date date, on_date date) RETURNS text
    LANGUAGE sql STABLE
    RETURN CASE
        WHEN birth_date IS NULL THEN 'unknown'
        WHEN extract(year FROM age(on_date, birth_date)) < 18 THEN 'under_18'
        WHEN extract(year FROM age(on_date, birth_date)) < 30 THEN '18_29'
        WHEN extract(year FROM age(on_date, birth_date)) < 55 THEN '30_54'
        ELSE '55_plus'
    END;
