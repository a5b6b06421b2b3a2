-- Row-level security on audit_head: who reads and writes which rows.
ALTER TABLE audit_head ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_head FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS audit_head_owner ON audit_head;
CREATE POLICY audit_head_owner ON audit_head FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);
