-- The stored answers of idempotent requests serve retries, not memory: a day is plenty.
CREATE OR REPLACE FUNCTION parcours_purge_idempotency(older_than interval) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    purged integer;
BEGIN
    IF NOT coalesce(parcours_writes_all(), false) THEN
        RAISE EXCEPTION 'only the administrator applies the retention' USING ERRCODE = 'PA403';
    END IF;
    DELETE FROM api_idempotency WHERE created_at < now() - older_than;
    GET DIAGNOSTICS purged = ROW_COUNT;
    RETURN purged;
END
$$;
REVOKE ALL ON FUNCTION parcours_purge_idempotency(interval) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_purge_idempotency(interval) TO parcours_app;
