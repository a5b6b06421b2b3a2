-- The triggers of cape_period.

CREATE OR REPLACE TRIGGER cape_period_check BEFORE INSERT ON cape_period FOR EACH ROW EXECUTE FUNCTION cape_period_check();
