-- Attendance is recorded for a session that has started, and for a journey open on its day.
CREATE OR REPLACE FUNCTION attendance_is_fact() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    s record;
    j record;
    held_on date;
BEGIN
    SELECT id, starts_at INTO s FROM session WHERE id = NEW.session_id;
    SELECT id, opened_on, closed_on INTO j FROM journey WHERE id = NEW.journey_id;
    IF s.starts_at > now() THEN
        RAISE EXCEPTION 'session % has not started yet (%)', s.id, s.starts_at
            USING ERRCODE = 'PA001', DETAIL = 'session_not_started';
    END IF;
    held_on := (s.starts_at AT TIME ZONE 'Europe/Paris')::date;
    IF j.opened_on > held_on OR j.closed_on < held_on THEN
        RAISE EXCEPTION 'journey % was not open on % (opened %, closed %)', j.id, held_on, j.opened_on, j.closed_on
            USING ERRCODE = 'PA001', DETAIL = 'journey_not_open_on_session_day';
    END IF;
    RETURN NEW;
END
$$;
