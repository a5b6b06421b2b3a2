-- The triggers of funding.

-- An agreement made, or its dates, operator or funder changed: the data quality of its operator's
-- people (an agreement removed takes its facts with it).
CREATE OR REPLACE TRIGGER funding_participant_quality_insert AFTER INSERT ON funding FOR EACH ROW EXECUTE FUNCTION participant_quality_follows();

CREATE OR REPLACE TRIGGER funding_participant_quality_update AFTER UPDATE ON funding FOR EACH ROW WHEN ((old.starts_on, old.ends_on, old.operator_id, old.funder_id) IS DISTINCT FROM (new.starts_on, new.ends_on, new.operator_id, new.funder_id)) EXECUTE FUNCTION participant_quality_follows();
