-- The audit chain at scale (issue 14). Two faults of 0012's chaining, both measured:
--
-- 1. Each entry updated the single audit_head row. An import auditing 20,000 people in one
--    statement left 20,000 versions of that row, and each entry's lookup walked them all:
--    23 of the 34 seconds of a 20,000-line import.
-- 2. An entry's id was drawn (by its column default) before the head was locked, so two
--    concurrent writers could chain in an order other than their ids — and `audit verify`
--    walks the chain by id.
--
-- Now the head is locked (FOR UPDATE) by every entry, but written once per statement; the
-- entries a statement added since are found by id, which is drawn under that lock: the chain's
-- order is the ids' order. Under REPEATABLE READ a head another transaction moved cannot be
-- locked (a serialisation failure), so no snapshot ever chains to a stale head.

ALTER TABLE audit_event ALTER COLUMN id DROP IDENTITY;
CREATE SEQUENCE audit_event_id_seq OWNED BY audit_event.id;
SELECT setval('audit_event_id_seq', coalesce((SELECT max(id) FROM audit_event), 0) + 1, false);

CREATE OR REPLACE FUNCTION audit_event_chain() RETURNS trigger
    LANGUAGE plpgsql AS $$
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

-- The head moves once per statement, to the statement's last entry.
CREATE FUNCTION audit_head_advance() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE audit_head AS h SET last_id = t.id, hash = t.hash
    FROM (SELECT e.id, e.hash FROM audit_event AS e
          WHERE e.id > (SELECT last_id FROM audit_head) ORDER BY e.id DESC LIMIT 1) AS t;
    RETURN NULL;
END
$$;
CREATE TRIGGER audit_head_advance AFTER INSERT ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_head_advance();
