-- The triggers of referral.

CREATE OR REPLACE TRIGGER referral_acting_staff BEFORE INSERT ON referral FOR EACH ROW EXECUTE FUNCTION parcours_set_acting_staff();

CREATE OR REPLACE TRIGGER referral_update_guard BEFORE UPDATE ON referral FOR EACH ROW EXECUTE FUNCTION referral_update_guard();
