-- The HTTP service: bearer tokens (only their SHA-256 is kept) and idempotent retries.

CREATE TABLE api_token (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    staff_id      bigint NOT NULL REFERENCES staff (id),
    -- SHA-256 of the token: the token itself is printed once and never stored.
    token_sha256  bytea NOT NULL CHECK (length(token_sha256) = 32),
    label         text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz,
    revoked_at    timestamptz,
    CONSTRAINT api_token_sha256_key UNIQUE (token_sha256)
);

-- Who a token stands for: the e-mail of an active staff member, if the token is known, not
-- revoked and not expired. SECURITY DEFINER: callers never read the token table itself.
CREATE FUNCTION parcours_token_staff(presented_sha256 bytea) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    RETURN (SELECT s.email
            FROM api_token AS t JOIN staff AS s ON s.id = t.staff_id
            WHERE t.token_sha256 = presented_sha256 AND t.revoked_at IS NULL
              AND (t.expires_at IS NULL OR t.expires_at > now()) AND s.active);

ALTER TABLE api_token ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_token FORCE ROW LEVEL SECURITY;
CREATE POLICY api_token_lookup ON api_token FOR SELECT TO CURRENT_USER USING (true);
-- The administrator issues and revokes tokens; staff see their own.
CREATE POLICY api_token_read ON api_token FOR SELECT TO parcours_app
    USING (staff_id = (SELECT parcours_current_staff()) OR (SELECT parcours_writes_all()));
CREATE POLICY api_token_write ON api_token FOR ALL TO parcours_app
    USING ((SELECT parcours_writes_all())) WITH CHECK ((SELECT parcours_writes_all()));

-- A state-changing request's response, kept under its Idempotency-Key so that a retry (after a
-- timeout, a lost connection) gets the same answer instead of recording the change twice.
CREATE TABLE api_idempotency (
    staff_id         bigint NOT NULL REFERENCES staff (id),
    idempotency_key  text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    -- Method, path and body: the same key with another request is refused.
    request_sha256   bytea NOT NULL,
    status           integer NOT NULL,
    response         text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (staff_id, idempotency_key)
);

ALTER TABLE api_idempotency ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_idempotency FORCE ROW LEVEL SECURITY;
CREATE POLICY api_idempotency_own ON api_idempotency FOR ALL TO parcours_app
    USING (staff_id = (SELECT parcours_current_staff())) WITH CHECK (staff_id = (SELECT parcours_current_staff()));

GRANT SELECT, INSERT, UPDATE ON api_token TO parcours_app;
GRANT SELECT, INSERT ON api_idempotency TO parcours_app;
