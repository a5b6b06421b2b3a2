-- The mailer's turn (the administrator only): queues the reminders that are due (partners' and
-- people's), drops the messages whose link closed meanwhile, then claims up to one message per
-- digest presented — the oldest waiting ones, none another mailer holds or tried in the last five
-- minutes, at most eight attempts each — gives each message's link the presented digest (the
-- secret the mailer draws and sends: `presented` for a partner's link, `presented_personal` for a
-- person's, at the same ordinal), counts the attempt and returns what the message says. Rows
-- locked by another mailer are skipped: two mailers never send the same message at once.
DROP FUNCTION IF EXISTS parcours_claim_mail(bytea[]);
CREATE OR REPLACE FUNCTION parcours_claim_mail(presented bytea[], presented_personal bytea[])
    RETURNS TABLE (ordinal integer, mail_id bigint, mail_operator bigint, purpose text, recipient text, base_url text,
                   operator_name text, partner_name text, carrier_name text, reason text, proposed_on date,
                   expires_at timestamptz, sender_email text)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    waiting record;
    taken integer := 0;
BEGIN
    IF parcours_current_role() IS DISTINCT FROM 'admin' THEN
        RAISE EXCEPTION 'only the administrator sends the mail' USING ERRCODE = 'PA403';
    END IF;
    PERFORM parcours_queue_referral_reminders();
    PERFORM parcours_queue_questionnaire_reminders();
    UPDATE mail_outbox AS m SET dropped_at = now()
    FROM referral_link AS l JOIN referral AS r ON r.id = l.referral_id JOIN operator AS o ON o.id = r.operator_id
    WHERE m.sent_at IS NULL AND m.dropped_at IS NULL
      AND l.id = m.referral_link_id AND l.operator_id = m.operator_id
      AND (l.revoked_at IS NOT NULL OR l.expires_at <= now() OR r.status IN ('declined', 'completed')
           OR parcours_referral_expired(r.status, r.proposed_on, o.referral_expiry_days)
           OR m.attempts >= 8);
    UPDATE mail_outbox AS m SET dropped_at = now()
    FROM questionnaire_link AS l JOIN carrier AS c ON c.id = l.carrier_id
    WHERE m.sent_at IS NULL AND m.dropped_at IS NULL
      AND l.id = m.questionnaire_link_id AND l.operator_id = m.operator_id
      AND (l.revoked_at IS NOT NULL OR l.expires_at <= now() OR l.signed_at IS NOT NULL OR c.first_name = parcours_erased()
           OR m.attempts >= 8);
    FOR waiting IN
        SELECT m.id, m.operator_id, m.referral_link_id, m.questionnaire_link_id FROM mail_outbox AS m
        WHERE m.sent_at IS NULL AND m.dropped_at IS NULL
          AND (m.last_attempt_at IS NULL OR m.last_attempt_at < now() - interval '5 minutes')
        ORDER BY m.queued_at, m.id
        LIMIT coalesce(cardinality(presented), 0)
        FOR UPDATE OF m SKIP LOCKED
    LOOP
        taken := taken + 1;
        UPDATE referral_link SET token_sha256 = presented[taken] WHERE id = waiting.referral_link_id AND operator_id = waiting.operator_id;
        UPDATE questionnaire_link SET token_sha256 = presented_personal[taken]
        WHERE id = waiting.questionnaire_link_id AND operator_id = waiting.operator_id;
        UPDATE mail_outbox SET attempts = attempts + 1, last_attempt_at = now() WHERE id = waiting.id AND operator_id = waiting.operator_id;
        RETURN QUERY
            SELECT taken, m.id, m.operator_id, m.purpose, m.recipient, m.base_url, o.name, p.name, r.carrier_name, r.reason, r.proposed_on,
                   l.expires_at, s.email
            FROM mail_outbox AS m
            JOIN referral_link AS l ON l.id = m.referral_link_id AND l.operator_id = m.operator_id
            JOIN referral AS r ON r.id = l.referral_id
            JOIN operator AS o ON o.id = r.operator_id
            JOIN partner AS p ON p.id = r.partner_id
            JOIN staff AS s ON s.id = l.staff_id
            WHERE m.id = waiting.id AND m.operator_id = waiting.operator_id
            UNION ALL
            -- a person's own link: addressed by their first name; no partner; the questionnaire's kind for a reason
            SELECT taken, m.id, m.operator_id, m.purpose, m.recipient, m.base_url, o.name, '', c.first_name, l.kind,
                   (l.created_at AT TIME ZONE 'Europe/Paris')::date, l.expires_at, s.email
            FROM mail_outbox AS m
            JOIN questionnaire_link AS l ON l.id = m.questionnaire_link_id AND l.operator_id = m.operator_id
            JOIN carrier AS c ON c.id = l.carrier_id
            JOIN operator AS o ON o.id = l.operator_id
            JOIN staff AS s ON s.id = l.staff_id
            WHERE m.id = waiting.id AND m.operator_id = waiting.operator_id;
    END LOOP;
END
$$;
REVOKE ALL ON FUNCTION parcours_claim_mail(bytea[],bytea[]) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_claim_mail(bytea[],bytea[]) TO parcours_app;
