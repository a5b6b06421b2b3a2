-- Keeps what the worklist reads of attendance beside the rows it lists, once a statement:
-- journey.last_session_on (the day, in Paris, of the latest session with a line for the journey:
-- what makes a journey not idle besides its changes) and session.attendance_recorded (whether the
-- session has a line at all). Lines added only move the day later and mark their sessions, said so
-- in the statements themselves (read again on the row a concurrent writer left); lines changed or
-- removed, or a session moved, recompute both. A login's own statement on a session keeps its mark
-- (BEFORE UPDATE). As the owner: the facts are the database's, whoever wrote the line.
CREATE OR REPLACE FUNCTION attendance_facts_follow() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    journeys bigint[];
    sessions bigint[];
BEGIN
    IF TG_WHEN = 'BEFORE' THEN
        NEW.attendance_recorded := OLD.attendance_recorded;
        RETURN NEW;
    ELSIF TG_TABLE_NAME = 'attendance' AND TG_OP = 'INSERT' THEN
        UPDATE public.journey AS j SET last_session_on = greatest(j.last_session_on, n.day)
        FROM (SELECT a.journey_id, max((se.starts_at AT TIME ZONE 'Europe/Paris')::date) AS day
              FROM new_rows AS a JOIN public.session AS se ON se.id = a.session_id
              GROUP BY a.journey_id) AS n
        WHERE j.id = n.journey_id AND (j.last_session_on IS NULL OR j.last_session_on < n.day);
        UPDATE public.session AS s SET attendance_recorded = true
        WHERE s.id IN (SELECT n.session_id FROM new_rows AS n) AND NOT s.attendance_recorded;
        RETURN NULL;
    ELSIF TG_TABLE_NAME = 'attendance' AND TG_OP = 'UPDATE' THEN
        SELECT array_agg(DISTINCT t.journey_id), array_agg(DISTINCT t.session_id) INTO journeys, sessions
        FROM (SELECT n.journey_id, n.session_id FROM new_rows AS n UNION ALL SELECT o.journey_id, o.session_id FROM old_rows AS o) AS t;
    ELSIF TG_TABLE_NAME = 'attendance' THEN
        SELECT array_agg(DISTINCT o.journey_id), array_agg(DISTINCT o.session_id) INTO journeys, sessions FROM old_rows AS o;
    ELSE
        -- a session moved to another day
        SELECT array_agg(DISTINCT a.journey_id) INTO journeys FROM public.attendance AS a WHERE a.session_id = NEW.id;
    END IF;
    IF journeys IS NOT NULL THEN
        UPDATE public.journey AS j SET last_session_on = s.day
        FROM (SELECT t.id, (SELECT max((se.starts_at AT TIME ZONE 'Europe/Paris')::date)
                            FROM public.attendance AS a JOIN public.session AS se ON se.id = a.session_id
                            WHERE a.journey_id = t.id) AS day
              FROM unnest(journeys) AS t (id)) AS s
        WHERE j.id = s.id AND j.last_session_on IS DISTINCT FROM s.day;
    END IF;
    IF sessions IS NOT NULL THEN
        UPDATE public.session AS s SET attendance_recorded = r.recorded
        FROM (SELECT t.id, EXISTS (SELECT FROM public.attendance AS a WHERE a.session_id = t.id) AS recorded
              FROM unnest(sessions) AS t (id)) AS r
        WHERE s.id = r.id AND s.attendance_recorded IS DISTINCT FROM r.recorded;
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION attendance_facts_follow() FROM PUBLIC, parcours_app;
