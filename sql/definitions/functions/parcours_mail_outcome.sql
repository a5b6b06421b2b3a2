-- What became of a message the mailer claimed: sent (failure is NULL), or the server's refusal,
-- kept for the next attempt (parcours_claim_mail tries again after five minutes, eight times at most).
CREATE OR REPLACE FUNCTION parcours_mail_outcome(of_mail bigint, of_operator bigint, failure text) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF parcours_current_role() IS DISTINCT FROM 'admin' THEN
        RAISE EXCEPTION 'only the administrator sends the mail' USING ERRCODE = 'PA403';
    END IF;
    UPDATE mail_outbox
    SET sent_at = CASE WHEN failure IS NULL THEN now() END,
        last_error = left(failure, 500)
    WHERE id = of_mail AND operator_id = of_operator AND sent_at IS NULL;
END
$$;
REVOKE ALL ON FUNCTION parcours_mail_outcome(bigint,bigint,text) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_mail_outcome(bigint,bigint,text) TO parcours_app;
