-- Row-level security on api_token: who reads and writes which rows.
ALTER TABLE api_token ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_token FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS api_token_owner ON api_token;
CREATE POLICY api_token_owner ON api_token FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS api_token_read ON api_token;
CREATE POLICY api_token_read ON api_token FOR SELECT TO parcours_app
    USING (((staff_id = (SELECT parcours_current_staff())) OR (SELECT parcours_writes_all())));

DROP POLICY IF EXISTS api_token_write ON api_token;
CREATE POLICY api_token_write ON api_token FOR ALL TO parcours_app
    USING ((SELECT parcours_writes_all()))
    WITH CHECK ((SELECT parcours_writes_all()));
