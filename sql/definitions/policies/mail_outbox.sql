-- Row-level security on mail_outbox: who reads which rows.
ALTER TABLE mail_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE mail_outbox FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS mail_outbox_owner ON mail_outbox;
CREATE POLICY mail_outbox_owner ON mail_outbox FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS mail_outbox_read ON mail_outbox;
CREATE POLICY mail_outbox_read ON mail_outbox FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));
