CREATE OR REPLACE FUNCTION audit_event_chain() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    head record;
    tail record;
BEGIN
    SELECT last_id, hash INTO head FROM audit_head FOR UPDATE;
    -- The entries this transaction added since the head was last written come after it.
    SELECT id, hash INTO tail FROM audit_event WHERE id > head.last_id ORDER BY id DESC LIMIT 1;
    NEW.id := nextval('audit_event_id_seq');
    NEW.previous_hash := coalesce(tail.hash, head.hash);
    NEW.hash := parcours_audit_hash(NEW.previous_hash, NEW);
    RETURN NEW;
END
$$;
