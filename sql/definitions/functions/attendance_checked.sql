-- The lines a statement recorded, checked together once it has written them (a transition table):
-- only the session's cohort (or, for a session without cohort, its programme's journeys) attends,
-- nobody attends longer than the session lasted, a session that has not started has no
-- attendance, and a journey attends only on a day it is open. Each line already passed
-- attendance's policies (its operator, a counsellor's caseload) as it was written, so the session
-- and the journey read here are the actor's own; a line's identity is verified once for the
-- statement instead of two owner's triggers for every line (an import's 26,000 lines: 3 s). A
-- statement that corrects lines (an UPDATE, `session attend` again) is checked the same way.
CREATE OR REPLACE FUNCTION attendance_checked() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    staff bigint := nullif(split_part(parcours_verified_identity(), '|', 1), '')::bigint;
    bad record;
BEGIN
    IF staff IS NULL THEN
        RAISE EXCEPTION 'attendance: no acting staff member is set for this transaction' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF EXISTS (SELECT FROM new_attendance AS n WHERE n.staff_id IS DISTINCT FROM staff OR n.recorded_at IS DISTINCT FROM now()) THEN
        RAISE EXCEPTION 'attendance: a line names someone else than the acting staff member, or another time' USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT n.minutes, s.id AS session_id, s.title, s.cohort_id AS session_cohort, s.programme_id AS session_programme,
           s.duration_minutes, s.starts_at, (s.starts_at AT TIME ZONE 'Europe/Paris')::date AS held_on,
           j.id AS journey_id, j.carrier_id, j.cohort_id, j.programme_id, j.opened_on, j.closed_on
    INTO bad
    FROM new_attendance AS n
    JOIN public.session AS s ON s.id = n.session_id AND s.operator_id = n.operator_id
    JOIN public.journey AS j ON j.id = n.journey_id AND j.operator_id = n.operator_id
    WHERE (s.cohort_id IS NOT NULL AND j.cohort_id IS DISTINCT FROM s.cohort_id)
       OR j.programme_id <> s.programme_id
       OR n.minutes > s.duration_minutes
       OR s.starts_at > now()
       OR j.opened_on > (s.starts_at AT TIME ZONE 'Europe/Paris')::date
       OR j.closed_on < (s.starts_at AT TIME ZONE 'Europe/Paris')::date
    ORDER BY n.session_id, n.journey_id
    LIMIT 1;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    IF bad.session_cohort IS NOT NULL AND bad.cohort_id IS DISTINCT FROM bad.session_cohort THEN
        RAISE EXCEPTION 'journey % (carrier %) is not in the cohort of session % (''%'')', bad.journey_id, bad.carrier_id, bad.session_id, bad.title
            USING ERRCODE = 'PA001';
    END IF;
    IF bad.programme_id <> bad.session_programme THEN
        RAISE EXCEPTION 'journey % (carrier %) does not follow the programme of session % (''%'')', bad.journey_id, bad.carrier_id, bad.session_id, bad.title
            USING ERRCODE = 'PA001';
    END IF;
    IF bad.minutes > bad.duration_minutes THEN
        RAISE EXCEPTION 'journey %: % minutes attended, but session % lasts % minutes', bad.journey_id, bad.minutes, bad.session_id, bad.duration_minutes
            USING ERRCODE = 'PA001';
    END IF;
    IF bad.starts_at > now() THEN
        RAISE EXCEPTION 'session % has not started yet (%)', bad.session_id, bad.starts_at
            USING ERRCODE = 'PA001', DETAIL = 'session_not_started';
    END IF;
    RAISE EXCEPTION 'journey % was not open on % (opened %, closed %)', bad.journey_id, bad.held_on, bad.opened_on, bad.closed_on
        USING ERRCODE = 'PA001', DETAIL = 'journey_not_open_on_session_day';
END
$$;
REVOKE ALL ON FUNCTION attendance_checked() FROM PUBLIC, parcours_app;
