-- The acting identity's claim ("staff|role|operator|funder|mode") if its seal verifies, else NULL:
-- one digest and the key, no other table (PL/pgSQL: its plan is kept for the session, where an SQL
-- function's would be made again for every statement that calls it). A share link's identity
-- holds only while the transaction is read-only (ROLLBACK TO SAVEPOINT restores read-write along
-- with the settings, and a claim put back by hand then says "share"). A missing key verifies
-- nothing (fails closed).
CREATE OR REPLACE FUNCTION parcours_verified_identity() RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    claim text := current_setting('parcours.identity', true);
BEGIN
    IF claim IS NULL OR current_setting('parcours.identity_seal', true) IS DISTINCT FROM
       (SELECT parcours_identity_digest(k.identity_key, claim) FROM public.parcours_secret AS k) THEN
        RETURN NULL;
    END IF;
    IF split_part(claim, '|', 5) = 'share' AND current_setting('transaction_read_only') <> 'on' THEN
        RETURN NULL;
    END IF;
    RETURN claim;
END
$$;
REVOKE ALL ON FUNCTION parcours_verified_identity() FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_verified_identity() TO parcours_app;
