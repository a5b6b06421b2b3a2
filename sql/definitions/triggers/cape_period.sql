-- The triggers of cape_period.

CREATE OR REPLACE TRIGGER cape_period_check BEFORE INSERT ON cape_period FOR EACH ROW EXECUTE FUNCTION cape_period_check();

-- The end of each contract's running period (cape_contract.period_ends_on, read by the worklist).
CREATE OR REPLACE TRIGGER cape_period_running_insert AFTER INSERT ON cape_period REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cape_contract_period_follows();

CREATE OR REPLACE TRIGGER cape_period_running_update AFTER UPDATE ON cape_period REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cape_contract_period_follows();

CREATE OR REPLACE TRIGGER cape_period_running_delete AFTER DELETE ON cape_period REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cape_contract_period_follows();
