-- Records that the acting staff member read these carriers' records: at once (parcours_audit), or,
-- for a caller that keeps receipts (the service, SECURITY.md), as a sealed receipt it hands to
-- parcours_record_reads within a second — so that a read writes nothing and commits without
-- flushing the log. A receipt names the established identity, the moment and each visible carrier
-- with its operator, "seal|staff|channel|microseconds since 1970|carrier:operator,…|detail"; only
-- the key's holder can seal one. Carriers the caller cannot see are left out (parcours_audited_carriers).
CREATE OR REPLACE FUNCTION parcours_audit_read(carriers bigint[], audit_channel text, audit_detail text, as_receipt boolean) RETURNS text
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    claim text;
    listed text;
    receipt text;
BEGIN
    IF NOT as_receipt THEN
        PERFORM parcours_audit('read', carriers, audit_channel, audit_detail);
        RETURN NULL;
    END IF;
    claim := parcours_verified_identity();
    IF claim IS NULL OR carriers IS NULL OR cardinality(carriers) = 0 OR audit_channel NOT IN ('cli', 'http') THEN
        RETURN NULL;
    END IF;
    SELECT string_agg(a.carrier_id || ':' || a.operator_id, ',' ORDER BY a.carrier_id) INTO listed
    FROM parcours_audited_carriers(claim, carriers) AS a;
    IF listed IS NULL THEN
        RETURN NULL;
    END IF;
    receipt := format('%s|%s|%s|%s|%s', split_part(claim, '|', 1), audit_channel,
                      (extract(epoch FROM clock_timestamp()) * 1000000)::bigint, listed, left(audit_detail, 200));
    RETURN (SELECT parcours_receipt_digest(k.identity_key, receipt) FROM public.parcours_secret AS k) || '|' || receipt;
END
$$;
REVOKE ALL ON FUNCTION parcours_audit_read(bigint[], text, text, boolean) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_audit_read(bigint[], text, text, boolean) TO parcours_app;
