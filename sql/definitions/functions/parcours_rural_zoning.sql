-- The rural classification of a commune in force on a date — the most favourable of those of the
-- territories that contain it (FRR+ before FRR, then the others) — as a row, or none. A set, not a
-- scalar: a one-SELECT set function is inlined into the query that joins it (LATERAL), where a
-- scalar one with a FROM runs as its own statement for each participant of a file. (A scalar
-- until now: its return type changes only by dropping it.)
DROP FUNCTION IF EXISTS parcours_rural_zoning(bigint, date);
CREATE OR REPLACE FUNCTION parcours_rural_zoning(commune bigint, on_date date) RETURNS SETOF text
    LANGUAGE sql STABLE AS $$
    SELECT z.kind FROM public.territory_zoning AS z
    WHERE z.territory_id IN (SELECT c.id FROM parcours_territory_containers(commune) AS c (id))
      AND z.valid_from <= on_date AND (z.valid_to IS NULL OR z.valid_to >= on_date)
    ORDER BY CASE z.kind WHEN 'frr-plus' THEN 0 WHEN 'frr' THEN 1 ELSE 2 END
    LIMIT 1
$$;
REVOKE ALL ON FUNCTION parcours_rural_zoning(bigint,date) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_rural_zoning(bigint,date) TO PUBLIC;
GRANT EXECUTE ON FUNCTION parcours_rural_zoning(bigint,date) TO parcours_app;
