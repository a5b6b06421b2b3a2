-- Makes a partner's link to one referral of the acting staff member's operator (the referral must
-- be theirs to see and still await an answer), until `expires`; audited. The secret is the caller's,
-- kept only as its SHA-256.
CREATE OR REPLACE FUNCTION parcours_link_referral(presented_sha256 bytea, of_referral bigint, expires timestamptz, audit_channel text)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    target record;
    made bigint;
BEGIN
    IF parcours_current_staff() IS NULL THEN
        RAISE EXCEPTION 'no identity established' USING ERRCODE = 'PA401';
    END IF;
    SELECT r.id, r.operator_id, r.status, r.carrier_id, r.expired INTO target
    FROM (SELECT r.id, r.operator_id, r.status, j.carrier_id,
                 parcours_referral_expired(r.status, r.proposed_on, o.referral_expiry_days) AS expired
          FROM referral AS r JOIN journey AS j ON j.id = r.journey_id JOIN operator AS o ON o.id = r.operator_id
          WHERE r.id = of_referral) AS r
    WHERE r.operator_id = parcours_current_operator() OR parcours_writes_all();
    IF NOT FOUND THEN
        RAISE EXCEPTION 'referral % not found', of_referral USING ERRCODE = 'PA404';
    END IF;
    IF target.status NOT IN ('proposed', 'studying', 'accepted') THEN
        RAISE EXCEPTION 'referral % is already answered', of_referral USING ERRCODE = 'PA001', DETAIL = 'referral_answered';
    END IF;
    IF target.expired THEN
        RAISE EXCEPTION 'referral % has expired unanswered', of_referral USING ERRCODE = 'PA001', DETAIL = 'referral_expired';
    END IF;
    INSERT INTO referral_link (operator_id, referral_id, staff_id, token_sha256, expires_at)
    VALUES (target.operator_id, of_referral, parcours_current_staff(), presented_sha256, expires)
    RETURNING id INTO made;
    INSERT INTO audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
    VALUES (parcours_current_staff(), audit_channel, 'share', target.carrier_id, target.operator_id,
            format('referral %s: partner link %s until %s', of_referral, made, to_char(expires AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD')));
    RETURN made;
END
$$;
REVOKE ALL ON FUNCTION parcours_link_referral(bytea,bigint,timestamp with time zone,text) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_link_referral(bytea,bigint,timestamp with time zone,text) TO parcours_app;
