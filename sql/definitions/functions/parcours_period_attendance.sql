-- The attendance at the sessions held in a period (their day in France), from the sessions by
-- their day and each one's attendance by its key: what a report of the period counts, without
-- reading the whole network's attendance. Who may see it is the caller's business (the scopes).
CREATE OR REPLACE FUNCTION parcours_period_attendance(from_date date, to_date date)
    RETURNS TABLE (session_id bigint, journey_id bigint, status text, minutes integer)
    LANGUAGE sql STABLE ROWS 10000
    -- index probes, whatever the report calling it prefers
    SET jit = off SET enable_nestloop = on AS $$
    SELECT a.session_id, a.journey_id, a.status, a.minutes
    FROM public.session AS se JOIN public.attendance AS a ON a.session_id = se.id
    WHERE (se.starts_at AT TIME ZONE 'Europe/Paris')::date BETWEEN from_date AND to_date
$$;
REVOKE ALL ON FUNCTION parcours_period_attendance(date, date) FROM PUBLIC, parcours_app;
