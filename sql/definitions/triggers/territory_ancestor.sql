-- The triggers of territory_ancestor.

-- A commune that joins or leaves a grouping may enter or leave an agreement on territories: the
-- data quality of the people of operators with such an agreement.
CREATE OR REPLACE TRIGGER territory_ancestor_participant_quality AFTER INSERT OR UPDATE OR DELETE ON territory_ancestor FOR EACH STATEMENT EXECUTE FUNCTION participant_quality_follows();
