-- What crosses to the operator behind a partner once it accepted a referral, to open its own
-- journey for the carrier: with the carrier's consent, their file (identity, gender, birth date,
-- commune, contact); without it, only the name and contact the referral carries.
CREATE OR REPLACE FUNCTION parcours_referred_carrier(referral bigint)
    RETURNS TABLE (first_name text, last_name text, gender text, birth_date date, commune_id bigint, email text, phone text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    r record;
BEGIN
    SELECT ref.journey_id, ref.status, ref.consent_to_share, ref.carrier_first_name, ref.carrier_last_name,
           ref.carrier_email, ref.carrier_phone, p.operator_id AS partner_operator
    INTO r
    FROM referral AS ref JOIN partner AS p ON p.id = ref.partner_id
    WHERE ref.id = referral;
    IF NOT FOUND OR r.partner_operator IS DISTINCT FROM parcours_current_operator() OR r.status NOT IN ('accepted', 'completed') THEN
        RAISE EXCEPTION 'referral % is not an accepted referral addressed to your operator', referral USING ERRCODE = 'PA001';
    END IF;
    IF r.consent_to_share THEN
        RETURN QUERY
            SELECT c.first_name, c.last_name, c.gender, c.birth_date, c.commune_id, c.email, c.phone
            FROM journey AS j JOIN carrier AS c ON c.id = j.carrier_id WHERE j.id = r.journey_id;
    ELSE
        RETURN QUERY SELECT r.carrier_first_name, r.carrier_last_name, NULL::text, NULL::date, NULL::bigint, r.carrier_email, r.carrier_phone;
    END IF;
END
$$;
REVOKE ALL ON FUNCTION parcours_referred_carrier(bigint) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_referred_carrier(bigint) TO parcours_app;
