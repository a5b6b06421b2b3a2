CREATE OR REPLACE FUNCTION parcours_current_staff() RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    claimed text := current_setting('parcours.staff_id', true);
    seal text := current_setting('parcours.identity_seal', true);
    mode text := coalesce(current_setting('parcours.identity_mode', true), '');
BEGIN
    IF claimed IS NULL OR claimed !~ '^[0-9]{1,18}$' OR seal IS NULL THEN
        RETURN NULL;
    END IF;
    -- A missing secret gives no seal: nobody is established (fails closed).
    IF parcours_identity_seal(claimed::bigint, mode) IS DISTINCT FROM seal THEN
        RETURN NULL;
    END IF;
    IF mode = 'share' AND current_setting('transaction_read_only') <> 'on' THEN
        RETURN NULL;
    END IF;
    RETURN claimed::bigint;
END
$$;
REVOKE ALL ON FUNCTION parcours_current_staff() FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_current_staff() TO parcours_app;
