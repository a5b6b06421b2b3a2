-- Two first contacts of the same person become one: the one kept takes what only the duplicate
-- knew (last name, contact, commune, note), the earliest dates of contact, information session and
-- diagnostic, and the duplicate's id in merged_ids; the duplicate, still pending, goes. Its
-- coordinator or the administrator, inside one operator.
CREATE OR REPLACE FUNCTION parcours_merge_intakes(keep bigint, duplicate bigint) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    k public.intake;
    d public.intake;
BEGIN
    IF NOT parcours_manages_intake(keep) THEN
        RAISE EXCEPTION 'intake % not found', keep USING ERRCODE = 'PA404';
    END IF;
    IF NOT parcours_manages_intake(duplicate) THEN
        RAISE EXCEPTION 'intake % not found', duplicate USING ERRCODE = 'PA404';
    END IF;
    SELECT * INTO k FROM public.intake WHERE id = keep FOR UPDATE;
    SELECT * INTO d FROM public.intake WHERE id = duplicate FOR UPDATE;
    IF k.id = d.id THEN
        RAISE EXCEPTION 'intake %: a first contact is not merged with itself', keep USING ERRCODE = 'PA001', DETAIL = 'intake_merge_same';
    END IF;
    IF k.operator_id <> d.operator_id THEN
        RAISE EXCEPTION 'intakes % and % belong to different operators', keep, duplicate
            USING ERRCODE = 'PA001', DETAIL = 'intake_merge_other_operator';
    END IF;
    IF d.status <> 'pending' THEN
        RAISE EXCEPTION 'intake % was already decided: keep it, and merge the other into it', duplicate
            USING ERRCODE = 'PA001', DETAIL = 'intake_merge_decided';
    END IF;
    UPDATE public.intake
    SET last_name = coalesce(k.last_name, d.last_name), email = coalesce(k.email, d.email), phone = coalesce(k.phone, d.phone),
        commune_id = coalesce(k.commune_id, d.commune_id),
        contacted_on = least(k.contacted_on, d.contacted_on),
        info_session_on = least(k.info_session_on, d.info_session_on),
        diagnostic_on = least(k.diagnostic_on, d.diagnostic_on),
        note = left(nullif(concat_ws(' · ', k.note, d.note), ''), 2000),
        merged_ids = k.merged_ids || d.id || d.merged_ids
    WHERE id = k.id;
    DELETE FROM public.intake WHERE id = d.id;
END
$$;
REVOKE ALL ON FUNCTION parcours_merge_intakes(bigint,bigint) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_merge_intakes(bigint,bigint) TO parcours_app;
