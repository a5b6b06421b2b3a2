-- Records that the acting staff member read or changed these carriers' records. The staff member
-- is the established identity, never an argument; carriers the caller cannot see are skipped. The
-- identity is verified once for the whole list. PL/pgSQL, not SQL: a definer function is never
-- inlined, and an SQL one's INSERT would be parsed and planned again at every call (≈ 0.6 ms, twice
-- the read it audits); this one's plan is kept for the session, and generic (plan_cache_mode): a
-- custom plan for each list of carriers was made again at every call (≈ 100 µs a change). The
-- functions every change or read calls (identity, token, the event's triggers) plan the same way.
CREATE OR REPLACE FUNCTION parcours_audit(audit_action text, carriers bigint[], audit_channel text, audit_detail text) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    claim text := parcours_verified_identity();
BEGIN
    IF claim IS NULL OR carriers IS NULL OR cardinality(carriers) = 0 THEN
        RETURN;
    END IF;
    INSERT INTO public.audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
    SELECT split_part(claim, '|', 1)::bigint, audit_channel, audit_action, a.carrier_id, a.operator_id, left(audit_detail, 200)
    FROM parcours_audited_carriers(claim, carriers) AS a
    ORDER BY a.carrier_id;
END
$$;
REVOKE ALL ON FUNCTION parcours_audit(text,bigint[],text,text) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_audit(text,bigint[],text,text) TO parcours_app;
