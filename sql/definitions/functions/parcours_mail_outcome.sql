-- What became of a message the mailer claimed: sent (failure is NULL), written to the audit log
-- as the link's delivery, or the server's refusal, kept for the next attempt (parcours_claim_mail
-- tries again after five minutes, eight times at most).
CREATE OR REPLACE FUNCTION parcours_mail_outcome(of_mail bigint, of_operator bigint, failure text) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    sent record;
BEGIN
    IF parcours_current_role() IS DISTINCT FROM 'admin' THEN
        RAISE EXCEPTION 'only the administrator sends the mail' USING ERRCODE = 'PA403';
    END IF;
    UPDATE mail_outbox
    SET sent_at = CASE WHEN failure IS NULL THEN now() END,
        last_error = left(failure, 500)
    WHERE id = of_mail AND operator_id = of_operator AND sent_at IS NULL
    RETURNING referral_link_id, questionnaire_link_id, recipient, purpose INTO sent;
    IF FOUND AND failure IS NULL THEN
        INSERT INTO audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
        SELECT parcours_current_staff(), 'cli', 'share', j.carrier_id, l.operator_id,
               format('referral %s: partner link %s e-mailed to %s (%s)', l.referral_id, l.id, sent.recipient,
                      CASE sent.purpose WHEN 'referral_reminder' THEN 'reminder' ELSE 'link' END)
        FROM referral_link AS l JOIN referral AS r ON r.id = l.referral_id JOIN journey AS j ON j.id = r.journey_id
        WHERE l.id = sent.referral_link_id AND l.operator_id = of_operator;
        INSERT INTO audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
        SELECT parcours_current_staff(), 'cli', 'share', l.carrier_id, l.operator_id,
               format('%s questionnaire link %s e-mailed to %s (%s)', replace(l.kind, '_', '-'), l.id, sent.recipient,
                      CASE sent.purpose WHEN 'questionnaire_reminder' THEN 'reminder' ELSE 'link' END)
        FROM questionnaire_link AS l
        WHERE l.id = sent.questionnaire_link_id AND l.operator_id = of_operator;
    END IF;
END
$$;
REVOKE ALL ON FUNCTION parcours_mail_outcome(bigint,bigint,text) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_mail_outcome(bigint,bigint,text) TO parcours_app;
