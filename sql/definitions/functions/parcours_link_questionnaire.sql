-- Makes a person's link to their entry questionnaire (the acting staff member's operator's
-- carrier, followed by them if a counsellor; not erased), until `expires`; audited. The secret is
-- the caller's, kept only as its SHA-256.
CREATE OR REPLACE FUNCTION parcours_link_questionnaire(presented_sha256 bytea, of_carrier bigint, expires timestamptz, audit_channel text)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    person record;
    made bigint;
BEGIN
    IF parcours_current_staff() IS NULL THEN
        RAISE EXCEPTION 'no identity established' USING ERRCODE = 'PA401';
    END IF;
    SELECT c.id, c.operator_id, c.first_name INTO person FROM carrier AS c
    WHERE c.id = of_carrier
      AND (c.operator_id = parcours_current_operator() OR parcours_writes_all())
      AND (parcours_current_role() IS DISTINCT FROM 'counsellor' OR parcours_follows_carrier(c.id));
    IF NOT FOUND THEN
        RAISE EXCEPTION 'carrier % not found', of_carrier USING ERRCODE = 'PA404';
    END IF;
    IF person.first_name = parcours_erased() THEN
        RAISE EXCEPTION 'carrier % was erased', of_carrier USING ERRCODE = 'PA001', DETAIL = 'carrier_erased';
    END IF;
    INSERT INTO questionnaire_link (operator_id, carrier_id, kind, staff_id, token_sha256, expires_at)
    VALUES (person.operator_id, of_carrier, 'entry', parcours_current_staff(), presented_sha256, expires)
    RETURNING id INTO made;
    INSERT INTO audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
    VALUES (parcours_current_staff(), audit_channel, 'share', of_carrier, person.operator_id,
            format('entry questionnaire link %s until %s', made, to_char(expires AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD')));
    RETURN made;
END
$$;
REVOKE ALL ON FUNCTION parcours_link_questionnaire(bytea,bigint,timestamp with time zone,text) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_link_questionnaire(bytea,bigint,timestamp with time zone,text) TO parcours_app;
