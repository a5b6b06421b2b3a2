-- The duplicate rule of first contacts: the most recent first contact of `of_operator` with the
-- same name (first and last, case and accents aside), e-mail or phone number (digits alone), else
-- its first carrier so named or reached. Staff see what their policies let them (`intake add` says
-- it, unless confirmed); a registration page's function sees the operator's all, and tells staff
-- only (parcours_register_by_page).
CREATE OR REPLACE FUNCTION parcours_known_contact(of_operator bigint, first_name text, last_name text, email text, phone text,
                                                  excluding bigint)
    RETURNS TABLE (kind text, id bigint, contacted_on date, name text)
    LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
    WITH given AS (
        SELECT CASE WHEN last_name IS NOT NULL THEN parcours_name_key(first_name, last_name) END AS name_key,
               lower(email) AS email, nullif(regexp_replace(phone, '[^0-9+]', '', 'g'), '') AS phone
    )
    (SELECT 'intake', i.id, i.contacted_on, concat_ws(' ', i.first_name, i.last_name)
     FROM public.intake AS i, given AS g
     WHERE i.operator_id = of_operator AND i.first_name <> parcours_erased()
       AND (excluding IS NULL OR i.id <> excluding)
       AND ((i.last_name IS NOT NULL AND parcours_name_key(i.first_name, i.last_name) = g.name_key)
            OR lower(i.email) = g.email OR regexp_replace(i.phone, '[^0-9+]', '', 'g') = g.phone)
     ORDER BY i.contacted_on DESC, i.id DESC LIMIT 1)
    UNION ALL
    (SELECT 'carrier', c.id, NULL, concat_ws(' ', c.first_name, c.last_name)
     FROM public.carrier AS c, given AS g
     WHERE c.operator_id = of_operator AND c.first_name <> parcours_erased()
       AND (parcours_name_key(c.first_name, c.last_name) = g.name_key
            OR lower(c.email) = g.email OR regexp_replace(c.phone, '[^0-9+]', '', 'g') = g.phone)
     ORDER BY c.id LIMIT 1)
$$;
REVOKE ALL ON FUNCTION parcours_known_contact(bigint,text,text,text,text,bigint) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_known_contact(bigint,text,text,text,text,bigint) TO parcours_app;
