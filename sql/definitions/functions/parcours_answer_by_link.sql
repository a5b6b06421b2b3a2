-- Records a partner's answer through its link: the link must be open; the answer follows the
-- order the application checks (parcours_referral_by_link's status first) and the referral's own
-- constraints; audited in the name of the link's maker, on the http channel.
CREATE OR REPLACE FUNCTION parcours_answer_by_link(presented_sha256 bytea, new_status text, new_decline_reason text,
                                                   new_proposed_action text, new_note text, answered date)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    link record;
BEGIN
    SELECT l.id, l.staff_id, l.operator_id, r.id AS referral_id, r.status, r.proposed_on, j.carrier_id,
           l.revoked_at IS NULL AND l.expires_at > now()
           AND NOT public.parcours_referral_expired(r.status, r.proposed_on, o.referral_expiry_days) AS open
    INTO link
    FROM public.referral_link AS l
    JOIN public.referral AS r ON r.id = l.referral_id
    JOIN public.operator AS o ON o.id = r.operator_id
    JOIN public.journey AS j ON j.id = r.journey_id
    WHERE l.token_sha256 = presented_sha256
    FOR UPDATE OF l;
    IF NOT FOUND OR NOT link.open THEN
        RAISE EXCEPTION 'partner link not open' USING ERRCODE = 'PA401', DETAIL = 'referral_link_closed';
    END IF;
    IF NOT ((link.status = 'proposed' AND new_status IN ('studying', 'accepted', 'declined'))
            OR (link.status = 'studying' AND new_status IN ('accepted', 'declined'))
            OR (link.status = 'accepted' AND new_status IN ('completed', 'declined'))) THEN
        RAISE EXCEPTION 'referral %: % cannot follow %', link.referral_id, new_status, link.status
            USING ERRCODE = 'PA001', DETAIL = 'referral_transition';
    END IF;
    IF new_status = 'declined' AND new_decline_reason IS NULL THEN
        RAISE EXCEPTION 'referral %: a refusal gives its reason', link.referral_id USING ERRCODE = 'PA001', DETAIL = 'decline_reason_needed';
    END IF;
    UPDATE public.referral
    SET status = new_status, answered_on = coalesce(answered_on, answered), note = coalesce(new_note, note),
        decline_reason = CASE WHEN new_status = 'declined' THEN new_decline_reason END,
        proposed_action = CASE WHEN new_status = 'declined' THEN coalesce(new_proposed_action, 'none') END,
        taken_charge_on = CASE WHEN new_status = 'completed' THEN answered END
    WHERE id = link.referral_id;
    UPDATE public.referral_link SET answered_at = now() WHERE id = link.id;
    INSERT INTO public.audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
    VALUES (link.staff_id, 'http', 'change', link.carrier_id, link.operator_id,
            left(format('referral %s: %s by the partner (link %s)%s', link.referral_id, new_status, link.id,
                        CASE WHEN new_status = 'declined' THEN ', ' || new_decline_reason || '/' || coalesce(new_proposed_action, 'none') ELSE '' END), 200));
END
$$;
REVOKE ALL ON FUNCTION parcours_answer_by_link(bytea,text,text,text,text,date) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_answer_by_link(bytea,text,text,text,text,date) TO parcours_app;
