-- Withdraws a link: its maker, a coordinator of the operator it shows, or the administrator.
-- Withdrawing twice is harmless (the first withdrawal stays the one recorded).
CREATE OR REPLACE FUNCTION parcours_unshare_dashboard(of_share bigint, audit_channel text) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    found_share record;
BEGIN
    SELECT d.id, d.staff_id, d.operator_id, d.revoked_at INTO found_share FROM dashboard_share AS d WHERE d.id = of_share;
    IF NOT FOUND OR NOT parcours_may_withdraw(found_share.staff_id, found_share.operator_id) THEN
        RAISE EXCEPTION 'share % not found', of_share USING ERRCODE = 'PA404';
    END IF;
    IF found_share.revoked_at IS NOT NULL THEN
        RETURN;
    END IF;
    UPDATE dashboard_share SET revoked_at = now(), revoked_by = parcours_current_staff() WHERE id = of_share;
    INSERT INTO audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
    VALUES (parcours_current_staff(), audit_channel, 'unshare', NULL, found_share.operator_id, format('dashboard share %s withdrawn', of_share));
END
$$;
REVOKE ALL ON FUNCTION parcours_unshare_dashboard(bigint,text) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_unshare_dashboard(bigint,text) TO parcours_app;
