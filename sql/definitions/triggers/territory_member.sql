-- The triggers of territory_member.

CREATE OR REPLACE TRIGGER territory_member_check BEFORE INSERT OR UPDATE ON territory_member FOR EACH ROW EXECUTE FUNCTION territory_member_check();
