-- The person signs their entry questionnaire through their link: their record and a new dated
-- profile take the answers (the application has checked them with the parsers of `carrier update`
-- and `carrier profile`; the tables' constraints stand behind them), and the signature keeps the
-- answers exactly as signed — one `question=answer` a line, written here so that nobody else
-- words them — with the typed name, the date and their SHA-256. Recorded in the name of the link's
-- maker (their identity held for these writes alone), audited on the http channel; the person's
-- open links are spent.
CREATE OR REPLACE FUNCTION parcours_sign_questionnaire(
    presented_sha256 bytea, new_gender text, new_birth_date date, new_email text, new_phone text, new_labour text, new_education text,
    consented boolean, new_disability boolean, new_third_country_national boolean, new_foreign_background boolean,
    new_minority boolean, new_homeless boolean, new_declined text[], typed_name text, signed date)
    RETURNS TABLE (signature_id bigint, answers_sha256 text)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    link record;
    person record;
    consent date;
    answers text;
    made bigint;
    changed text[];
BEGIN
    SELECT l.id, l.staff_id, l.operator_id, l.carrier_id INTO link
    FROM public.questionnaire_link AS l JOIN public.carrier AS c ON c.id = l.carrier_id
    WHERE l.token_sha256 = presented_sha256 AND l.kind = 'entry' AND l.revoked_at IS NULL AND l.signed_at IS NULL AND l.expires_at > now()
      AND c.first_name <> parcours_erased()
    FOR UPDATE OF l;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'questionnaire link not open' USING ERRCODE = 'PA401', DETAIL = 'questionnaire_link_closed';
    END IF;
    PERFORM parcours_establish_identity(link.staff_id, '');

    SELECT c.gender, c.birth_date, c.email, c.phone INTO person FROM public.carrier AS c WHERE c.id = link.carrier_id;
    changed := array_remove(ARRAY[
        CASE WHEN new_gender IS DISTINCT FROM person.gender THEN 'gender' END,
        CASE WHEN new_birth_date IS DISTINCT FROM person.birth_date THEN 'birth_date' END,
        CASE WHEN new_email IS NOT NULL AND new_email IS DISTINCT FROM person.email THEN 'email' END,
        CASE WHEN new_phone IS NOT NULL AND new_phone IS DISTINCT FROM person.phone THEN 'phone' END], NULL);
    IF cardinality(changed) > 0 THEN
        UPDATE public.carrier
        SET gender = new_gender, birth_date = new_birth_date, email = coalesce(new_email, email), phone = coalesce(new_phone, phone)
        WHERE id = link.carrier_id;
        INSERT INTO public.carrier_event (operator_id, carrier_id, kind, fields, reason, staff_id)
        VALUES (link.operator_id, link.carrier_id, 'update', changed, format('questionnaire signed by the person (link %s)', link.id), link.staff_id);
    END IF;

    -- A consent given before stays dated from then.
    IF consented THEN
        SELECT coalesce(min(cp.consent_on), signed) INTO consent FROM public.carrier_profile AS cp
        WHERE cp.carrier_id = link.carrier_id AND cp.consent_on IS NOT NULL;
    END IF;
    INSERT INTO public.carrier_profile (operator_id, carrier_id, recorded_on, labour_status, education_level, consent_on, disability,
                                        third_country_national, foreign_background, minority, homeless, declined, staff_id)
    VALUES (link.operator_id, link.carrier_id, signed, new_labour, new_education, consent, new_disability, new_third_country_national,
            new_foreign_background, new_minority, new_homeless, coalesce(new_declined, '{}'), link.staff_id);

    SELECT c.email, c.phone INTO person FROM public.carrier AS c WHERE c.id = link.carrier_id;
    answers := concat_ws(E'\n',
        'questionnaire=entry', 'carrier=' || link.carrier_id, 'gender=' || coalesce(new_gender, ''),
        'birth_date=' || coalesce(to_char(new_birth_date, 'YYYY-MM-DD'), ''), 'email=' || coalesce(person.email, ''),
        'phone=' || coalesce(person.phone, ''),
        'labour_status=' || CASE WHEN 'labour_status' = ANY (new_declined) THEN 'declined' ELSE coalesce(new_labour, '') END,
        'education_level=' || CASE WHEN 'education_level' = ANY (new_declined) THEN 'declined' ELSE coalesce(new_education, '') END,
        'consent_on=' || coalesce(to_char(consent, 'YYYY-MM-DD'), ''),
        'disability=' || parcours_answer_word(new_disability, 'disability' = ANY (new_declined)),
        'third_country_national=' || parcours_answer_word(new_third_country_national, 'third_country_national' = ANY (new_declined)),
        'foreign_background=' || parcours_answer_word(new_foreign_background, 'foreign_background' = ANY (new_declined)),
        'minority=' || parcours_answer_word(new_minority, 'minority' = ANY (new_declined)),
        'homeless=' || parcours_answer_word(new_homeless, 'homeless' = ANY (new_declined)),
        'signed_name=' || btrim(typed_name), 'signed_on=' || to_char(signed, 'YYYY-MM-DD')) || E'\n';
    INSERT INTO public.questionnaire_signature (operator_id, carrier_id, link_id, kind, signed_name, signed_on, answers, answers_sha256)
    VALUES (link.operator_id, link.carrier_id, link.id, 'entry', btrim(typed_name), signed, answers, sha256(convert_to(answers, 'UTF8')))
    RETURNING id INTO made;
    -- Signed: this link and the person's other open ones (a reminder's) are spent.
    UPDATE public.questionnaire_link SET signed_at = now()
    WHERE carrier_id = link.carrier_id AND kind = 'entry' AND signed_at IS NULL AND revoked_at IS NULL;
    INSERT INTO public.audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
    VALUES (link.staff_id, 'http', 'change', link.carrier_id, link.operator_id,
            format('entry questionnaire signed by the person (link %s)', link.id));
    -- The maker's identity served these writes only: the caller's transaction gets none.
    PERFORM set_config('parcours.identity', '', true);
    PERFORM set_config('parcours.identity_seal', '', true);
    RETURN QUERY SELECT made, encode(sha256(convert_to(answers, 'UTF8')), 'hex');
END
$$;
REVOKE ALL ON FUNCTION parcours_sign_questionnaire(bytea,text,date,text,text,text,text,boolean,boolean,boolean,boolean,boolean,boolean,text[],text,date)
    FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_sign_questionnaire(bytea,text,date,text,text,text,text,boolean,boolean,boolean,boolean,boolean,boolean,text[],text,date)
    TO parcours_app;
