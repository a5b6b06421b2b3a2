-- The carriers of a list that an identity's claim may see, each with its operator: those an audit
-- entry or a read receipt names (parcours_audit, parcours_audit_read) — every one for the network
-- and the administrator, their operator's for the others. Inlined into its callers (definer
-- functions, which read every carrier): one rule for both.
CREATE OR REPLACE FUNCTION parcours_audited_carriers(claim text, carriers bigint[])
    RETURNS TABLE (carrier_id bigint, operator_id bigint)
    LANGUAGE sql STABLE AS $$
    SELECT c.id, c.operator_id
    FROM public.carrier AS c
    WHERE c.id = ANY (carriers)
      AND (split_part(claim, '|', 2) IN ('network', 'admin') OR c.operator_id = nullif(split_part(claim, '|', 3), '')::bigint)
$$;
REVOKE ALL ON FUNCTION parcours_audited_carriers(text, bigint[]) FROM PUBLIC, parcours_app;
