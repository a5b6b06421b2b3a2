CREATE OR REPLACE FUNCTION parcours_act_with_share(presented_sha256 bytea)
    RETURNS TABLE (acting_staff_id bigint, acting_operator_id bigint, acting_role text, acting_email text,
                   share_id bigint, share_scope_kind text, share_scope_id bigint, share_public boolean)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    link record;
BEGIN
    SELECT s.id AS staff, s.operator_id, s.role, s.email, s.active, d.id, d.scope_kind, d.scope_id, d.public, d.revoked_at, d.expires_at
    INTO link
    FROM dashboard_share AS d JOIN staff AS s ON s.id = d.staff_id
    WHERE d.token_sha256 = presented_sha256;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'this share link is unknown' USING ERRCODE = 'PA401', DETAIL = 'share_unknown';
    END IF;
    IF link.revoked_at IS NOT NULL OR link.expires_at <= now() OR NOT link.active THEN
        RAISE EXCEPTION 'this share link was withdrawn or has expired' USING ERRCODE = 'PA401', DETAIL = 'share_withdrawn';
    END IF;
    PERFORM set_config('transaction_read_only', 'on', true);
    PERFORM parcours_establish_identity(link.staff, 'share');
    RETURN QUERY SELECT link.staff, link.operator_id, link.role, link.email, link.id, link.scope_kind, link.scope_id, link.public;
END
$$;
REVOKE ALL ON FUNCTION parcours_act_with_share(bytea) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_act_with_share(bytea) TO parcours_app;
