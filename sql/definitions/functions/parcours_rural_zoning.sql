-- parcours_rural_zoning, as 0015_zoning.sql wrote it, its relations named with their schema.
CREATE OR REPLACE FUNCTION parcours_rural_zoning(commune bigint, on_date date) RETURNS text
    LANGUAGE sql STABLE AS $$
    SELECT z.kind FROM public.territory_zoning AS z
    WHERE z.territory_id IN (SELECT parcours_territory_containers(commune))
      AND z.valid_from <= on_date AND (z.valid_to IS NULL OR z.valid_to >= on_date)
    ORDER BY CASE z.kind WHEN 'frr-plus' THEN 0 WHEN 'frr' THEN 1 ELSE 2 END
    LIMIT 1
$$;
REVOKE ALL ON FUNCTION parcours_rural_zoning(bigint,date) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_rural_zoning(bigint,date) TO PUBLIC;
GRANT EXECUTE ON FUNCTION parcours_rural_zoning(bigint,date) TO parcours_app;
