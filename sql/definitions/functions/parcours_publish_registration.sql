-- Publishes a registration page for `of_operator`'s information meetings (the acting staff member's
-- own operator, or any for the administrator), until `expires`; audited. The secret is the
-- caller's, kept only as its SHA-256.
CREATE OR REPLACE FUNCTION parcours_publish_registration(presented_sha256 bytea, of_operator bigint, expires timestamptz, audit_channel text)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    made bigint;
BEGIN
    IF parcours_current_staff() IS NULL THEN
        RAISE EXCEPTION 'no identity established' USING ERRCODE = 'PA401';
    END IF;
    IF NOT (of_operator = parcours_current_operator() OR parcours_writes_all())
       OR NOT EXISTS (SELECT FROM operator WHERE id = of_operator) THEN
        RAISE EXCEPTION 'operator % not found', of_operator USING ERRCODE = 'PA404';
    END IF;
    INSERT INTO registration_page (operator_id, staff_id, token_sha256, expires_at)
    VALUES (of_operator, parcours_current_staff(), presented_sha256, expires)
    RETURNING id INTO made;
    INSERT INTO audit_event (staff_id, channel, action, operator_id, detail)
    VALUES (parcours_current_staff(), audit_channel, 'share', of_operator,
            format('registration page %s until %s', made, to_char(expires AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD')));
    RETURN made;
END
$$;
REVOKE ALL ON FUNCTION parcours_publish_registration(bytea,bigint,timestamp with time zone,text) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_publish_registration(bytea,bigint,timestamp with time zone,text) TO parcours_app;
