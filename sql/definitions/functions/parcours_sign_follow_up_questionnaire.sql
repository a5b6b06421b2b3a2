-- The person signs their situation at exit (with whether they gained a qualification) or six months
-- later, through their link: the journey's follow-up takes it (the application has checked it with
-- the parser of `followup record`; the table's constraints stand behind it), and the signature
-- keeps the answers exactly as signed — worded here — with the typed name, the date and their
-- SHA-256. Recorded in the name of the link's maker (their identity held for these writes alone),
-- audited on the http channel; the person's open links of that kind are spent.
CREATE OR REPLACE FUNCTION parcours_sign_follow_up_questionnaire(presented_sha256 bytea, new_situation text, gained boolean, typed_name text,
                                                                 signed date)
    RETURNS TABLE (signature_id bigint, answers_sha256 text)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    link record;
    answers text;
    made bigint;
BEGIN
    SELECT l.id, l.staff_id, l.operator_id, l.carrier_id, l.kind, l.journey_id INTO link
    FROM public.questionnaire_link AS l JOIN public.carrier AS c ON c.id = l.carrier_id
    WHERE l.token_sha256 = presented_sha256 AND l.kind IN ('exit', 'six_months') AND l.revoked_at IS NULL AND l.signed_at IS NULL
      AND l.expires_at > now() AND c.first_name <> parcours_erased()
    FOR UPDATE OF l;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'questionnaire link not open' USING ERRCODE = 'PA401', DETAIL = 'questionnaire_link_closed';
    END IF;
    PERFORM parcours_establish_identity(link.staff_id, '');
    INSERT INTO public.follow_up (operator_id, journey_id, after_months, situation, qualification_gained, recorded_on, staff_id)
    VALUES (link.operator_id, link.journey_id, CASE link.kind WHEN 'exit' THEN 0 ELSE 6 END, new_situation,
            CASE WHEN link.kind = 'exit' THEN gained END, signed, link.staff_id)
    ON CONFLICT (journey_id, after_months, operator_id) DO UPDATE
        SET situation = excluded.situation, qualification_gained = excluded.qualification_gained, recorded_on = excluded.recorded_on;

    answers := concat_ws(E'\n',
        'questionnaire=' || link.kind, 'carrier=' || link.carrier_id, 'journey=' || link.journey_id, 'situation=' || new_situation,
        CASE WHEN link.kind = 'exit' THEN 'qualification_gained=' || parcours_answer_word(gained, false) END,
        'signed_name=' || btrim(typed_name), 'signed_on=' || to_char(signed, 'YYYY-MM-DD')) || E'\n';
    INSERT INTO public.questionnaire_signature (operator_id, carrier_id, link_id, kind, signed_name, signed_on, answers, answers_sha256)
    VALUES (link.operator_id, link.carrier_id, link.id, link.kind, btrim(typed_name), signed, answers, sha256(convert_to(answers, 'UTF8')))
    RETURNING id INTO made;
    UPDATE public.questionnaire_link SET signed_at = now()
    WHERE carrier_id = link.carrier_id AND kind = link.kind AND journey_id = link.journey_id AND signed_at IS NULL AND revoked_at IS NULL;
    INSERT INTO public.audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
    VALUES (link.staff_id, 'http', 'change', link.carrier_id, link.operator_id,
            format('%s questionnaire signed by the person (link %s)', replace(link.kind, '_', '-'), link.id));
    -- The maker's identity served these writes only: the caller's transaction gets none.
    PERFORM set_config('parcours.identity', '', true);
    PERFORM set_config('parcours.identity_seal', '', true);
    RETURN QUERY SELECT made, encode(sha256(convert_to(answers, 'UTF8')), 'hex');
END
$$;
REVOKE ALL ON FUNCTION parcours_sign_follow_up_questionnaire(bytea,text,boolean,text,date) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_sign_follow_up_questionnaire(bytea,text,boolean,text,date) TO parcours_app;
