-- Mail that really leaves (issue 28): a partner's link reaches the partner by e-mail, and a
-- reminder at ten days. Each message waits in this outbox, written in the transaction that made its
-- reason (a crash loses nothing), until the mailer (`parcours mail send`, run by the administrator's
-- console after a command and by a timer) sends it.
--
-- No secret is ever at rest here: a message has a link of its own (referral_link), made with a
-- digest nobody holds; the mailer draws the link's secret as it sends and keeps only its SHA-256
-- (parcours_claim_mail). A message sent twice (a crash between sending and recording it) carries
-- two secrets, of which the second works.
ALTER TABLE partner ADD COLUMN email text
    CONSTRAINT partner_email_check CHECK (email ~ '^[^@\s<>"]+@[^@\s<>"]+\.[^@\s<>"]+$' AND length(email) <= 254);

CREATE TABLE mail_outbox (
    id               bigint GENERATED ALWAYS AS IDENTITY,
    operator_id      bigint NOT NULL REFERENCES operator (id),
    referral_link_id bigint NOT NULL,
    purpose          text NOT NULL CONSTRAINT mail_outbox_purpose_check CHECK (purpose IN ('referral_link', 'referral_reminder')),
    recipient        text NOT NULL CONSTRAINT mail_outbox_recipient_check
                         CHECK (recipient ~ '^[^@\s<>"]+@[^@\s<>"]+\.[^@\s<>"]+$' AND length(recipient) <= 254),
    -- Where the link points (the service's public address when it was queued).
    base_url         text NOT NULL CONSTRAINT mail_outbox_base_url_check CHECK (base_url ~ '^https?://' AND length(base_url) <= 300),
    queued_at        timestamptz NOT NULL DEFAULT now(),
    attempts         integer NOT NULL DEFAULT 0,
    last_attempt_at  timestamptz,
    last_error       text CONSTRAINT mail_outbox_last_error_check CHECK (length(last_error) <= 500),
    sent_at          timestamptz,
    -- Not sent because its link closed first (answered, withdrawn, expired) or after every attempt.
    dropped_at       timestamptz,
    PRIMARY KEY (id, operator_id),
    FOREIGN KEY (referral_link_id, operator_id) REFERENCES referral_link (id, operator_id) ON DELETE CASCADE,
    CONSTRAINT mail_outbox_link_key UNIQUE (referral_link_id, operator_id)
);
CREATE INDEX mail_outbox_waiting ON mail_outbox (queued_at) WHERE sent_at IS NULL AND dropped_at IS NULL;

-- The operator's staff see their messages; only the definitions' functions write them.
GRANT SELECT ON mail_outbox TO parcours_app;
