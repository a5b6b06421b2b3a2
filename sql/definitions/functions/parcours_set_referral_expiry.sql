-- How many days a referral may wait for its partner's answer before it expires (sql/0039): the
-- operator's coordinators decide for their operator, the administrator and the network for any.
-- Another operator's is not found, as if it did not exist.
CREATE OR REPLACE FUNCTION parcours_set_referral_expiry(of_operator bigint, days integer) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF parcours_current_staff() IS NULL THEN
        RAISE EXCEPTION 'no identity established' USING ERRCODE = 'PA401';
    END IF;
    IF NOT (parcours_writes_all()
            OR (parcours_current_role() = 'coordinator' AND parcours_current_operator() = of_operator)) THEN
        RAISE EXCEPTION 'operator % not found', of_operator USING ERRCODE = 'PA404';
    END IF;
    UPDATE operator SET referral_expiry_days = days WHERE id = of_operator;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'operator % not found', of_operator USING ERRCODE = 'PA404';
    END IF;
END
$$;
REVOKE ALL ON FUNCTION parcours_set_referral_expiry(bigint,integer) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_set_referral_expiry(bigint,integer) TO parcours_app;
