-- The people of an array (parcours_scope_carrier), for a planner that would otherwise expect ten —
-- what it assumes of any array it cannot see — and hash each of a year's 56,000 people again at
-- every join instead of the few operators and the labels they meet. Not inlined, so that its
-- estimate stands.
CREATE OR REPLACE FUNCTION parcours_counted_people(people parcours_counted_person[])
    RETURNS SETOF parcours_counted_person
    LANGUAGE sql IMMUTABLE ROWS 20000 SET jit = off
    AS $$ SELECT * FROM unnest(people) $$;
REVOKE ALL ON FUNCTION parcours_counted_people(parcours_counted_person[]) FROM PUBLIC, parcours_app;
