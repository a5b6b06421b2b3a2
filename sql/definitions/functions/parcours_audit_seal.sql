-- Chains the entries committed since the last seal, in the order it finds them (their ids), each
-- hash covering the one before; returns how many it sealed. Writers never wait for it: they insert
-- their entries unsealed and commit. One sealer at a time (an advisory lock); anyone may run it,
-- it reveals nothing.
CREATE OR REPLACE FUNCTION parcours_audit_seal() RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    head record;
    e audit_event;
    previous text;
    sealed integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(7061727301);
    SELECT h.last_id, h.last_seq, h.hash INTO head FROM audit_head AS h FOR UPDATE;
    previous := head.hash;
    FOR e IN SELECT * FROM audit_event AS a WHERE a.sealed_seq IS NULL ORDER BY a.id LOOP
        sealed := sealed + 1;
        UPDATE audit_event
        SET sealed_seq = head.last_seq + sealed, previous_hash = previous, hash = parcours_audit_hash(previous, e)
        WHERE id = e.id
        RETURNING hash INTO previous;
        head.last_id := e.id;
    END LOOP;
    IF sealed > 0 THEN
        UPDATE audit_head SET last_id = head.last_id, last_seq = head.last_seq + sealed, hash = previous;
    END IF;
    RETURN sealed;
END
$$;
REVOKE ALL ON FUNCTION parcours_audit_seal() FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_audit_seal() TO parcours_app;
