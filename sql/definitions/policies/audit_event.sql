-- Row-level security on audit_event: who reads and writes which rows.
ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_event FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS audit_event_owner ON audit_event;
CREATE POLICY audit_event_owner ON audit_event FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);
