-- What a registration page shows, and only that: the operator's name and the information meetings
-- it holds in the next 120 days (title, start, length — never who registered). `page_state` is
-- 'open', 'expired' or 'revoked' (or the page's publisher no longer active); an unknown secret
-- returns no row; a closed page lists no meeting. No identity is needed: the secret is the capability.
CREATE OR REPLACE FUNCTION parcours_registration_by_page(presented_sha256 bytea)
    RETURNS TABLE (page_id bigint, page_state text, operator_name text, expires_at timestamptz,
                   session_id bigint, session_title text, session_starts_at timestamptz, session_minutes integer)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    WITH page AS (
        SELECT p.id, p.operator_id, o.name, p.expires_at,
               CASE WHEN p.revoked_at IS NOT NULL OR NOT s.active THEN 'revoked'
                    WHEN p.expires_at <= now() THEN 'expired'
                    ELSE 'open' END AS state
        FROM public.registration_page AS p
        JOIN public.operator AS o ON o.id = p.operator_id
        JOIN public.staff AS s ON s.id = p.staff_id
        WHERE p.token_sha256 = presented_sha256
    )
    SELECT p.id, p.state, p.name, p.expires_at, m.id, m.title, m.starts_at, m.duration_minutes
    FROM page AS p
    LEFT JOIN public.session AS m
      ON p.state = 'open' AND m.operator_id = p.operator_id AND m.kind = 'information'
     AND m.starts_at > now() AND m.starts_at <= now() + interval '120 days'
    ORDER BY m.starts_at, m.id
$$;
REVOKE ALL ON FUNCTION parcours_registration_by_page(bytea) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_registration_by_page(bytea) TO parcours_app;
