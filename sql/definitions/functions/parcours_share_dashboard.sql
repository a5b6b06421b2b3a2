-- `NOT (false OR NULL OR false)` is NULL, and IF NULL skipped the refusal: a funder could share an
-- operator it does not fund. Each test is now true or false.
CREATE OR REPLACE FUNCTION parcours_share_dashboard(presented_sha256 bytea, of_scope_kind text, of_scope_id bigint, is_public boolean,
                                                    expires timestamptz, share_label text, audit_channel text) RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    made bigint;
    shared_operator bigint;
BEGIN
    IF parcours_current_staff() IS NULL THEN
        RAISE EXCEPTION 'no identity established' USING ERRCODE = 'PA401';
    END IF;
    -- An operator's pages are shared only by those who may read that operator's figures.
    IF of_scope_kind = 'operator' THEN
        IF (coalesce(parcours_reads_all(), false)
            OR of_scope_id IS NOT DISTINCT FROM parcours_current_operator() AND of_scope_id IS NOT NULL
            OR (parcours_current_role() IS NOT DISTINCT FROM 'funder' AND coalesce(parcours_funder_covers_operator(of_scope_id), false)))
           IS NOT TRUE THEN
            RAISE EXCEPTION 'operator % not found', of_scope_id USING ERRCODE = 'PA404';
        END IF;
        shared_operator := of_scope_id;
    ELSE
        shared_operator := parcours_current_operator();
    END IF;
    INSERT INTO dashboard_share (staff_id, token_sha256, scope_kind, scope_id, operator_id, public, label, expires_at)
    VALUES (parcours_current_staff(), presented_sha256, of_scope_kind, of_scope_id, shared_operator, is_public, share_label, expires)
    RETURNING id INTO made;
    INSERT INTO audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
    VALUES (parcours_current_staff(), audit_channel, 'share', NULL, shared_operator,
            left(format('dashboard share %s: %s%s%s, until %s', made, of_scope_kind, ':' || of_scope_id,
                        CASE WHEN is_public THEN ', public' ELSE '' END, to_char(expires AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD')), 200));
    RETURN made;
END
$$;
REVOKE ALL ON FUNCTION parcours_share_dashboard(bytea,text,bigint,boolean,timestamp with time zone,text,text) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_share_dashboard(bytea,text,bigint,boolean,timestamp with time zone,text,text) TO parcours_app;
