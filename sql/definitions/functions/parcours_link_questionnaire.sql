-- Makes a person's link to one of their questionnaires (the acting staff member's operator's
-- carrier, followed by them if a counsellor; not erased), until `expires`; audited. `of_kind` is
-- 'entry', or 'exit' / 'six_months' about `of_journey`, one of theirs that has ended. The secret is
-- the caller's, kept only as its SHA-256.
DROP FUNCTION IF EXISTS parcours_link_questionnaire(bytea, bigint, timestamp with time zone, text);
CREATE OR REPLACE FUNCTION parcours_link_questionnaire(presented_sha256 bytea, of_carrier bigint, of_kind text, of_journey bigint,
                                                       expires timestamptz, audit_channel text)
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
    IF of_kind <> 'entry' AND NOT EXISTS (SELECT FROM journey AS j WHERE j.id = of_journey AND j.carrier_id = of_carrier AND j.closed_on IS NOT NULL) THEN
        RAISE EXCEPTION 'journey % of carrier % has not ended', of_journey, of_carrier USING ERRCODE = 'PA001', DETAIL = 'journey_not_exited';
    END IF;
    INSERT INTO questionnaire_link (operator_id, carrier_id, kind, journey_id, staff_id, token_sha256, expires_at)
    VALUES (person.operator_id, of_carrier, of_kind, CASE WHEN of_kind <> 'entry' THEN of_journey END, parcours_current_staff(),
            presented_sha256, expires)
    RETURNING id INTO made;
    INSERT INTO audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
    VALUES (parcours_current_staff(), audit_channel, 'share', of_carrier, person.operator_id,
            format('%s questionnaire link %s until %s', replace(of_kind, '_', '-'), made,
                   to_char(expires AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD')));
    RETURN made;
END
$$;
REVOKE ALL ON FUNCTION parcours_link_questionnaire(bytea,bigint,text,bigint,timestamp with time zone,text) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_link_questionnaire(bytea,bigint,text,bigint,timestamp with time zone,text) TO parcours_app;
