-- A person registers from an operator's registration page: a first contact of that operator,
-- recorded in the name of the page's publisher, with the meeting chosen (one the page lists) and
-- the time the person agreed to be contacted. The commune is typed by a citizen: its INSEE code or
-- its name — the operator's own communes first, « Nom (dép.) » to tell homonyms apart. The
-- application has checked every field with the parser of `intake add`; the table's constraints
-- stand behind it. A person already known (parcours_known_contact) is registered all the same —
-- the page must not tell a stranger who is known — and the note says so to staff, who merge.
CREATE OR REPLACE FUNCTION parcours_register_by_page(presented_sha256 bytea, new_first_name text, new_last_name text, new_email text,
                                                     new_phone text, new_commune text, new_prescriber text, of_session bigint,
                                                     registered date)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    page record;
    commune bigint;
    candidates integer;
    typed text := btrim(new_commune);
    department text;
    meeting date;
    known record;
    made bigint;
BEGIN
    SELECT p.id, p.operator_id, p.staff_id INTO page
    FROM public.registration_page AS p JOIN public.staff AS s ON s.id = p.staff_id
    WHERE p.token_sha256 = presented_sha256 AND p.revoked_at IS NULL AND p.expires_at > now() AND s.active;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'registration page not open' USING ERRCODE = 'PA401', DETAIL = 'registration_page_closed';
    END IF;
    IF of_session IS NOT NULL THEN
        SELECT (m.starts_at AT TIME ZONE 'Europe/Paris')::date INTO meeting
        FROM public.session AS m
        WHERE m.id = of_session AND m.operator_id = page.operator_id AND m.kind = 'information'
          AND m.starts_at > now() AND m.starts_at <= now() + interval '120 days';
        IF NOT FOUND THEN
            RAISE EXCEPTION 'information meeting % is not open for registration', of_session
                USING ERRCODE = 'PA001', DETAIL = 'registration_session_closed';
        END IF;
    END IF;
    IF typed <> '' THEN
        -- « Craon (53) »: a name and its département.
        IF typed ~ '\(\s*[0-9][0-9AB][0-9]?\s*\)$' THEN
            department := upper(btrim(substring(typed FROM '\(\s*([0-9][0-9AB][0-9]?)\s*\)$')));
            typed := btrim(substring(typed FROM '^(.*)\('));
        END IF;
        WITH found AS (
            SELECT t.id, EXISTS (SELECT FROM public.territory_ancestor AS a
                                 JOIN public.operator_territory AS ot ON ot.territory_id = a.ancestor_id
                                 WHERE a.territory_id = t.id AND ot.operator_id = page.operator_id) AS ours
            FROM public.territory AS t
            WHERE t.kind = 'commune'
              AND (t.code = upper(typed)
                   OR t.id IN (SELECT f.commune_id FROM public.territory_former_code AS f WHERE f.code = upper(typed))
                   OR parcours_place_key(t.name) = parcours_place_key(typed))
              AND (department IS NULL OR EXISTS (SELECT FROM public.territory_ancestor AS a JOIN public.territory AS d ON d.id = a.ancestor_id
                                                 WHERE a.territory_id = t.id AND d.kind = 'department' AND d.code = department))
        ), kept AS (
            SELECT id FROM found WHERE ours OR NOT EXISTS (SELECT FROM found WHERE ours)
        )
        SELECT min(id), count(*) INTO commune, candidates FROM kept;
        IF candidates = 0 THEN
            RAISE EXCEPTION 'no commune is named %', new_commune USING ERRCODE = 'PA001', DETAIL = 'registration_commune_unknown';
        ELSIF candidates > 1 THEN
            RAISE EXCEPTION 'several communes are named %', new_commune USING ERRCODE = 'PA001', DETAIL = 'registration_commune_ambiguous';
        END IF;
    END IF;
    SELECT k.kind, k.id INTO known
    FROM parcours_known_contact(page.operator_id, new_first_name, new_last_name, new_email, new_phone, NULL) AS k LIMIT 1;
    INSERT INTO public.intake (operator_id, first_name, last_name, email, phone, commune_id, prescriber, contacted_on, info_session_on,
                               info_session_id, registration_page_id, consent_at, staff_id, note)
    VALUES (page.operator_id, new_first_name, new_last_name, new_email, new_phone, commune, new_prescriber, registered, meeting,
            of_session, page.id, now(), page.staff_id,
            CASE known.kind WHEN 'intake' THEN format('Inscription en ligne : doublon possible du premier contact n° %s (intake merge).', known.id)
                            WHEN 'carrier' THEN format('Inscription en ligne : doublon possible du porteur n° %s.', known.id) END)
    RETURNING id INTO made;
    RETURN made;
END
$$;
REVOKE ALL ON FUNCTION parcours_register_by_page(bytea,text,text,text,text,text,text,bigint,date) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_register_by_page(bytea,text,text,text,text,text,text,bigint,date) TO parcours_app;
