-- Records that the acting staff member read or changed these carriers' records. The staff member
-- is the established identity, never an argument; carriers the caller cannot see are skipped. The
-- identity is verified once for the whole list (OFFSET 0 keeps it from being copied into each row).
CREATE OR REPLACE FUNCTION parcours_audit(audit_action text, carriers bigint[], audit_channel text, audit_detail text) RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    INSERT INTO public.audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
    SELECT me.staff_id, audit_channel, audit_action, c.id, c.operator_id, left(audit_detail, 200)
    FROM (SELECT split_part(v.claim, '|', 1)::bigint AS staff_id, split_part(v.claim, '|', 2) AS role,
                 nullif(split_part(v.claim, '|', 3), '')::bigint AS operator_id
          FROM (SELECT parcours_verified_identity() AS claim OFFSET 0) AS v
          WHERE v.claim IS NOT NULL OFFSET 0) AS me
    JOIN public.carrier AS c ON c.id = ANY (carriers)
    WHERE me.role IN ('network', 'admin') OR c.operator_id = me.operator_id
    ORDER BY c.id
$$;
REVOKE ALL ON FUNCTION parcours_audit(text,bigint[],text,text) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_audit(text,bigint[],text,text) TO parcours_app;
