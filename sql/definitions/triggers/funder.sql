-- The triggers of funder.

-- A funder that becomes, or stops being, the ESF+: the data quality of the people its agreements cover.
CREATE OR REPLACE TRIGGER funder_participant_quality AFTER UPDATE ON funder FOR EACH ROW WHEN (old.kind IS DISTINCT FROM new.kind) EXECUTE FUNCTION participant_quality_follows();
