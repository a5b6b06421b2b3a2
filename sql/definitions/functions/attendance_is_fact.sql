-- Attendance is recorded for a session that has started, and for a journey open on its day.
-- SECURITY DEFINER, reading within the row's operator: it runs after attendance_check (triggers
-- fire in the order of their names), which checked the row against the actor.
CREATE OR REPLACE FUNCTION attendance_is_fact() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    s record;
    j record;
    held_on date;
BEGIN
    SELECT id, starts_at INTO s FROM public.session WHERE id = NEW.session_id AND operator_id = NEW.operator_id;
    SELECT id, opened_on, closed_on INTO j FROM public.journey WHERE id = NEW.journey_id AND operator_id = NEW.operator_id;
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
REVOKE ALL ON FUNCTION attendance_is_fact() FROM PUBLIC, parcours_app;
