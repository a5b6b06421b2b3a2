CREATE OR REPLACE FUNCTION parcours_audit_entries(of_carrier bigint, of_staff_email text, since timestamptz, max_entries integer)
    RETURNS TABLE (id bigint, at timestamptz, staff_email text, channel text, action text, carrier_id bigint, detail text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT latest.* FROM (
        SELECT a.id, a.at, s.email, a.channel, a.action, a.carrier_id, a.detail
        FROM audit_event AS a JOIN staff AS s ON s.id = a.staff_id
        WHERE (parcours_current_role() IN ('admin', 'network')
               OR (parcours_current_role() = 'coordinator' AND a.operator_id = parcours_current_operator()))
          AND (of_carrier IS NULL OR a.carrier_id = of_carrier)
          AND (of_staff_email IS NULL OR lower(s.email) = lower(of_staff_email))
          AND (since IS NULL OR a.at >= since)
        ORDER BY a.id DESC
        LIMIT max_entries) AS latest
    ORDER BY latest.id
$$;
REVOKE ALL ON FUNCTION parcours_audit_entries(bigint,text,timestamp with time zone,integer) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_audit_entries(bigint,text,timestamp with time zone,integer) TO parcours_app;
