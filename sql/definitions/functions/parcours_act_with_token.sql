-- Any login: the staff member of a known, unrevoked, unexpired token (its SHA-256 is presented).
CREATE OR REPLACE FUNCTION parcours_act_with_token(presented_sha256 bytea)
    RETURNS TABLE (acting_staff_id bigint, acting_operator_id bigint, acting_role text, acting_email text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    found_staff record;
BEGIN
    SELECT s.id, s.operator_id, s.role, s.email INTO found_staff
    FROM api_token AS t JOIN staff AS s ON s.id = t.staff_id
    WHERE t.token_sha256 = presented_sha256 AND t.revoked_at IS NULL
      AND (t.expires_at IS NULL OR t.expires_at > now()) AND s.active;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'this token is unknown, revoked or expired' USING ERRCODE = 'PA401';
    END IF;
    PERFORM parcours_establish_identity(found_staff.id, '');
    RETURN QUERY SELECT found_staff.id, found_staff.operator_id, found_staff.role, found_staff.email;
END
$$;
REVOKE ALL ON FUNCTION parcours_act_with_token(bytea) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_act_with_token(bytea) TO parcours_app;
