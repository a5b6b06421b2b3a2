-- Row-level security on referral: who reads and writes which rows.
ALTER TABLE referral ENABLE ROW LEVEL SECURITY;
ALTER TABLE referral FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS referral_add ON referral;
CREATE POLICY referral_add ON referral FOR INSERT TO parcours_app
    WITH CHECK (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())));

DROP POLICY IF EXISTS referral_answer ON referral;
CREATE POLICY referral_answer ON referral FOR UPDATE TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all()) OR (partner_id IN ( SELECT partner.id
   FROM partner
  WHERE (partner.operator_id = (SELECT parcours_current_operator()))))))
    WITH CHECK (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all()) OR (partner_id IN ( SELECT partner.id
   FROM partner
  WHERE (partner.operator_id = (SELECT parcours_current_operator()))))));

DROP POLICY IF EXISTS referral_caseload ON referral;
CREATE POLICY referral_caseload ON referral AS RESTRICTIVE FOR ALL TO parcours_app
    USING ((((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'::text) OR (operator_id IS DISTINCT FROM (SELECT parcours_current_operator())) OR parcours_follows_journey(journey_id)))
    WITH CHECK ((((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor'::text) OR (operator_id IS DISTINCT FROM (SELECT parcours_current_operator())) OR parcours_follows_journey(journey_id)));

DROP POLICY IF EXISTS referral_owner ON referral;
CREATE POLICY referral_owner ON referral FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS referral_read ON referral;
CREATE POLICY referral_read ON referral FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all()) OR (partner_id IN ( SELECT partner.id
   FROM partner
  WHERE (partner.operator_id = (SELECT parcours_current_operator()))))));
