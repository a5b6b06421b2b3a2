-- What a person's questionnaire link shows, and only to its holder: their first name, the
-- operator, and what is recorded of what the questionnaire asks (to confirm or correct): their
-- entry data, or the journey's exit and its situation at exit or six months later — nothing while
-- the link is not open. `link_state` is 'open', 'expired', 'revoked' (or the person erased) or 'spent'
-- (signed); an unknown secret returns no row. No identity is needed: the secret is the capability.
DROP FUNCTION IF EXISTS parcours_questionnaire_by_link(bytea);
CREATE OR REPLACE FUNCTION parcours_questionnaire_by_link(presented_sha256 bytea)
    RETURNS TABLE (link_id bigint, carrier_id bigint, link_state text, operator_name text, first_name text, gender text, birth_date date,
                   email text, phone text, labour_status text, education_level text, consent_on date, disability boolean,
                   third_country_national boolean, foreign_background boolean, minority boolean, homeless boolean,
                   declined text[], expires_at timestamptz, kind text, journey_id bigint, exit_on date, situation text,
                   qualification_gained boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    WITH link AS (
        SELECT l.id, l.carrier_id, l.expires_at, o.name, l.kind, l.journey_id,
               CASE WHEN l.revoked_at IS NOT NULL OR c.first_name = public.parcours_erased() THEN 'revoked'
                    WHEN l.signed_at IS NOT NULL THEN 'spent'
                    WHEN l.expires_at <= now() THEN 'expired'
                    ELSE 'open' END AS state
        FROM public.questionnaire_link AS l
        JOIN public.operator AS o ON o.id = l.operator_id
        JOIN public.carrier AS c ON c.id = l.carrier_id
        WHERE l.token_sha256 = presented_sha256
    )
    SELECT l.id, l.carrier_id, l.state, l.name, c.first_name, c.gender, c.birth_date, c.email, c.phone, p.labour_status, p.education_level,
           p.consent_on, p.disability, p.third_country_national, p.foreign_background, p.minority, p.homeless,
           coalesce(p.declined, '{}'), l.expires_at, l.kind, l.journey_id, j.closed_on, f.situation, f.qualification_gained
    FROM link AS l
    LEFT JOIN public.carrier AS c ON l.state = 'open' AND c.id = l.carrier_id
    LEFT JOIN LATERAL (
        SELECT cp.* FROM public.carrier_profile AS cp WHERE cp.carrier_id = c.id ORDER BY cp.recorded_on DESC, cp.id DESC LIMIT 1
    ) AS p ON true
    LEFT JOIN public.journey AS j ON c.id IS NOT NULL AND j.id = l.journey_id
    LEFT JOIN public.follow_up AS f ON f.journey_id = j.id AND f.after_months = CASE l.kind WHEN 'exit' THEN 0 WHEN 'six_months' THEN 6 END
$$;
REVOKE ALL ON FUNCTION parcours_questionnaire_by_link(bytea) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_questionnaire_by_link(bytea) TO parcours_app;
