-- The triggers of territory.

CREATE OR REPLACE TRIGGER territory_check_nesting BEFORE INSERT OR UPDATE OF parent_id, kind ON territory FOR EACH ROW EXECUTE FUNCTION territory_check_nesting();
