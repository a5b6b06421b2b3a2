-- Upserts the staged reference into the tree (by code), resolves former codes, and records the
-- load. Runs with the caller's rights: the owner at migration, the administrator otherwise (only
-- they write territories). Operators' groupings and their memberships are left as they are.
CREATE OR REPLACE FUNCTION parcours_load_france(reference_file text, reference_checksum text)
    RETURNS TABLE (created integer, updated integer)
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    created_count integer;
    updated_count integer;
BEGIN
    WITH upserted AS (
        INSERT INTO territory (code, name, kind, official)
        SELECT r.code, r.name, r.kind, true FROM france_reference AS r WHERE r.kind <> 'former'
        ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, official = true
            WHERE (territory.name, territory.kind, territory.official) IS DISTINCT FROM (excluded.name, excluded.kind, true)
        RETURNING (xmax = 0) AS inserted
    )
    SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) INTO created_count, updated_count FROM upserted;

    -- An official commune an operator's grouping owned stays in it, as a member.
    INSERT INTO territory_member (grouping_id, member_id)
    SELECT t.parent_id, t.id
    FROM france_reference AS r
    JOIN territory AS t ON t.code = r.code
    JOIN territory AS p ON p.id = t.parent_id
    WHERE r.kind = 'commune' AND NOT p.official AND p.kind IN ('pays', 'park', 'epci')
    ON CONFLICT DO NOTHING;

    -- Parents by code: every node exists by now (parents first is not needed). A commune's own
    -- département in the same statement: the ancestors follow both at once.
    UPDATE territory AS t SET parent_id = p.id, department_id = d.id
    FROM france_reference AS r
    JOIN territory AS p ON p.code = r.parent_code
    LEFT JOIN territory AS d ON d.code = r.department_code AND d.kind = 'department'
    WHERE t.code = r.code AND r.kind <> 'former' AND (t.parent_id, t.department_id) IS DISTINCT FROM (p.id, d.id);

    INSERT INTO territory_former_code (code, commune_id)
    SELECT r.code, t.id FROM france_reference AS r JOIN territory AS t ON t.code = r.parent_code
    WHERE r.kind = 'former'
    ON CONFLICT (code) DO UPDATE SET commune_id = excluded.commune_id;

    INSERT INTO territory_reference (file, checksum, created, updated)
    VALUES (reference_file, reference_checksum, created_count, updated_count)
    ON CONFLICT (checksum) DO UPDATE SET loaded_at = now(), created = excluded.created, updated = excluded.updated;
    RETURN QUERY SELECT created_count, updated_count;
END
$$;
REVOKE ALL ON FUNCTION parcours_load_france(text,text) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_load_france(text,text) TO PUBLIC;
GRANT EXECUTE ON FUNCTION parcours_load_france(text,text) TO parcours_app;
