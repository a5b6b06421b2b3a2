-- Queues the e-mail that carries a person's questionnaire link to `recipient`: the link must be one
-- the acting staff member's operator made, still open, and never mailed. Its secret, shown to
-- nobody, is replaced by the mailer's as it sends (parcours_claim_mail).
CREATE OR REPLACE FUNCTION parcours_mail_questionnaire_link(of_link bigint, recipient text, base_url text)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    link record;
    queued bigint;
BEGIN
    IF parcours_current_staff() IS NULL THEN
        RAISE EXCEPTION 'no identity established' USING ERRCODE = 'PA401';
    END IF;
    SELECT l.id, l.operator_id INTO link
    FROM questionnaire_link AS l
    WHERE l.id = of_link AND l.revoked_at IS NULL AND l.signed_at IS NULL AND l.expires_at > now()
      AND (l.operator_id = parcours_current_operator() OR parcours_writes_all());
    IF NOT FOUND THEN
        RAISE EXCEPTION 'questionnaire_link % not found', of_link USING ERRCODE = 'PA404';
    END IF;
    INSERT INTO mail_outbox (operator_id, questionnaire_link_id, purpose, recipient, base_url)
    VALUES (link.operator_id, of_link, 'questionnaire_link', recipient, base_url)
    RETURNING id INTO queued;
    -- Nobody holds this digest's secret: the link works once the mailer has drawn its own.
    UPDATE questionnaire_link SET token_sha256 = sha256(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()))
    WHERE id = of_link;
    RETURN queued;
END
$$;
REVOKE ALL ON FUNCTION parcours_mail_questionnaire_link(bigint,text,text) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_mail_questionnaire_link(bigint,text,text) TO parcours_app;
