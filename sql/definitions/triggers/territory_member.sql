-- The triggers of territory_member.

CREATE OR REPLACE TRIGGER territory_member_check BEFORE INSERT OR UPDATE ON territory_member FOR EACH ROW EXECUTE FUNCTION territory_member_check();

CREATE OR REPLACE TRIGGER territory_member_ancestors_insert AFTER INSERT ON territory_member REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION territory_ancestors_follow();

CREATE OR REPLACE TRIGGER territory_member_ancestors_delete AFTER DELETE ON territory_member REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION territory_ancestors_follow();
