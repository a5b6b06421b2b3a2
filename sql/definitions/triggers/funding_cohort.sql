-- The triggers of funding_cohort.

-- What an agreement covers changed: the data quality of its operator's people.
CREATE OR REPLACE TRIGGER funding_cohort_participant_quality AFTER INSERT OR UPDATE OR DELETE ON funding_cohort FOR EACH ROW EXECUTE FUNCTION participant_quality_follows();
