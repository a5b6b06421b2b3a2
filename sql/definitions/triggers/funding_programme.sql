-- The triggers of funding_programme.

-- What an agreement covers changed: the data quality of its operator's people.
CREATE OR REPLACE TRIGGER funding_programme_participant_quality AFTER INSERT OR UPDATE OR DELETE ON funding_programme FOR EACH ROW EXECUTE FUNCTION participant_quality_follows();
