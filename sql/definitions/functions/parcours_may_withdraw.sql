-- Who may withdraw a link (a dashboard's share link, a partner's link): the staff member who made
-- it, a coordinator of the operator it belongs to, or the administrator.
CREATE OR REPLACE FUNCTION parcours_may_withdraw(made_by bigint, of_operator bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    RETURN coalesce(made_by = parcours_current_staff() OR parcours_current_role() = 'admin'
                    OR (parcours_current_role() = 'coordinator' AND of_operator = parcours_current_operator()), false);
REVOKE ALL ON FUNCTION parcours_may_withdraw(bigint,bigint) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_may_withdraw(bigint,bigint) TO parcours_app;
