-- The triggers of funding_territory.

-- What an agreement covers changed: the data quality of its operator's people.
CREATE OR REPLACE TRIGGER funding_territory_participant_quality AFTER INSERT OR UPDATE OR DELETE ON funding_territory FOR EACH ROW EXECUTE FUNCTION participant_quality_follows();
