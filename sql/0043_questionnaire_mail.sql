-- A person's questionnaire link reaches them by e-mail too, and a reminder before their four weeks
-- end (issue 28): the outbox carries either kind of link — a partner's (referral_link) or a
-- person's (questionnaire_link) — never both, and as before never its secret.
ALTER TABLE mail_outbox
    ALTER COLUMN referral_link_id DROP NOT NULL,
    ADD COLUMN questionnaire_link_id bigint,
    ADD CONSTRAINT mail_outbox_questionnaire_link_fkey FOREIGN KEY (questionnaire_link_id, operator_id)
        REFERENCES questionnaire_link (id, operator_id) ON DELETE CASCADE,
    ADD CONSTRAINT mail_outbox_questionnaire_link_key UNIQUE (questionnaire_link_id, operator_id),
    ADD CONSTRAINT mail_outbox_one_link CHECK (num_nonnulls(referral_link_id, questionnaire_link_id) = 1),
    DROP CONSTRAINT mail_outbox_purpose_check,
    ADD CONSTRAINT mail_outbox_purpose_check CHECK (
        (purpose IN ('referral_link', 'referral_reminder') AND referral_link_id IS NOT NULL)
        OR (purpose IN ('questionnaire_link', 'questionnaire_reminder') AND questionnaire_link_id IS NOT NULL));
