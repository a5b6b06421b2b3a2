-- Queues the reminder of every referral mailed to a partner and still without any answer ten days
-- after it was proposed (and not expired): a new link to the same referral, until the same day,
-- to the same address, once per referral. Called by the mailer (parcours_claim_mail).
CREATE OR REPLACE FUNCTION parcours_queue_referral_reminders() RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    due record;
    made bigint;
    queued integer := 0;
BEGIN
    FOR due IN
        SELECT DISTINCT ON (l.referral_id) l.referral_id, l.operator_id, l.staff_id, l.expires_at, m.recipient, m.base_url
        FROM mail_outbox AS m
        JOIN referral_link AS l ON l.id = m.referral_link_id AND l.operator_id = m.operator_id
        JOIN referral AS r ON r.id = l.referral_id
        JOIN operator AS o ON o.id = r.operator_id
        WHERE m.purpose = 'referral_link' AND m.sent_at IS NOT NULL
          AND r.status = 'proposed'
          AND r.proposed_on + 10 <= current_date
          AND NOT parcours_referral_expired(r.status, r.proposed_on, o.referral_expiry_days)
          AND l.revoked_at IS NULL AND l.expires_at > now() + interval '1 day'
          AND NOT EXISTS (SELECT FROM mail_outbox AS sent
                          JOIN referral_link AS other ON other.id = sent.referral_link_id
                          WHERE other.referral_id = l.referral_id AND sent.purpose = 'referral_reminder')
        ORDER BY l.referral_id, m.queued_at DESC
    LOOP
        INSERT INTO referral_link (operator_id, referral_id, staff_id, token_sha256, expires_at)
        VALUES (due.operator_id, due.referral_id, due.staff_id, sha256(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())),
                due.expires_at)
        RETURNING id INTO made;
        INSERT INTO mail_outbox (operator_id, referral_link_id, purpose, recipient, base_url)
        VALUES (due.operator_id, made, 'referral_reminder', due.recipient, due.base_url);
        queued := queued + 1;
    END LOOP;
    RETURN queued;
END
$$;
REVOKE ALL ON FUNCTION parcours_queue_referral_reminders() FROM PUBLIC, parcours_app;
