CREATE OR REPLACE FUNCTION parcours_withdraw_consent(of_carrier bigint, audit_channel text) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    changed integer;
BEGIN
    IF NOT (parcours_manages_carrier(of_carrier)
            OR (parcours_current_role() = 'counsellor' AND parcours_follows_carrier(of_carrier))) THEN
        RAISE EXCEPTION 'carrier % not found', of_carrier USING ERRCODE = 'PA404';
    END IF;
    UPDATE carrier_profile
    SET consent_on = NULL, disability = NULL, third_country_national = NULL, foreign_background = NULL, homeless = NULL,
        minority = NULL
    WHERE carrier_id = of_carrier;
    GET DIAGNOSTICS changed = ROW_COUNT;
    PERFORM parcours_audit('consent_withdrawn', ARRAY[of_carrier], audit_channel, 'consent withdrawn');
    RETURN changed;
END
$$;
REVOKE ALL ON FUNCTION parcours_withdraw_consent(bigint,text) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_withdraw_consent(bigint,text) TO parcours_app;
