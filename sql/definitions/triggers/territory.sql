-- The triggers of territory.

CREATE OR REPLACE TRIGGER territory_check_nesting BEFORE INSERT OR UPDATE OF parent_id, kind ON territory FOR EACH ROW EXECUTE FUNCTION territory_check_nesting();

CREATE OR REPLACE TRIGGER territory_ancestors_insert AFTER INSERT ON territory REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION territory_ancestors_follow();

CREATE OR REPLACE TRIGGER territory_ancestors_update AFTER UPDATE ON territory REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION territory_ancestors_follow();
