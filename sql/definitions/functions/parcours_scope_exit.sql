-- parcours_scope_exit, as 0005_reporting.sql wrote it, its relations named with their schema.
CREATE OR REPLACE FUNCTION parcours_scope_exit(
    scope_operator bigint, scope_territory bigint, scope_programme bigint, scope_cohort bigint, scope_funding bigint,
    from_date date, to_date date)
    RETURNS TABLE (carrier_id bigint, journey_id bigint, outcome text, opened_on date, closed_on date)
    LANGUAGE sql STABLE AS $$
    SELECT DISTINCT ON (j.carrier_id) j.carrier_id, j.journey_id, j.phase, j.opened_on, j.closed_on
    FROM parcours_scope_journey(scope_operator, scope_territory, scope_programme, scope_cohort, scope_funding) AS j
    WHERE j.closed_on BETWEEN from_date AND to_date
    ORDER BY j.carrier_id, j.closed_on DESC, j.journey_id DESC
$$;
REVOKE ALL ON FUNCTION parcours_scope_exit(bigint,bigint,bigint,bigint,bigint,date,date) FROM PUBLIC, parcours_app;
