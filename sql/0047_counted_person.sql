-- A person a report counts, as the scope that found them with their journeys hands them to the
-- breakdown (parcours_scope_carrier, sql/definitions): their page, their entry in it, and the
-- columns of the person a breakdown groups by — read once, with the journeys.
CREATE TYPE parcours_counted_person AS (
    page integer, carrier_id bigint, entry_on date, operator_id bigint, commune_id bigint, gender text, birth_date date
);
