-- Withdraws a person's questionnaire link at once: its maker, a coordinator of its operator or the
-- administrator; audited. Withdrawing twice changes nothing.
CREATE OR REPLACE FUNCTION parcours_unlink_questionnaire(of_link bigint, audit_channel text) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    link record;
BEGIN
    SELECT l.id, l.staff_id, l.operator_id, l.carrier_id, l.kind, l.revoked_at INTO link FROM questionnaire_link AS l WHERE l.id = of_link;
    IF NOT FOUND OR NOT parcours_may_withdraw(link.staff_id, link.operator_id) THEN
        RAISE EXCEPTION 'questionnaire_link % not found', of_link USING ERRCODE = 'PA404';
    END IF;
    IF link.revoked_at IS NOT NULL THEN
        RETURN;
    END IF;
    UPDATE questionnaire_link SET revoked_at = now() WHERE id = of_link;
    INSERT INTO audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
    VALUES (parcours_current_staff(), audit_channel, 'unshare', link.carrier_id, link.operator_id,
            format('%s questionnaire link %s withdrawn', replace(link.kind, '_', '-'), of_link));
END
$$;
REVOKE ALL ON FUNCTION parcours_unlink_questionnaire(bigint,text) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_unlink_questionnaire(bigint,text) TO parcours_app;
