-- Writes the audit entries of read receipts (parcours_audit_read), each at the moment of its read,
-- in the receipts' order; a receipt whose seal does not verify records nothing. Returns how many
-- were refused. No identity is needed: a receipt carries its own, sealed by the database.
CREATE OR REPLACE FUNCTION parcours_record_reads(receipts text[]) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    verified integer;
BEGIN
    WITH sealed AS (
        SELECT r.n, regexp_match(substr(r.receipt, 66), '^([0-9]+)\|(cli|http)\|([0-9]+)\|([0-9]+:[0-9]+(?:,[0-9]+:[0-9]+)*)\|(.*)$') AS field
        FROM unnest(receipts) WITH ORDINALITY AS r (receipt, n)
        CROSS JOIN public.parcours_secret AS k
        WHERE length(r.receipt) > 65 AND substr(r.receipt, 65, 1) = '|'
          AND left(r.receipt, 64) = parcours_receipt_digest(k.identity_key, substr(r.receipt, 66))
    ), recorded AS (
        INSERT INTO public.audit_event (at, staff_id, channel, action, carrier_id, operator_id, detail)
        SELECT timestamptz 'epoch' + s.field[3]::bigint * interval '1 microsecond', s.field[1]::bigint, s.field[2], 'read',
               split_part(p.pair, ':', 1)::bigint, split_part(p.pair, ':', 2)::bigint, s.field[5]
        FROM sealed AS s
        CROSS JOIN LATERAL unnest(string_to_array(s.field[4], ',')) WITH ORDINALITY AS p (pair, k)
        WHERE s.field IS NOT NULL
        ORDER BY s.n, p.k
    )
    SELECT count(*) FILTER (WHERE s.field IS NOT NULL) INTO verified FROM sealed AS s;
    RETURN coalesce(cardinality(receipts), 0) - verified;
END
$$;
REVOKE ALL ON FUNCTION parcours_record_reads(text[]) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_record_reads(text[]) TO parcours_app;
