-- Walks the sealed chain in its order: the number of entries checked and the first one that does
-- not verify (altered, moved, or the one after a deleted entry; -1 when the tail was deleted or
-- the head does not match). Entries not yet sealed are not counted (`audit verify` seals first).
-- Administrator only.
CREATE OR REPLACE FUNCTION parcours_audit_verify(OUT checked bigint, OUT first_broken bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    e audit_event;
    previous text := repeat('0', 64);
    head record;
BEGIN
    IF parcours_current_role() IS DISTINCT FROM 'admin' THEN
        RAISE EXCEPTION 'only the administrator verifies the audit log' USING ERRCODE = 'PA403';
    END IF;
    checked := 0;
    FOR e IN SELECT * FROM audit_event WHERE sealed_seq IS NOT NULL ORDER BY sealed_seq LOOP
        IF e.previous_hash <> previous OR e.hash <> parcours_audit_hash(previous, e) THEN
            first_broken := e.id;
            RETURN;
        END IF;
        previous := e.hash;
        checked := checked + 1;
    END LOOP;
    SELECT h.last_seq, h.hash INTO head FROM audit_head AS h;
    IF head.hash <> previous OR head.last_seq <> checked THEN
        first_broken := -1;
    END IF;
END
$$;
REVOKE ALL ON FUNCTION parcours_audit_verify() FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_audit_verify() TO parcours_app;
