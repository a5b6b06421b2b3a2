-- The business date in Paris: effective dates are French calendar dates.
CREATE OR REPLACE FUNCTION parcours_today() RETURNS date
    LANGUAGE sql STABLE
    RETURN (now() AT TIME ZONE 'Europe/Paris')::date;
