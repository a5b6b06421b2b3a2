-- Only the session's cohort (or, for a session without cohort, its programme's journeys) attends,
-- and nobody attends longer than the session lasted.
CREATE OR REPLACE FUNCTION attendance_check() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    s record;
    j record;
BEGIN
    SELECT id, programme_id, cohort_id, duration_minutes, title INTO s FROM session WHERE id = NEW.session_id;
    SELECT id, programme_id, cohort_id, carrier_id INTO j FROM journey WHERE id = NEW.journey_id;
    IF s.cohort_id IS NOT NULL AND j.cohort_id IS DISTINCT FROM s.cohort_id THEN
        RAISE EXCEPTION 'journey % (carrier %) is not in the cohort of session % (''%'')', j.id, j.carrier_id, s.id, s.title
            USING ERRCODE = 'PA001';
    END IF;
    IF j.programme_id <> s.programme_id THEN
        RAISE EXCEPTION 'journey % (carrier %) does not follow the programme of session % (''%'')', j.id, j.carrier_id, s.id, s.title
            USING ERRCODE = 'PA001';
    END IF;
    IF NEW.minutes > s.duration_minutes THEN
        RAISE EXCEPTION 'journey %: % minutes attended, but session % lasts % minutes', j.id, NEW.minutes, s.id, s.duration_minutes
            USING ERRCODE = 'PA001';
    END IF;
    NEW.staff_id := parcours_current_staff();
    NEW.recorded_at := now();
    RETURN NEW;
END
$$;
