-- Whether the acting counsellor follows this journey's carrier (see parcours_follows_carrier).
CREATE OR REPLACE FUNCTION parcours_follows_journey(of_journey bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    RETURN coalesce((SELECT c.counsellor_id IS NULL OR c.counsellor_id = nullif(split_part(me.claim, '|', 1), '')::bigint
                     FROM (SELECT parcours_verified_identity() AS claim OFFSET 0) AS me,
                          public.journey AS j JOIN public.carrier AS c ON c.id = j.carrier_id
                     WHERE j.id = of_journey AND j.operator_id = nullif(split_part(me.claim, '|', 3), '')::bigint), false);
REVOKE ALL ON FUNCTION parcours_follows_journey(bigint) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_follows_journey(bigint) TO parcours_app;
