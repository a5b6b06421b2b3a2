-- The triggers of follow_up.

CREATE OR REPLACE TRIGGER follow_up_acting_staff BEFORE INSERT ON follow_up FOR EACH ROW EXECUTE FUNCTION parcours_set_acting_staff();
