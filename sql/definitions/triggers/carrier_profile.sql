-- The triggers of carrier_profile.

CREATE OR REPLACE TRIGGER carrier_profile_acting_staff BEFORE INSERT ON carrier_profile FOR EACH ROW EXECUTE FUNCTION parcours_set_acting_staff();
