-- Who recorded an event: staff of the caller's own operator, the installation's administrators and
-- network staff; nothing about another operator's staff, nothing at all for a funder.
CREATE OR REPLACE FUNCTION parcours_staff_email(staff_id bigint) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    RETURN (SELECT s.email FROM staff AS s
            WHERE s.id = staff_id
              AND parcours_current_role() IN ('counsellor', 'coordinator', 'network', 'admin')
              AND (s.id = parcours_current_staff()
                   OR s.operator_id = parcours_current_operator()
                   OR (s.operator_id IS NULL AND s.role IN ('admin', 'network'))
                   OR parcours_reads_all()));
REVOKE ALL ON FUNCTION parcours_staff_email(bigint) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_staff_email(bigint) TO parcours_app;
