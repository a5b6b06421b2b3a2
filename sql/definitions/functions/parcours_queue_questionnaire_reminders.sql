-- Queues the reminder of every questionnaire link mailed to a person and still unsigned a week
-- before their four weeks end — four weeks from their entry (their first journey's opening) for
-- the entry questionnaire, from their exit for the exit one — or the link's own expiry, whichever
-- comes first: a new link to the same questionnaire, until the same
-- day, to the same address, once per person and link chain. Called by the mailer (parcours_claim_mail).
CREATE OR REPLACE FUNCTION parcours_queue_questionnaire_reminders() RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    due record;
    made bigint;
    queued integer := 0;
BEGIN
    FOR due IN
        SELECT DISTINCT ON (l.carrier_id, l.kind) l.carrier_id, l.operator_id, l.staff_id, l.kind, l.journey_id, l.expires_at, m.recipient,
               m.base_url
        FROM mail_outbox AS m
        JOIN questionnaire_link AS l ON l.id = m.questionnaire_link_id AND l.operator_id = m.operator_id
        CROSS JOIN LATERAL (
            SELECT CASE l.kind WHEN 'entry' THEN (SELECT min(j.opened_on) + 28 FROM journey AS j WHERE j.carrier_id = l.carrier_id)
                               WHEN 'exit' THEN (SELECT j.closed_on + 28 FROM journey AS j WHERE j.id = l.journey_id) END AS due_on
        ) AS e
        WHERE m.purpose = 'questionnaire_link' AND m.sent_at IS NOT NULL
          AND l.signed_at IS NULL AND l.revoked_at IS NULL AND l.expires_at > now() + interval '1 day'
          AND least(l.expires_at, coalesce(e.due_on::timestamptz, l.expires_at)) - interval '7 days' <= now()
          -- nothing signed since the link was made, by this link or another
          AND NOT EXISTS (SELECT FROM questionnaire_signature AS s
                          WHERE s.carrier_id = l.carrier_id AND s.kind = l.kind AND s.signed_at >= l.created_at)
          AND NOT EXISTS (SELECT FROM mail_outbox AS sent
                          JOIN questionnaire_link AS other ON other.id = sent.questionnaire_link_id
                          WHERE other.carrier_id = l.carrier_id AND other.kind = l.kind AND sent.purpose = 'questionnaire_reminder'
                            AND other.created_at >= l.created_at)
        ORDER BY l.carrier_id, l.kind, m.queued_at DESC
    LOOP
        INSERT INTO questionnaire_link (operator_id, carrier_id, kind, journey_id, staff_id, token_sha256, expires_at)
        VALUES (due.operator_id, due.carrier_id, due.kind, due.journey_id, due.staff_id,
                sha256(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())), due.expires_at)
        RETURNING id INTO made;
        INSERT INTO mail_outbox (operator_id, questionnaire_link_id, purpose, recipient, base_url)
        VALUES (due.operator_id, made, 'questionnaire_reminder', due.recipient, due.base_url);
        queued := queued + 1;
    END LOOP;
    RETURN queued;
END
$$;
REVOKE ALL ON FUNCTION parcours_queue_questionnaire_reminders() FROM PUBLIC, parcours_app;
