-- Whether the acting staff member manages this first contact's personal data (its merge, its
-- erasure): a coordinator of its operator, or the administrator — as for a carrier.
CREATE OR REPLACE FUNCTION parcours_manages_intake(of_intake bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    RETURN EXISTS (
        SELECT FROM public.intake AS i, (SELECT parcours_verified_identity() AS claim OFFSET 0) AS me
        WHERE i.id = of_intake
          AND (split_part(me.claim, '|', 2) = 'admin'
               OR (split_part(me.claim, '|', 2) = 'coordinator' AND i.operator_id = nullif(split_part(me.claim, '|', 3), '')::bigint)));
REVOKE ALL ON FUNCTION parcours_manages_intake(bigint) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_manages_intake(bigint) TO parcours_app;
