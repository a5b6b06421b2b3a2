-- The seal now covers how the identity was established ('' or 'share'). A share link's maker is
-- established only in a read-only transaction, and stays so only while it is read-only:
-- `ROLLBACK TO SAVEPOINT` restores read-write along with the settings, and a seal put back by hand
-- then verifies nothing, because the mode it seals says "share".
CREATE OR REPLACE FUNCTION parcours_identity_seal(staff bigint, mode text) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    RETURN (SELECT encode(sha256(convert_to(
                s.identity_key || '|' || staff::text || '|' || mode || '|' || pg_backend_pid()::text || '|'
                || extract(epoch FROM transaction_timestamp())::text || '|' || s.identity_key, 'UTF8')), 'hex')
            FROM public.parcours_secret AS s);
END
$$;
REVOKE ALL ON FUNCTION parcours_identity_seal(bigint,text) FROM PUBLIC, parcours_app;
