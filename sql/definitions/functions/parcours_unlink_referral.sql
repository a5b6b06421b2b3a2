-- Withdraws a partner's link at once (sent to the wrong address, the partner changed): its maker, a
-- coordinator of its operator or the administrator; audited. Withdrawing twice changes nothing.
CREATE OR REPLACE FUNCTION parcours_unlink_referral(of_link bigint, audit_channel text) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    link record;
BEGIN
    SELECT l.id, l.staff_id, l.operator_id, l.referral_id, l.revoked_at, j.carrier_id INTO link
    FROM referral_link AS l JOIN referral AS r ON r.id = l.referral_id JOIN journey AS j ON j.id = r.journey_id
    WHERE l.id = of_link;
    IF NOT FOUND OR NOT parcours_may_withdraw(link.staff_id, link.operator_id) THEN
        RAISE EXCEPTION 'referral_link % not found', of_link USING ERRCODE = 'PA404';
    END IF;
    IF link.revoked_at IS NOT NULL THEN
        RETURN;
    END IF;
    UPDATE referral_link SET revoked_at = now() WHERE id = of_link;
    INSERT INTO audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
    VALUES (parcours_current_staff(), audit_channel, 'unshare', link.carrier_id, link.operator_id,
            format('referral %s: partner link %s withdrawn', link.referral_id, of_link));
END
$$;
REVOKE ALL ON FUNCTION parcours_unlink_referral(bigint,text) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_unlink_referral(bigint,text) TO parcours_app;
