-- Row-level security on api_idempotency: who reads and writes which rows.
ALTER TABLE api_idempotency ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_idempotency FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS api_idempotency_own ON api_idempotency;
CREATE POLICY api_idempotency_own ON api_idempotency FOR ALL TO parcours_app
    USING ((staff_id = (SELECT parcours_current_staff())))
    WITH CHECK ((staff_id = (SELECT parcours_current_staff())));

DROP POLICY IF EXISTS api_idempotency_owner ON api_idempotency;
CREATE POLICY api_idempotency_owner ON api_idempotency FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);
