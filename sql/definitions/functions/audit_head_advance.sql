-- The head moves once per statement, to the statement's last entry.
CREATE OR REPLACE FUNCTION audit_head_advance() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    UPDATE audit_head AS h SET last_id = t.id, hash = t.hash
    FROM (SELECT e.id, e.hash FROM audit_event AS e
          WHERE e.id > (SELECT last_id FROM audit_head) ORDER BY e.id DESC LIMIT 1) AS t;
    RETURN NULL;
END
$$;
