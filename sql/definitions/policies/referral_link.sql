-- Row-level security on referral_link: who reads which rows.
ALTER TABLE referral_link ENABLE ROW LEVEL SECURITY;
ALTER TABLE referral_link FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS referral_link_owner ON referral_link;
CREATE POLICY referral_link_owner ON referral_link FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS referral_link_read ON referral_link;
CREATE POLICY referral_link_read ON referral_link FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));
