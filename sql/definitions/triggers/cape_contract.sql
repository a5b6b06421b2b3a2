-- The triggers of cape_contract.

-- The running period's end is the periods' (cape_period's triggers): a login's statement keeps it.
CREATE OR REPLACE TRIGGER cape_contract_period_kept BEFORE UPDATE ON cape_contract FOR EACH ROW WHEN (pg_trigger_depth() = 0 AND old.period_ends_on IS DISTINCT FROM new.period_ends_on) EXECUTE FUNCTION cape_contract_period_follows();
