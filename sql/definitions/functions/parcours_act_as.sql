-- The administrator's console names a staff member by e-mail; any other login is refused.
CREATE OR REPLACE FUNCTION parcours_act_as(acting_email text)
    RETURNS TABLE (acting_staff_id bigint, acting_operator_id bigint, acting_role text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    found_staff record;
BEGIN
    IF NOT pg_has_role(session_user, 'parcours_console', 'MEMBER') THEN
        RAISE EXCEPTION 'this connection acts only with a bearer token' USING ERRCODE = 'PA403';
    END IF;
    SELECT s.id, s.operator_id, s.role INTO found_staff
    FROM staff AS s WHERE lower(s.email) = lower(acting_email) AND s.active;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no active staff member has the e-mail ''%''', acting_email USING ERRCODE = 'PA401';
    END IF;
    PERFORM parcours_establish_identity(found_staff.id, '');
    RETURN QUERY SELECT found_staff.id, found_staff.operator_id, found_staff.role;
END
$$;
REVOKE ALL ON FUNCTION parcours_act_as(text) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_act_as(text) TO parcours_app;
