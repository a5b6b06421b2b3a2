-- Withdraws a registration page at once: its publisher, a coordinator of its operator or the
-- administrator; audited. Withdrawing twice changes nothing.
CREATE OR REPLACE FUNCTION parcours_withdraw_registration(of_page bigint, audit_channel text) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    page record;
BEGIN
    SELECT p.id, p.staff_id, p.operator_id, p.revoked_at INTO page FROM registration_page AS p WHERE p.id = of_page;
    IF NOT FOUND OR NOT parcours_may_withdraw(page.staff_id, page.operator_id) THEN
        RAISE EXCEPTION 'registration_page % not found', of_page USING ERRCODE = 'PA404';
    END IF;
    IF page.revoked_at IS NOT NULL THEN
        RETURN;
    END IF;
    UPDATE registration_page SET revoked_at = now() WHERE id = of_page;
    INSERT INTO audit_event (staff_id, channel, action, operator_id, detail)
    VALUES (parcours_current_staff(), audit_channel, 'unshare', page.operator_id, format('registration page %s withdrawn', of_page));
END
$$;
REVOKE ALL ON FUNCTION parcours_withdraw_registration(bigint,text) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_withdraw_registration(bigint,text) TO parcours_app;
