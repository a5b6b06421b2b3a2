-- Share links: a URL that opens a part of the live dashboards in any browser, without a bearer
-- header — read-only, expiring, revocable, and recorded in the audit log when made and withdrawn.

CREATE TABLE dashboard_share (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Who made it: the pages show what this staff member may see, as long as they are active.
    staff_id      bigint NOT NULL REFERENCES staff (id),
    -- SHA-256 of the link's secret: the link is printed once and never stored.
    token_sha256  bytea NOT NULL CHECK (length(token_sha256) = 32),
    -- Which pages: the whole network, an operator's (with its programmes and cohorts) or a territory's.
    scope_kind    text NOT NULL CHECK (scope_kind IN ('network', 'operator', 'territory')),
    scope_id      bigint,
    -- Whose pages these are, for the audit log: the operator shared, else the maker's own (NULL for the network's staff).
    operator_id   bigint REFERENCES operator (id),
    -- Public pages mask small counts and everything derived from them.
    public        boolean NOT NULL,
    label         text CHECK (length(label) <= 200),
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    revoked_by    bigint REFERENCES staff (id),
    CONSTRAINT dashboard_share_sha256_key UNIQUE (token_sha256),
    CONSTRAINT dashboard_share_scope_id CHECK ((scope_kind = 'network') = (scope_id IS NULL)),
    -- A link lives at most a year: one that never expires is one nobody remembers to withdraw.
    CONSTRAINT dashboard_share_lifetime CHECK (expires_at > created_at AND expires_at <= created_at + interval '366 days'),
    CONSTRAINT dashboard_share_revoked CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);

-- Staff read their own links; coordinators their operator's; the administrator and the network all.
-- Nobody writes the table directly: only the two functions below, which audit what they do.
ALTER TABLE dashboard_share ENABLE ROW LEVEL SECURITY;
ALTER TABLE dashboard_share FORCE ROW LEVEL SECURITY;
CREATE POLICY dashboard_share_owner ON dashboard_share FOR ALL TO pg_database_owner USING (true) WITH CHECK (true);
CREATE POLICY dashboard_share_read ON dashboard_share FOR SELECT TO parcours_app
    USING (staff_id = (SELECT parcours_current_staff()) OR (SELECT parcours_reads_all())
           OR ((SELECT parcours_current_role()) = 'coordinator' AND operator_id = (SELECT parcours_current_operator())));
GRANT SELECT (id, staff_id, scope_kind, scope_id, operator_id, public, label, created_at, expires_at, revoked_at, revoked_by)
    ON dashboard_share TO parcours_app;

-- MARK: the audit log takes entries about no one person

ALTER TABLE audit_event ALTER COLUMN carrier_id DROP NOT NULL;
ALTER TABLE audit_event ALTER COLUMN operator_id DROP NOT NULL;
ALTER TABLE audit_event DROP CONSTRAINT audit_event_action_check;
ALTER TABLE audit_event ADD CONSTRAINT audit_event_action_check
    CHECK (action IN ('read', 'change', 'export', 'erase', 'consent_withdrawn', 'retention', 'share', 'unshare'));
-- Every entry about a person still names them and their operator.
ALTER TABLE audit_event ADD CONSTRAINT audit_event_person CHECK (action IN ('share', 'unshare') OR (carrier_id IS NOT NULL AND operator_id IS NOT NULL));

-- An absent carrier or operator hashes as an empty field, so that fields never shift; entries
-- that name both hash exactly as before, and the existing chain still verifies.
CREATE OR REPLACE FUNCTION parcours_audit_hash(previous text, e audit_event) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN encode(sha256(convert_to(concat_ws('|', previous, e.id, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
                                              e.staff_id, e.channel, e.action, coalesce(e.carrier_id::text, ''),
                                              coalesce(e.operator_id::text, ''), e.detail), 'UTF8')), 'hex');

-- MARK: making, withdrawing and using a link

-- Makes a link for the acting staff member over a scope they may see; returns its id.
CREATE FUNCTION parcours_share_dashboard(presented_sha256 bytea, of_scope_kind text, of_scope_id bigint, is_public boolean,
                                         expires timestamptz, share_label text, audit_channel text) RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    made bigint;
    shared_operator bigint;
BEGIN
    IF parcours_current_staff() IS NULL THEN
        RAISE EXCEPTION 'no identity established' USING ERRCODE = 'PA401';
    END IF;
    -- An operator's pages are shared only by those who may read that operator's figures.
    IF of_scope_kind = 'operator' THEN
        IF NOT (parcours_reads_all() OR of_scope_id = parcours_current_operator()
                OR (parcours_current_role() = 'funder' AND parcours_funder_covers_operator(of_scope_id))) THEN
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

-- Withdraws a link: its maker, a coordinator of the operator it shows, or the administrator.
-- Withdrawing twice is harmless (the first withdrawal stays the one recorded).
CREATE FUNCTION parcours_unshare_dashboard(of_share bigint, audit_channel text) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    found_share record;
BEGIN
    SELECT d.id, d.staff_id, d.operator_id, d.revoked_at INTO found_share FROM dashboard_share AS d WHERE d.id = of_share;
    IF NOT FOUND OR NOT (found_share.staff_id = parcours_current_staff() OR parcours_current_role() = 'admin'
                         OR (parcours_current_role() = 'coordinator' AND found_share.operator_id = parcours_current_operator())) THEN
        RAISE EXCEPTION 'share % not found', of_share USING ERRCODE = 'PA404';
    END IF;
    IF found_share.revoked_at IS NOT NULL THEN
        RETURN;
    END IF;
    UPDATE dashboard_share SET revoked_at = now(), revoked_by = parcours_current_staff() WHERE id = of_share;
    INSERT INTO audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
    VALUES (parcours_current_staff(), audit_channel, 'unshare', NULL, found_share.operator_id, format('dashboard share %s withdrawn', of_share));
END
$$;

-- Any login: the maker of a known, unwithdrawn, unexpired link acts — and the transaction turns
-- read-only, for good (PostgreSQL refuses to turn a read-only transaction back to read-write).
CREATE FUNCTION parcours_act_with_share(presented_sha256 bytea)
    RETURNS TABLE (acting_staff_id bigint, acting_operator_id bigint, acting_role text, acting_email text,
                   share_id bigint, share_scope_kind text, share_scope_id bigint, share_public boolean)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    link record;
BEGIN
    SELECT s.id AS staff, s.operator_id, s.role, s.email, s.active, d.id, d.scope_kind, d.scope_id, d.public, d.revoked_at, d.expires_at
    INTO link
    FROM dashboard_share AS d JOIN staff AS s ON s.id = d.staff_id
    WHERE d.token_sha256 = presented_sha256;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'this share link is unknown' USING ERRCODE = 'PA401', DETAIL = 'share_unknown';
    END IF;
    IF link.revoked_at IS NOT NULL OR link.expires_at <= now() OR NOT link.active THEN
        RAISE EXCEPTION 'this share link was withdrawn or has expired' USING ERRCODE = 'PA401', DETAIL = 'share_withdrawn';
    END IF;
    PERFORM set_config('transaction_read_only', 'on', true);
    PERFORM parcours_establish_identity(link.staff);
    RETURN QUERY SELECT link.staff, link.operator_id, link.role, link.email, link.id, link.scope_kind, link.scope_id, link.public;
END
$$;

-- The entries the caller may read, now with entries about no one person (carrier_id NULL); the
-- latest `max_entries` of them (the first ones were returned before: a busy log hid today's),
-- oldest first.
DROP FUNCTION parcours_audit_entries(bigint, text, timestamptz, integer);
CREATE FUNCTION parcours_audit_entries(of_carrier bigint, of_staff_email text, since timestamptz, max_entries integer)
    RETURNS TABLE (id bigint, at timestamptz, staff_email text, channel text, action text, carrier_id bigint, detail text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
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

REVOKE ALL ON FUNCTION parcours_share_dashboard(bytea, text, bigint, boolean, timestamptz, text, text),
    parcours_unshare_dashboard(bigint, text), parcours_act_with_share(bytea),
    parcours_audit_entries(bigint, text, timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION parcours_share_dashboard(bytea, text, bigint, boolean, timestamptz, text, text),
    parcours_unshare_dashboard(bigint, text), parcours_act_with_share(bytea),
    parcours_audit_entries(bigint, text, timestamptz, integer) TO parcours_app;
