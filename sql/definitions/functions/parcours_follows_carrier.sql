-- Whether the acting counsellor follows this carrier (their own, or nobody's, in their operator):
-- the identity verified once for the question, not once for each side of it (OFFSET 0 keeps the
-- planner from copying the call into each place the claim is read).
CREATE OR REPLACE FUNCTION parcours_follows_carrier(of_carrier bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    RETURN coalesce((SELECT c.counsellor_id IS NULL OR c.counsellor_id = nullif(split_part(me.claim, '|', 1), '')::bigint
                     FROM (SELECT parcours_verified_identity() AS claim OFFSET 0) AS me, public.carrier AS c
                     WHERE c.id = of_carrier AND c.operator_id = nullif(split_part(me.claim, '|', 3), '')::bigint), false);
REVOKE ALL ON FUNCTION parcours_follows_carrier(bigint) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_follows_carrier(bigint) TO parcours_app;
