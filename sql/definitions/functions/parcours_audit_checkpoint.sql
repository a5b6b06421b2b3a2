-- Where the sealed audit chain stands: how many entries it holds, the hash of the last one and when
-- that entry was written. An audit pack carries it: whoever keeps it can later ask the log to show
-- the same hash at the same place (parcours_audit_checkpoint_holds), which no rewrite of an
-- earlier entry can give. It reveals no entry; any identified staff member reads it.
CREATE OR REPLACE FUNCTION parcours_audit_checkpoint(OUT entries bigint, OUT head_hash text, OUT sealed_through timestamptz)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF parcours_current_staff() IS NULL THEN
        RAISE EXCEPTION 'no acting staff member is set for this transaction' USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT h.last_seq, h.hash, e.at INTO entries, head_hash, sealed_through
    FROM public.audit_head AS h LEFT JOIN public.audit_event AS e ON e.sealed_seq = h.last_seq AND h.last_seq > 0;
END
$$;
REVOKE ALL ON FUNCTION parcours_audit_checkpoint() FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_audit_checkpoint() TO parcours_app;
