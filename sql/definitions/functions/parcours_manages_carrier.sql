-- Whether the person exists and the acting staff member may manage their data: a coordinator of
-- their operator, or the administrator.
CREATE OR REPLACE FUNCTION parcours_manages_carrier(of_carrier bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    RETURN EXISTS (SELECT FROM carrier AS c
                   WHERE c.id = of_carrier
                     AND (coalesce(parcours_writes_all(), false)
                          OR (parcours_current_role() = 'coordinator' AND c.operator_id = parcours_current_operator())));
REVOKE ALL ON FUNCTION parcours_manages_carrier(bigint) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_manages_carrier(bigint) TO parcours_app;
