-- People whose data has outlived its keeping: their last journey closed, and the keeping period
-- (`kept_for`, 5 years by default) has passed since the end of the last agreement that covered
-- them, or since that closure when no agreement did. Not yet erased. Visible to the caller only.
CREATE OR REPLACE FUNCTION parcours_retention_due(kept_for interval, on_date date)
    RETURNS TABLE (carrier_id bigint, operator_id bigint, last_closed_on date, kept_until date)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    WITH person AS (
        SELECT c.id, c.operator_id, max(j.closed_on) AS last_closed_on, bool_or(j.closed_on IS NULL) AS open_journey,
               max(f.ends_on) AS last_agreement_end
        FROM carrier AS c
        JOIN journey AS j ON j.carrier_id = c.id
        LEFT JOIN funding_journey AS fj ON fj.journey_id = j.id
        LEFT JOIN funding AS f ON f.id = fj.funding_id
        WHERE c.first_name <> parcours_erased()
          AND (parcours_writes_all() OR (parcours_current_role() = 'coordinator' AND c.operator_id = parcours_current_operator()))
        GROUP BY c.id, c.operator_id
    )
    SELECT p.id, p.operator_id, p.last_closed_on,
           (greatest(p.last_closed_on, coalesce(p.last_agreement_end, p.last_closed_on)) + kept_for)::date
    FROM person AS p
    WHERE NOT p.open_journey
      AND (greatest(p.last_closed_on, coalesce(p.last_agreement_end, p.last_closed_on)) + kept_for)::date < on_date
    ORDER BY p.id
$$;
REVOKE ALL ON FUNCTION parcours_retention_due(interval,date) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_retention_due(interval,date) TO parcours_app;
