-- An agreement on a Pays covers the people living in the communes it groups.
CREATE OR REPLACE VIEW funding_journey WITH (security_invoker = true) AS
SELECT f.id AS funding_id, j.id AS journey_id
FROM funding AS f
JOIN journey AS j
  ON j.operator_id = f.operator_id
 AND j.opened_on <= f.ends_on
 AND (j.closed_on IS NULL OR j.closed_on >= f.starts_on)
JOIN carrier AS c ON c.id = j.carrier_id
WHERE (
        (NOT EXISTS (SELECT FROM funding_programme AS fp WHERE fp.funding_id = f.id)
         AND NOT EXISTS (SELECT FROM funding_cohort AS fc WHERE fc.funding_id = f.id))
        OR EXISTS (SELECT FROM funding_programme AS fp WHERE fp.funding_id = f.id AND fp.programme_id = j.programme_id)
        OR EXISTS (SELECT FROM funding_cohort AS fc WHERE fc.funding_id = f.id AND fc.cohort_id = j.cohort_id)
      )
  AND (
        NOT EXISTS (SELECT FROM funding_territory AS ft WHERE ft.funding_id = f.id)
        OR EXISTS (SELECT FROM funding_territory AS ft
                   WHERE ft.funding_id = f.id AND ft.territory_id IN (SELECT parcours_territory_containers(c.commune_id)))
      );
