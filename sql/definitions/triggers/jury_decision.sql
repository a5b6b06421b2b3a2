-- The triggers of jury_decision.

CREATE OR REPLACE TRIGGER jury_decision_check BEFORE INSERT ON jury_decision FOR EACH ROW EXECUTE FUNCTION jury_decision_check();
