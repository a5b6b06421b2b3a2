-- Whether the sealed chain still has `expected` as the hash of its entry number `entry` (a
-- checkpoint an audit pack carried). With parcours_audit_verify, which proves every entry up to
-- the head chains to the one before, it proves nothing up to the checkpoint changed since.
-- Administrator only.
CREATE OR REPLACE FUNCTION parcours_audit_checkpoint_holds(entry bigint, expected text) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF parcours_current_role() IS DISTINCT FROM 'admin' THEN
        RAISE EXCEPTION 'only the administrator verifies the audit log' USING ERRCODE = 'PA403';
    END IF;
    IF entry = 0 THEN
        RETURN expected = repeat('0', 64);
    END IF;
    RETURN coalesce((SELECT e.hash = lower(expected) FROM public.audit_event AS e WHERE e.sealed_seq = entry), false);
END
$$;
REVOKE ALL ON FUNCTION parcours_audit_checkpoint_holds(bigint, text) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_audit_checkpoint_holds(bigint, text) TO parcours_app;
