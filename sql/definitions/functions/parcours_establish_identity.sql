-- Establishes who acts for the rest of the transaction, once: the staff member's role, operator
-- and funder are read here and sealed with the way they were established ('' or 'share'), so that
-- verifying the identity later reads no table but the key (parcours_verified_identity).
-- The claim is "staff|role|operator|funder|mode": the operator only for the roles that work inside
-- one (counsellor, coordinator), the funder only for a funder's officer.
CREATE OR REPLACE FUNCTION parcours_establish_identity(staff bigint, mode text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    claim text;
BEGIN
    -- format() writes an absent value as an empty field: the claim always has five.
    SELECT format('%s|%s|%s|%s|%s', s.id, s.role,
                  CASE WHEN s.role IN ('counsellor', 'coordinator') THEN s.operator_id END,
                  CASE WHEN s.role = 'funder' THEN s.funder_id END, mode) INTO claim
    FROM public.staff AS s WHERE s.id = staff AND s.active;
    IF claim IS NULL THEN
        RAISE EXCEPTION 'no active staff member %', staff USING ERRCODE = 'PA401';
    END IF;
    PERFORM set_config('parcours.identity', claim, true);
    PERFORM set_config('parcours.identity_seal',
                       (SELECT parcours_identity_digest(k.identity_key, claim) FROM public.parcours_secret AS k), true);
END
$$;
REVOKE ALL ON FUNCTION parcours_establish_identity(bigint, text) FROM PUBLIC, parcours_app;
