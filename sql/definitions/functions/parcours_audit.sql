-- Records that the acting staff member read or changed these carriers' records. The staff member
-- is the established identity, never an argument; carriers the caller cannot see are skipped.
CREATE OR REPLACE FUNCTION parcours_audit(audit_action text, carriers bigint[], audit_channel text, audit_detail text) RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    INSERT INTO audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
    SELECT parcours_current_staff(), audit_channel, audit_action, c.id, c.operator_id, left(audit_detail, 200)
    FROM carrier AS c
    WHERE c.id = ANY (carriers) AND parcours_current_staff() IS NOT NULL
      AND (parcours_reads_all() OR c.operator_id = parcours_current_operator())
    ORDER BY c.id
$$;
REVOKE ALL ON FUNCTION parcours_audit(text,bigint[],text,text) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_audit(text,bigint[],text,text) TO parcours_app;
