-- What a partner's link shows, and only that: the referral's minimum (the person's name and
-- contact, the reason, who refers, when) and where it stands. `link_state` is 'open', 'expired' (the
-- link, or the referral left unanswered past its operator's delay),
-- 'revoked' or 'spent' (taken in charge or declined: nothing left to answer); an unknown secret
-- returns no row. No identity is needed: the secret is the capability.
CREATE OR REPLACE FUNCTION parcours_referral_by_link(presented_sha256 bytea)
    RETURNS TABLE (link_id bigint, referral_id bigint, link_state text, status text, operator_name text, partner_name text,
                   carrier_name text, carrier_contact text, reason text, proposed_on date, expires_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT l.id, r.id,
           CASE WHEN l.revoked_at IS NOT NULL THEN 'revoked'
                WHEN l.expires_at <= now() THEN 'expired'
                -- nobody answered within the operator's delay: the referral itself has expired
                WHEN public.parcours_referral_expired(r.status, r.proposed_on, o.referral_expiry_days) THEN 'expired'
                WHEN r.status IN ('declined', 'completed') THEN 'spent'
                ELSE 'open' END,
           r.status, o.name, p.name, r.carrier_name, r.carrier_contact, r.reason, r.proposed_on, l.expires_at
    FROM public.referral_link AS l
    JOIN public.referral AS r ON r.id = l.referral_id
    JOIN public.operator AS o ON o.id = r.operator_id
    JOIN public.partner AS p ON p.id = r.partner_id
    WHERE l.token_sha256 = presented_sha256
$$;
REVOKE ALL ON FUNCTION parcours_referral_by_link(bytea) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_referral_by_link(bytea) TO parcours_app;
