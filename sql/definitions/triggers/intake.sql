-- The triggers of intake.

CREATE OR REPLACE TRIGGER intake_decided_is_final BEFORE UPDATE ON intake FOR EACH ROW EXECUTE FUNCTION intake_decided_is_final();
