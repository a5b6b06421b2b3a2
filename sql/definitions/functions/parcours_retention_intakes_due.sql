-- First contacts whose data has outlived its keeping: never admitted (declined, or still pending),
-- `kept_for` past their decision or, undecided, their contact; not yet erased. An admitted one
-- follows its carrier (intake_carrier_erased). Visible to the caller only, as parcours_retention_due.
CREATE OR REPLACE FUNCTION parcours_retention_intakes_due(kept_for interval, on_date date)
    RETURNS TABLE (intake_id bigint, operator_id bigint, kept_until date)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT i.id, i.operator_id, (coalesce(i.decided_on, i.contacted_on) + kept_for)::date
    FROM intake AS i
    WHERE i.status <> 'admitted' AND i.first_name <> parcours_erased()
      AND (coalesce(i.decided_on, i.contacted_on) + kept_for)::date < on_date
      AND (parcours_writes_all() OR (parcours_current_role() = 'coordinator' AND i.operator_id = parcours_current_operator()))
    ORDER BY i.id
$$;
REVOKE ALL ON FUNCTION parcours_retention_intakes_due(interval,date) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_retention_intakes_due(interval,date) TO parcours_app;
