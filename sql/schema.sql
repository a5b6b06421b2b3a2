--
-- PostgreSQL database dump
--



SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: parcours_counted_person; Type: TYPE; Schema: public; Owner: parcours_owner
--

CREATE TYPE public.parcours_counted_person AS (
	page integer,
	carrier_id bigint,
	entry_on date,
	operator_id bigint,
	commune_id bigint,
	gender text,
	birth_date date
);


ALTER TYPE public.parcours_counted_person OWNER TO parcours_owner;

--
-- Name: attendance_checked(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.attendance_checked() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
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


ALTER FUNCTION public.attendance_checked() OWNER TO parcours_owner;

--
-- Name: attendance_facts_follow(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.attendance_facts_follow() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
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


ALTER FUNCTION public.attendance_facts_follow() OWNER TO parcours_owner;

--
-- Name: attendance_stamp(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.attendance_stamp() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
BEGIN
    NEW.staff_id := parcours_current_staff();
    IF NEW.staff_id IS NULL THEN
        RAISE EXCEPTION 'attendance: no acting staff member is set for this transaction' USING ERRCODE = 'insufficient_privilege';
    END IF;
    NEW.recorded_at := now();
    RETURN NEW;
END
$$;


ALTER FUNCTION public.attendance_stamp() OWNER TO parcours_owner;

--
-- Name: audit_event_append_only(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.audit_event_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.sealed_seq IS NULL AND NEW.sealed_seq IS NOT NULL
       AND (NEW.id, NEW.at, NEW.staff_id, NEW.channel, NEW.action, NEW.carrier_id, NEW.operator_id, NEW.detail)
           IS NOT DISTINCT FROM (OLD.id, OLD.at, OLD.staff_id, OLD.channel, OLD.action, OLD.carrier_id, OLD.operator_id, OLD.detail)
       AND pg_has_role(current_user, 'pg_database_owner', 'MEMBER') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'PA001';
END
$$;


ALTER FUNCTION public.audit_event_append_only() OWNER TO parcours_owner;

--
-- Name: cape_contract_period_follows(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.cape_contract_period_follows() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    touched bigint[];
BEGIN
    IF TG_TABLE_NAME = 'cape_contract' THEN
        NEW.period_ends_on := OLD.period_ends_on;
        RETURN NEW;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT n.contract_id) INTO touched FROM new_rows AS n;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT array_agg(t.contract_id) INTO touched
        FROM (SELECT n.contract_id FROM new_rows AS n UNION SELECT o.contract_id FROM old_rows AS o) AS t;
    ELSE
        SELECT array_agg(DISTINCT o.contract_id) INTO touched FROM old_rows AS o;
    END IF;
    UPDATE public.cape_contract AS c SET period_ends_on = p.ends_on
    FROM (SELECT t.id, (SELECT p.ends_on FROM public.cape_period AS p WHERE p.contract_id = t.id ORDER BY p.seq DESC LIMIT 1) AS ends_on
          FROM unnest(touched) AS t (id)) AS p
    WHERE c.id = p.id AND c.period_ends_on IS DISTINCT FROM p.ends_on;
    RETURN NULL;
END
$$;


ALTER FUNCTION public.cape_contract_period_follows() OWNER TO parcours_owner;

--
-- Name: cape_period_check(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.cape_period_check() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    previous_end date;
    contract record;
BEGIN
    SELECT c.id, c.journey_id, c.ended_on, j.opened_on INTO contract
    FROM cape_contract AS c JOIN journey AS j ON j.id = c.journey_id WHERE c.id = NEW.contract_id;
    IF NEW.starts_on < contract.opened_on THEN
        RAISE EXCEPTION 'CAPE of journey %: a period cannot start (%) before the journey opened (%)',
            contract.journey_id, to_char(NEW.starts_on, 'YYYY-MM-DD'), to_char(contract.opened_on, 'YYYY-MM-DD')
            USING ERRCODE = 'PA001';
    END IF;
    IF contract.ended_on IS NOT NULL THEN
        RAISE EXCEPTION 'CAPE of journey % has ended; it cannot be renewed', contract.journey_id USING ERRCODE = 'PA001';
    END IF;
    IF NEW.seq > 0 THEN
        SELECT ends_on INTO previous_end FROM cape_period WHERE contract_id = NEW.contract_id AND seq = NEW.seq - 1;
        IF previous_end IS NULL OR NEW.starts_on <> previous_end + 1 THEN
            RAISE EXCEPTION 'CAPE of journey %: a renewal starts the day after the previous period ends', contract.journey_id
                USING ERRCODE = 'PA001';
        END IF;
    ELSE
        SELECT max(coalesce(c.ended_on, p.ends_on)) INTO previous_end
        FROM cape_contract AS c JOIN cape_period AS p ON p.contract_id = c.id
        WHERE c.journey_id = contract.journey_id AND c.id <> NEW.contract_id;
        IF NEW.starts_on <= previous_end THEN
            RAISE EXCEPTION 'CAPE of journey %: a new contract cannot overlap the previous one (ends %)',
                contract.journey_id, to_char(previous_end, 'YYYY-MM-DD') USING ERRCODE = 'PA001';
        END IF;
    END IF;
    RETURN NEW;
END
$$;


ALTER FUNCTION public.cape_period_check() OWNER TO parcours_owner;

--
-- Name: carrier_counsellor_check(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.carrier_counsellor_check() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
BEGIN
    IF NEW.counsellor_id IS NOT NULL AND NOT EXISTS (
        SELECT FROM staff WHERE id = NEW.counsellor_id AND role = 'counsellor' AND operator_id = NEW.operator_id AND active
    ) THEN
        RAISE EXCEPTION 'carrier %: staff member % is not an active counsellor of its operator', NEW.id, NEW.counsellor_id
            USING ERRCODE = 'PA001';
    END IF;
    RETURN NEW;
END
$$;


ALTER FUNCTION public.carrier_counsellor_check() OWNER TO parcours_owner;

--
-- Name: carrier_default_counsellor(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.carrier_default_counsellor() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
BEGIN
    IF NEW.counsellor_id IS NULL AND parcours_current_role() = 'counsellor' THEN
        NEW.counsellor_id := parcours_current_staff();
    END IF;
    RETURN NEW;
END
$$;


ALTER FUNCTION public.carrier_default_counsellor() OWNER TO parcours_owner;

--
-- Name: carrier_event_erased(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.carrier_event_erased() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
BEGIN
    UPDATE carrier_event SET reason = parcours_erased() WHERE carrier_id = NEW.id AND reason IS NOT NULL;
    RETURN NEW;
END
$$;


ALTER FUNCTION public.carrier_event_erased() OWNER TO parcours_owner;

--
-- Name: carrier_stays_erased(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.carrier_stays_erased() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
BEGIN
    IF OLD.first_name = parcours_erased()
       AND (NEW.first_name, NEW.last_name, NEW.email, NEW.phone, NEW.external_ref, NEW.birth_date)
           IS DISTINCT FROM (OLD.first_name, OLD.last_name, OLD.email, OLD.phone, OLD.external_ref, OLD.birth_date)
       AND NOT pg_has_role(current_user, 'pg_database_owner', 'MEMBER') THEN
        RAISE EXCEPTION 'carrier % was erased: their personal data is not written again', OLD.id
            USING ERRCODE = 'PA001', DETAIL = 'carrier_erased';
    END IF;
    RETURN NEW;
END
$$;


ALTER FUNCTION public.carrier_stays_erased() OWNER TO parcours_owner;

--
-- Name: intake_carrier_erased(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.intake_carrier_erased() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
BEGIN
    UPDATE intake SET first_name = parcours_erased(), last_name = parcours_erased(), email = NULL, phone = NULL,
        note = CASE WHEN note IS NOT NULL THEN parcours_erased() END
    WHERE carrier_id = NEW.id;
    RETURN NEW;
END
$$;


ALTER FUNCTION public.intake_carrier_erased() OWNER TO parcours_owner;

--
-- Name: intake_decided_is_final(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.intake_decided_is_final() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
BEGIN
    IF OLD.status <> 'pending' AND NOT pg_has_role(current_user, 'pg_database_owner', 'MEMBER') THEN
        RAISE EXCEPTION 'intake % was already decided', OLD.id USING ERRCODE = 'PA001', DETAIL = 'intake_decided';
    END IF;
    RETURN NEW;
END
$$;


ALTER FUNCTION public.intake_decided_is_final() OWNER TO parcours_owner;

--
-- Name: journey_before_insert(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.journey_before_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
BEGIN
    SELECT phases[1] INTO NEW.phase FROM programme WHERE id = NEW.programme_id;
    NEW.paused_from := NULL;
    NEW.version := 0;
    NEW.last_change_on := NEW.opened_on;
    NEW.closed_on := NULL;
    RETURN NEW;
END
$$;


ALTER FUNCTION public.journey_before_insert() OWNER TO parcours_owner;

--
-- Name: journey_before_update(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.journey_before_update() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
DECLARE
    latest record;
    programme_row record;
    refusal text;
    merging boolean := NEW.carrier_id IS DISTINCT FROM OLD.carrier_id
                       AND pg_has_role(current_user, 'pg_database_owner', 'MEMBER');
BEGIN
    -- The day of its last session is attendance's (attendance_facts_follow, whose statements
    -- this trigger does not see): a login's statement keeps it.
    NEW.last_session_on := OLD.last_session_on;
    IF (NEW.operator_id, NEW.programme_id, NEW.opened_on) IS DISTINCT FROM (OLD.operator_id, OLD.programme_id, OLD.opened_on)
       OR (NEW.carrier_id IS DISTINCT FROM OLD.carrier_id AND NOT merging) THEN
        RAISE EXCEPTION 'journey %: its operator, carrier, programme and opening date cannot change; open a new journey', OLD.id
            USING ERRCODE = 'PA001';
    END IF;
    IF (NEW.phase, NEW.paused_from, NEW.version, NEW.last_change_on, NEW.closed_on)
       IS NOT DISTINCT FROM (OLD.phase, OLD.paused_from, OLD.version, OLD.last_change_on, OLD.closed_on) THEN
        RETURN NEW;
    END IF;

    SELECT seq, to_state, from_state, kind, effective_on INTO latest
    FROM journey_event WHERE journey_id = NEW.id ORDER BY seq DESC LIMIT 1;
    IF FOUND AND NEW.version = latest.seq AND NEW.phase = latest.to_state
       AND NEW.last_change_on = latest.effective_on
       AND NEW.paused_from IS NOT DISTINCT FROM (CASE WHEN latest.kind = 'pause' THEN latest.from_state END)
       AND NEW.closed_on IS NOT DISTINCT FROM (CASE WHEN latest.kind = 'exit' THEN latest.effective_on END) THEN
        RETURN NEW;
    END IF;

    -- Not backed by an event: say which rule the change breaks, if it breaks one.
    SELECT name, phases INTO programme_row FROM programme WHERE id = NEW.programme_id;
    refusal := parcours_transition_refusal(
        programme_row.name, programme_row.phases, OLD.phase, OLD.paused_from,
        CASE
            WHEN NEW.phase = 'paused' THEN 'pause'
            WHEN OLD.phase = 'paused' THEN 'resume'
            WHEN parcours_phase_rank(NEW.phase) IS NULL THEN 'exit'
            ELSE 'advance'
        END,
        NEW.phase, NULL);
    IF refusal IS NOT NULL AND NEW.phase IS DISTINCT FROM OLD.phase THEN
        RAISE EXCEPTION 'journey % %', OLD.id, refusal USING ERRCODE = 'PA001';
    END IF;
    RAISE EXCEPTION 'journey %: a change of phase is recorded as an event (INSERT INTO journey_event), never by updating the journey', OLD.id
        USING ERRCODE = 'PA001',
              HINT = 'the history must stay complete: who did what, when and why';
END
$$;


ALTER FUNCTION public.journey_before_update() OWNER TO parcours_owner;

--
-- Name: journey_entry_follows(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.journey_entry_follows() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    touched bigint[];
BEGIN
    IF TG_LEVEL = 'ROW' THEN
        -- A journey moved to another person (a merge): both people's entries.
        touched := ARRAY[OLD.carrier_id, NEW.carrier_id];
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT n.carrier_id) INTO touched FROM inserted AS n;
    ELSE
        SELECT array_agg(DISTINCT o.carrier_id) INTO touched FROM removed AS o;
    END IF;
    IF touched IS NOT NULL THEN
        -- A join, not min() in a subquery for each person: on a new installation's statistics
        -- (journey empty when last analysed) min() was planned as a walk down the opening dates
        -- filtered by person, every journey read for each person (a first history import of 20,000
        -- journeys: 52 s here, 1 s joined, most of it writing the entries).
        UPDATE public.carrier AS c SET entered_on = f.first
        FROM (SELECT t.id, min(j.opened_on) AS first
              FROM unnest(touched) AS t (id) LEFT JOIN public.journey AS j ON j.carrier_id = t.id
              GROUP BY t.id) AS f
        WHERE c.id = f.id AND c.entered_on IS DISTINCT FROM f.first;
    END IF;
    RETURN NULL;
END
$$;


ALTER FUNCTION public.journey_entry_follows() OWNER TO parcours_owner;

--
-- Name: journey_event_append_only(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.journey_event_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.reason = parcours_erased()
       AND (NEW.id, NEW.operator_id, NEW.journey_id, NEW.seq, NEW.kind, NEW.from_state, NEW.to_state, NEW.effective_on,
            NEW.recorded_at, NEW.staff_id)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.operator_id, OLD.journey_id, OLD.seq, OLD.kind, OLD.from_state, OLD.to_state, OLD.effective_on,
            OLD.recorded_at, OLD.staff_id) THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' AND EXISTS (
        SELECT FROM public.journey_event_correction AS c
        WHERE c.event_id = OLD.id AND c.operator_id = OLD.operator_id AND c.journey_id = OLD.journey_id AND c.seq = OLD.seq
          AND (c.kind, c.from_state, c.to_state, c.effective_on, c.recorded_at, c.staff_id, c.reason)
              IS NOT DISTINCT FROM (OLD.kind, OLD.from_state, OLD.to_state, OLD.effective_on, OLD.recorded_at, OLD.staff_id, OLD.reason)) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'journey_event is append-only: a recorded event is never changed or removed'
        USING ERRCODE = 'PA001';
END
$$;


ALTER FUNCTION public.journey_event_append_only() OWNER TO parcours_owner;

--
-- Name: journey_event_checked(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.journey_event_checked() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
DECLARE
    claim text := parcours_verified_identity();
    staff bigint := nullif(split_part(claim, '|', 1), '')::bigint;
    bad record;
BEGIN
    IF staff IS NULL THEN
        RAISE EXCEPTION 'journey %: no acting staff member is set for this transaction', (SELECT min(journey_id) FROM new_events)
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF EXISTS (SELECT FROM new_events AS e WHERE e.staff_id IS DISTINCT FROM staff OR e.recorded_at IS DISTINCT FROM now()) THEN
        RAISE EXCEPTION 'journey: an event names someone else than the acting staff member, or another time'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- Before anything else: a journey's other events of the statement would be read as its history.
    SELECT e.journey_id INTO bad FROM new_events AS e GROUP BY e.journey_id HAVING count(*) > 1 ORDER BY e.journey_id LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'journey %: one statement records one event of a journey (insert the next in a statement of its own)', bad.journey_id
            USING ERRCODE = 'PA001';
    END IF;
    -- Locked in one order, so two statements over the same journeys queue instead of deadlocking.
    PERFORM FROM public.journey AS j WHERE j.id IN (SELECT e.journey_id FROM new_events AS e) ORDER BY j.id FOR UPDATE;

    SELECT e.journey_id, substr(found.refused, 6) AS message, left(found.refused, 5) AS code INTO bad
    FROM new_events AS e
    LEFT JOIN (public.journey AS j JOIN public.programme AS p ON p.id = j.programme_id
               JOIN public.carrier AS c ON c.id = j.carrier_id)
           ON j.id = e.journey_id AND j.operator_id = e.operator_id
          AND parcours_acts_on_journey(claim, j.operator_id, c.counsellor_id)
    CROSS JOIN LATERAL (
        SELECT CASE  -- the error's code (5 characters), then its message
            WHEN j.id IS NULL THEN
                '23503' || format('journey %s does not exist', e.journey_id)
            WHEN e.seq IS DISTINCT FROM j.version + 1 THEN
                'PA409' || format('journey %s was changed by someone else meanwhile (version %s expected, it is now %s); reload it and try again',
                           j.id, e.seq - 1, j.version)
            WHEN e.effective_on > parcours_today() THEN
                'PA001' || format('journey %s cannot change on %s: the date is in the future (today is %s)',
                           j.id, to_char(e.effective_on, 'YYYY-MM-DD'), to_char(parcours_today(), 'YYYY-MM-DD'))
            -- The journey's last change is its latest event's date (journey_before_update holds it so).
            WHEN j.version > 0 AND e.effective_on < j.last_change_on THEN
                'PA001' || format('journey %s cannot change on %s, before its last recorded change (%s)',
                           j.id, to_char(e.effective_on, 'YYYY-MM-DD'), to_char(j.last_change_on, 'YYYY-MM-DD'))
            WHEN e.from_state IS DISTINCT FROM (CASE WHEN e.kind = 'open' THEN NULL ELSE j.phase END) THEN
                'PA001' || format('journey %s: the event leaves ''%s'', but the journey is in ''%s''', j.id, e.from_state, j.phase)
            WHEN e.kind = 'open' AND (j.version <> 0 OR e.to_state IS DISTINCT FROM p.phases[1]) THEN
                'PA001' || format('journey %s opens once, in the first phase of its programme (''%s'')', j.id, p.phases[1])
            WHEN e.kind <> 'open' AND parcours_transition_refusal(p.name, p.phases, j.phase, j.paused_from, e.kind, e.to_state, e.reason) IS NOT NULL THEN
                'PA001' || 'journey ' || j.id || ' ' || parcours_transition_refusal(p.name, p.phases, j.phase, j.paused_from, e.kind, e.to_state, e.reason)
            -- Only the steps a record guards call the guards (parcours_guard_refusal's own first test).
            WHEN ((e.kind IN ('advance', 'rework') AND (e.to_state IN ('incubation', 'orientation') OR e.from_state = 'pitch'))
                  OR (e.kind = 'exit' AND e.to_state IN ('handed_on', 'activity_created')))
                 AND parcours_guard_refusal(e.journey_id, e.kind, e.from_state, e.to_state, e.effective_on) IS NOT NULL THEN
                'PA001' || 'journey ' || e.journey_id || ' ' || parcours_guard_refusal(e.journey_id, e.kind, e.from_state, e.to_state, e.effective_on)
        END AS refused
    ) AS found
    WHERE found.refused IS NOT NULL
    ORDER BY e.journey_id, e.seq
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING MESSAGE = bad.message, ERRCODE = bad.code;
    END IF;

    UPDATE public.journey AS j
    SET phase = e.to_state,
        paused_from = CASE WHEN e.kind = 'pause' THEN e.from_state END,
        version = e.seq,
        last_change_on = e.effective_on,
        closed_on = CASE WHEN e.kind = 'exit' THEN e.effective_on END
    FROM new_events AS e
    WHERE j.id = e.journey_id;
    RETURN NULL;
END
$$;


ALTER FUNCTION public.journey_event_checked() OWNER TO parcours_owner;

--
-- Name: journey_event_correction_kept(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.journey_event_correction_kept() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.correction_reason = parcours_erased()
       AND NEW.reason IS NOT DISTINCT FROM (CASE WHEN OLD.reason IS NOT NULL THEN parcours_erased() END)
       AND NEW.activity_name IS NULL
       AND (NEW.id, NEW.operator_id, NEW.journey_id, NEW.event_id, NEW.seq, NEW.kind, NEW.from_state, NEW.to_state,
            NEW.effective_on, NEW.recorded_at, NEW.staff_id, NEW.activity_legal_form, NEW.activity_created_on,
            NEW.activity_jobs_fte, NEW.cancelled, NEW.corrected_by, NEW.corrected_at)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.operator_id, OLD.journey_id, OLD.event_id, OLD.seq, OLD.kind, OLD.from_state, OLD.to_state,
            OLD.effective_on, OLD.recorded_at, OLD.staff_id, OLD.activity_legal_form, OLD.activity_created_on,
            OLD.activity_jobs_fte, OLD.cancelled, OLD.corrected_by, OLD.corrected_at) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'journey_event_correction is append-only: a correction is never changed or removed'
        USING ERRCODE = 'PA001';
END
$$;


ALTER FUNCTION public.journey_event_correction_kept() OWNER TO parcours_owner;

--
-- Name: journey_event_correction_replaced(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.journey_event_correction_replaced() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
BEGIN
    IF NOT NEW.cancelled AND NOT EXISTS (
        SELECT FROM public.journey_event AS e WHERE e.journey_id = NEW.journey_id AND e.seq = NEW.seq AND e.kind = NEW.kind) THEN
        RAISE EXCEPTION 'journey %: step % was withdrawn to be corrected, and no corrected step was recorded in its place',
            NEW.journey_id, NEW.seq
            USING ERRCODE = 'PA001';
    END IF;
    RETURN NULL;
END
$$;


ALTER FUNCTION public.journey_event_correction_replaced() OWNER TO parcours_owner;

--
-- Name: journey_event_stamp(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.journey_event_stamp() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
DECLARE
    claim text := parcours_verified_identity();
    j record;
BEGIN
    IF claim IS NULL THEN
        RAISE EXCEPTION 'journey %: no acting staff member is set for this transaction', NEW.journey_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT journey.operator_id, journey.phase INTO j
    FROM public.journey JOIN public.carrier ON carrier.id = journey.carrier_id
    WHERE journey.id = NEW.journey_id AND parcours_acts_on_journey(claim, journey.operator_id, carrier.counsellor_id)
    FOR UPDATE OF journey;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'journey % does not exist', NEW.journey_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    NEW.staff_id := split_part(claim, '|', 1)::bigint;
    NEW.operator_id := j.operator_id;
    NEW.recorded_at := now();
    NEW.from_state := CASE WHEN NEW.kind = 'open' THEN NULL ELSE j.phase END;
    RETURN NEW;
END
$$;


ALTER FUNCTION public.journey_event_stamp() OWNER TO parcours_owner;

--
-- Name: jury_decision_check(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.jury_decision_check() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    j record;
    entered_pitch date;
BEGIN
    SELECT id, phase INTO j FROM journey WHERE id = NEW.journey_id;
    IF j.phase <> 'pitch' THEN
        RAISE EXCEPTION 'journey % is in ''%'', not in ''pitch'': no jury decides on it now', j.id, j.phase USING ERRCODE = 'PA001';
    END IF;
    SELECT max(effective_on) INTO entered_pitch FROM journey_event WHERE journey_id = j.id AND to_state = 'pitch';
    IF NEW.decided_on < entered_pitch OR NEW.decided_on > parcours_today() THEN
        RAISE EXCEPTION 'journey %: a jury decision is dated between its entry into pitch (%) and today', j.id,
            to_char(entered_pitch, 'YYYY-MM-DD') USING ERRCODE = 'PA001';
    END IF;
    NEW.staff_id := parcours_current_staff();
    RETURN NEW;
END
$$;


ALTER FUNCTION public.jury_decision_check() OWNER TO parcours_owner;

--
-- Name: parcours_act_as(text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_act_as(acting_email text) RETURNS TABLE(acting_staff_id bigint, acting_operator_id bigint, acting_role text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    found_staff record;
BEGIN
    IF NOT pg_has_role(session_user, 'parcours_console', 'MEMBER') THEN
        RAISE EXCEPTION 'this connection acts only with a bearer token' USING ERRCODE = 'PA403';
    END IF;
    SELECT s.id, s.operator_id, s.role INTO found_staff
    FROM staff AS s WHERE lower(s.email) = lower(acting_email) AND s.active;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no active staff member has the e-mail ''%''', acting_email USING ERRCODE = 'PA401';
    END IF;
    PERFORM parcours_establish_identity(found_staff.id, '');
    RETURN QUERY SELECT found_staff.id, found_staff.operator_id, found_staff.role;
END
$$;


ALTER FUNCTION public.parcours_act_as(acting_email text) OWNER TO parcours_owner;

--
-- Name: parcours_act_with_share(bytea); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_act_with_share(presented_sha256 bytea) RETURNS TABLE(acting_staff_id bigint, acting_operator_id bigint, acting_role text, acting_email text, share_id bigint, share_scope_kind text, share_scope_id bigint, share_public boolean)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    link record;
BEGIN
    SELECT s.id AS staff, s.operator_id, s.role, s.email, s.active, d.id, d.scope_kind, d.scope_id, d.public, d.revoked_at, d.expires_at
    INTO link
    FROM dashboard_share AS d JOIN staff AS s ON s.id = d.staff_id
    WHERE d.token_sha256 = presented_sha256;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'this share link is unknown' USING ERRCODE = 'PA401', DETAIL = 'share_unknown';
    END IF;
    IF link.revoked_at IS NOT NULL OR link.expires_at <= now() OR NOT link.active THEN
        RAISE EXCEPTION 'this share link was withdrawn or has expired' USING ERRCODE = 'PA401', DETAIL = 'share_withdrawn';
    END IF;
    PERFORM set_config('transaction_read_only', 'on', true);
    PERFORM parcours_establish_identity(link.staff, 'share');
    RETURN QUERY SELECT link.staff, link.operator_id, link.role, link.email, link.id, link.scope_kind, link.scope_id, link.public;
END
$$;


ALTER FUNCTION public.parcours_act_with_share(presented_sha256 bytea) OWNER TO parcours_owner;

--
-- Name: parcours_act_with_token(bytea); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_act_with_token(presented_sha256 bytea) RETURNS TABLE(acting_staff_id bigint, acting_operator_id bigint, acting_role text, acting_email text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
DECLARE
    found_staff record;
BEGIN
    SELECT s.id, s.operator_id, s.role, s.email INTO found_staff
    FROM api_token AS t JOIN staff AS s ON s.id = t.staff_id
    WHERE t.token_sha256 = presented_sha256 AND t.revoked_at IS NULL
      AND (t.expires_at IS NULL OR t.expires_at > now()) AND s.active;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'this token is unknown, revoked or expired' USING ERRCODE = 'PA401';
    END IF;
    PERFORM parcours_establish_identity(found_staff.id, '');
    RETURN QUERY SELECT found_staff.id, found_staff.operator_id, found_staff.role, found_staff.email;
END
$$;


ALTER FUNCTION public.parcours_act_with_token(presented_sha256 bytea) OWNER TO parcours_owner;

--
-- Name: parcours_acts_on_journey(text, bigint, bigint); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_acts_on_journey(claim text, journey_operator bigint, counsellor bigint) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT (split_part(claim, '|', 2) = 'admin' OR journey_operator = nullif(split_part(claim, '|', 3), '')::bigint)
       AND (split_part(claim, '|', 2) <> 'counsellor' OR counsellor IS NULL OR counsellor = split_part(claim, '|', 1)::bigint)
$$;


ALTER FUNCTION public.parcours_acts_on_journey(claim text, journey_operator bigint, counsellor bigint) OWNER TO parcours_owner;

--
-- Name: parcours_age_band(date, date); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_age_band(birth_date date, on_date date) RETURNS text
    LANGUAGE sql STABLE
    RETURN CASE WHEN (birth_date IS NULL) THEN 'unknown'::text WHEN (EXTRACT(year FROM age((on_date)::timestamp with time zone, (birth_date)::timestamp with time zone)) < (18)::numeric) THEN 'under_18'::text WHEN (EXTRACT(year FROM age((on_date)::timestamp with time zone, (birth_date)::timestamp with time zone)) < (30)::numeric) THEN '18_29'::text WHEN (EXTRACT(year FROM age((on_date)::timestamp with time zone, (birth_date)::timestamp with time zone)) < (55)::numeric) THEN '30_54'::text ELSE '55_plus'::text END;


ALTER FUNCTION public.parcours_age_band(birth_date date, on_date date) OWNER TO parcours_owner;

--
-- Name: parcours_answer_by_link(bytea, text, text, text, text, date); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_answer_by_link(presented_sha256 bytea, new_status text, new_decline_reason text, new_proposed_action text, new_note text, answered date) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    link record;
BEGIN
    SELECT l.id, l.staff_id, l.operator_id, r.id AS referral_id, r.status, r.proposed_on, j.carrier_id,
           l.revoked_at IS NULL AND l.expires_at > now()
           AND NOT public.parcours_referral_expired(r.status, r.proposed_on, o.referral_expiry_days) AS open
    INTO link
    FROM public.referral_link AS l
    JOIN public.referral AS r ON r.id = l.referral_id
    JOIN public.operator AS o ON o.id = r.operator_id
    JOIN public.journey AS j ON j.id = r.journey_id
    WHERE l.token_sha256 = presented_sha256
    FOR UPDATE OF l;
    IF NOT FOUND OR NOT link.open THEN
        RAISE EXCEPTION 'partner link not open' USING ERRCODE = 'PA401', DETAIL = 'referral_link_closed';
    END IF;
    IF NOT ((link.status = 'proposed' AND new_status IN ('studying', 'accepted', 'declined'))
            OR (link.status = 'studying' AND new_status IN ('accepted', 'declined'))
            OR (link.status = 'accepted' AND new_status IN ('completed', 'declined'))) THEN
        RAISE EXCEPTION 'referral %: % cannot follow %', link.referral_id, new_status, link.status
            USING ERRCODE = 'PA001', DETAIL = 'referral_transition';
    END IF;
    IF new_status = 'declined' AND new_decline_reason IS NULL THEN
        RAISE EXCEPTION 'referral %: a refusal gives its reason', link.referral_id USING ERRCODE = 'PA001', DETAIL = 'decline_reason_needed';
    END IF;
    UPDATE public.referral
    SET status = new_status, answered_on = coalesce(answered_on, answered), note = coalesce(new_note, note),
        decline_reason = CASE WHEN new_status = 'declined' THEN new_decline_reason END,
        proposed_action = CASE WHEN new_status = 'declined' THEN coalesce(new_proposed_action, 'none') END,
        taken_charge_on = CASE WHEN new_status = 'completed' THEN answered END
    WHERE id = link.referral_id;
    UPDATE public.referral_link SET answered_at = now() WHERE id = link.id;
    INSERT INTO public.audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
    VALUES (link.staff_id, 'http', 'change', link.carrier_id, link.operator_id,
            left(format('referral %s: %s by the partner (link %s)%s', link.referral_id, new_status, link.id,
                        CASE WHEN new_status = 'declined' THEN ', ' || new_decline_reason || '/' || coalesce(new_proposed_action, 'none') ELSE '' END), 200));
END
$$;


ALTER FUNCTION public.parcours_answer_by_link(presented_sha256 bytea, new_status text, new_decline_reason text, new_proposed_action text, new_note text, answered date) OWNER TO parcours_owner;

--
-- Name: parcours_answer_word(boolean, boolean); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_answer_word(answer boolean, declined boolean) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN CASE WHEN declined THEN 'declined'::text WHEN answer THEN 'yes'::text WHEN (NOT answer) THEN 'no'::text ELSE ''::text END;


ALTER FUNCTION public.parcours_answer_word(answer boolean, declined boolean) OWNER TO parcours_owner;

--
-- Name: parcours_audit(text, bigint[], text, text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_audit(audit_action text, carriers bigint[], audit_channel text, audit_detail text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
DECLARE
    claim text := parcours_verified_identity();
BEGIN
    IF claim IS NULL OR carriers IS NULL OR cardinality(carriers) = 0 THEN
        RETURN;
    END IF;
    INSERT INTO public.audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
    SELECT split_part(claim, '|', 1)::bigint, audit_channel, audit_action, a.carrier_id, a.operator_id, left(audit_detail, 200)
    FROM parcours_audited_carriers(claim, carriers) AS a
    ORDER BY a.carrier_id;
END
$$;


ALTER FUNCTION public.parcours_audit(audit_action text, carriers bigint[], audit_channel text, audit_detail text) OWNER TO parcours_owner;

--
-- Name: parcours_audit_checkpoint(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_audit_checkpoint(OUT entries bigint, OUT head_hash text, OUT sealed_through timestamp with time zone) RETURNS record
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
BEGIN
    IF parcours_current_staff() IS NULL THEN
        RAISE EXCEPTION 'no acting staff member is set for this transaction' USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT h.last_seq, h.hash, e.at INTO entries, head_hash, sealed_through
    FROM public.audit_head AS h LEFT JOIN public.audit_event AS e ON e.sealed_seq = h.last_seq AND h.last_seq > 0;
END
$$;


ALTER FUNCTION public.parcours_audit_checkpoint(OUT entries bigint, OUT head_hash text, OUT sealed_through timestamp with time zone) OWNER TO parcours_owner;

--
-- Name: parcours_audit_checkpoint_holds(bigint, text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_audit_checkpoint_holds(entry bigint, expected text) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
BEGIN
    IF parcours_current_role() IS DISTINCT FROM 'admin' THEN
        RAISE EXCEPTION 'only the administrator verifies the audit log' USING ERRCODE = 'PA403';
    END IF;
    IF entry = 0 THEN
        RETURN expected = repeat('0', 64);
    END IF;
    RETURN coalesce((SELECT e.hash = lower(expected) FROM public.audit_event AS e WHERE e.sealed_seq = entry), false);
END
$$;


ALTER FUNCTION public.parcours_audit_checkpoint_holds(entry bigint, expected text) OWNER TO parcours_owner;

--
-- Name: parcours_audit_entries(bigint, text, timestamp with time zone, integer); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_audit_entries(of_carrier bigint, of_staff_email text, since timestamp with time zone, max_entries integer) RETURNS TABLE(id bigint, at timestamp with time zone, staff_email text, channel text, action text, carrier_id bigint, detail text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    SELECT latest.* FROM (
        SELECT a.id, a.at, s.email, a.channel, a.action, a.carrier_id, a.detail
        FROM audit_event AS a JOIN staff AS s ON s.id = a.staff_id
        WHERE (parcours_current_role() IN ('admin', 'network')
               OR (parcours_current_role() = 'coordinator' AND a.operator_id = parcours_current_operator()))
          AND (of_carrier IS NULL OR a.carrier_id = of_carrier)
          AND (of_staff_email IS NULL OR lower(s.email) = lower(of_staff_email))
          AND (since IS NULL OR a.at >= since)
        ORDER BY a.id DESC
        LIMIT max_entries) AS latest
    ORDER BY latest.id
$$;


ALTER FUNCTION public.parcours_audit_entries(of_carrier bigint, of_staff_email text, since timestamp with time zone, max_entries integer) OWNER TO parcours_owner;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: audit_event; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.audit_event (
    id bigint NOT NULL,
    at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    staff_id bigint NOT NULL,
    channel text NOT NULL,
    action text NOT NULL,
    carrier_id bigint,
    operator_id bigint,
    detail text NOT NULL,
    previous_hash text,
    hash text,
    sealed_seq bigint,
    CONSTRAINT audit_event_action_check CHECK ((action = ANY (ARRAY['read'::text, 'change'::text, 'export'::text, 'erase'::text, 'consent_withdrawn'::text, 'retention'::text, 'share'::text, 'unshare'::text]))),
    CONSTRAINT audit_event_channel_check CHECK ((channel = ANY (ARRAY['cli'::text, 'http'::text]))),
    CONSTRAINT audit_event_detail_check CHECK ((length(detail) <= 200)),
    CONSTRAINT audit_event_person CHECK (((action = ANY (ARRAY['share'::text, 'unshare'::text])) OR ((carrier_id IS NOT NULL) AND (operator_id IS NOT NULL)))),
    CONSTRAINT audit_event_sealed CHECK ((((sealed_seq IS NULL) = (hash IS NULL)) AND ((hash IS NULL) = (previous_hash IS NULL))))
);

ALTER TABLE ONLY public.audit_event FORCE ROW LEVEL SECURITY;


ALTER TABLE public.audit_event OWNER TO parcours_owner;

--
-- Name: parcours_audit_hash(text, public.audit_event); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_audit_hash(previous text, e public.audit_event) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN encode(sha256(convert_to(concat_ws('|'::text, previous, (e).id, to_char(((e).at AT TIME ZONE 'UTC'::text), 'YYYY-MM-DD"T"HH24:MI:SS.US'::text), (e).staff_id, (e).channel, (e).action, COALESCE(((e).carrier_id)::text, ''::text), COALESCE(((e).operator_id)::text, ''::text), (e).detail), 'UTF8'::name)), 'hex'::text);


ALTER FUNCTION public.parcours_audit_hash(previous text, e public.audit_event) OWNER TO parcours_owner;

--
-- Name: parcours_audit_read(bigint[], text, text, boolean); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_audit_read(carriers bigint[], audit_channel text, audit_detail text, as_receipt boolean) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
DECLARE
    claim text;
    listed text;
    receipt text;
BEGIN
    IF NOT as_receipt THEN
        PERFORM parcours_audit('read', carriers, audit_channel, audit_detail);
        RETURN NULL;
    END IF;
    claim := parcours_verified_identity();
    IF claim IS NULL OR carriers IS NULL OR cardinality(carriers) = 0 OR audit_channel NOT IN ('cli', 'http') THEN
        RETURN NULL;
    END IF;
    SELECT string_agg(a.carrier_id || ':' || a.operator_id, ',' ORDER BY a.carrier_id) INTO listed
    FROM parcours_audited_carriers(claim, carriers) AS a;
    IF listed IS NULL THEN
        RETURN NULL;
    END IF;
    receipt := format('%s|%s|%s|%s|%s', split_part(claim, '|', 1), audit_channel,
                      (extract(epoch FROM clock_timestamp()) * 1000000)::bigint, listed, left(audit_detail, 200));
    RETURN (SELECT parcours_receipt_digest(k.identity_key, receipt) FROM public.parcours_secret AS k) || '|' || receipt;
END
$$;


ALTER FUNCTION public.parcours_audit_read(carriers bigint[], audit_channel text, audit_detail text, as_receipt boolean) OWNER TO parcours_owner;

--
-- Name: parcours_audit_seal(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_audit_seal() RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    head record;
    e audit_event;
    previous text;
    ids bigint[] := '{}';
    previous_hashes text[] := '{}';
    hashes text[] := '{}';
    sealed integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(7061727301);
    SELECT h.last_id, h.last_seq, h.hash INTO head FROM audit_head AS h FOR UPDATE;
    previous := head.hash;
    FOR e IN SELECT * FROM audit_event AS a WHERE a.sealed_seq IS NULL ORDER BY a.id LOOP
        sealed := sealed + 1;
        ids[sealed] := e.id;
        previous_hashes[sealed] := previous;
        previous := parcours_audit_hash(previous, e);
        hashes[sealed] := previous;
    END LOOP;
    IF sealed > 0 THEN
        UPDATE audit_event AS a
        SET sealed_seq = head.last_seq + s.n, previous_hash = s.previous_hash, hash = s.hash
        FROM unnest(ids, previous_hashes, hashes) WITH ORDINALITY AS s (id, previous_hash, hash, n)
        WHERE a.id = s.id;
        UPDATE audit_head SET last_id = ids[sealed], last_seq = head.last_seq + sealed, hash = previous;
    END IF;
    RETURN sealed;
END
$$;


ALTER FUNCTION public.parcours_audit_seal() OWNER TO parcours_owner;

--
-- Name: parcours_audit_verify(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_audit_verify(OUT checked bigint, OUT first_broken bigint) RETURNS record
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    e audit_event;
    previous text := repeat('0', 64);
    head record;
BEGIN
    IF parcours_current_role() IS DISTINCT FROM 'admin' THEN
        RAISE EXCEPTION 'only the administrator verifies the audit log' USING ERRCODE = 'PA403';
    END IF;
    checked := 0;
    FOR e IN SELECT * FROM audit_event WHERE sealed_seq IS NOT NULL ORDER BY sealed_seq LOOP
        IF e.previous_hash <> previous OR e.hash <> parcours_audit_hash(previous, e) THEN
            first_broken := e.id;
            RETURN;
        END IF;
        previous := e.hash;
        checked := checked + 1;
    END LOOP;
    SELECT h.last_seq, h.hash INTO head FROM audit_head AS h;
    IF head.hash <> previous OR head.last_seq <> checked THEN
        first_broken := -1;
    END IF;
END
$$;


ALTER FUNCTION public.parcours_audit_verify(OUT checked bigint, OUT first_broken bigint) OWNER TO parcours_owner;

--
-- Name: parcours_audited_carriers(text, bigint[]); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_audited_carriers(claim text, carriers bigint[]) RETURNS TABLE(carrier_id bigint, operator_id bigint)
    LANGUAGE sql STABLE
    AS $$
    SELECT c.id, c.operator_id
    FROM public.carrier AS c
    WHERE c.id = ANY (carriers)
      AND (split_part(claim, '|', 2) IN ('network', 'admin') OR c.operator_id = nullif(split_part(claim, '|', 3), '')::bigint)
$$;


ALTER FUNCTION public.parcours_audited_carriers(claim text, carriers bigint[]) OWNER TO parcours_owner;

--
-- Name: parcours_claim_mail(bytea[], bytea[]); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_claim_mail(presented bytea[], presented_personal bytea[]) RETURNS TABLE(ordinal integer, mail_id bigint, mail_operator bigint, purpose text, recipient text, base_url text, operator_name text, partner_name text, carrier_name text, reason text, proposed_on date, expires_at timestamp with time zone, sender_email text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    waiting record;
    taken integer := 0;
BEGIN
    IF parcours_current_role() IS DISTINCT FROM 'admin' THEN
        RAISE EXCEPTION 'only the administrator sends the mail' USING ERRCODE = 'PA403';
    END IF;
    PERFORM parcours_queue_referral_reminders();
    PERFORM parcours_queue_questionnaire_reminders();
    UPDATE mail_outbox AS m SET dropped_at = now()
    FROM referral_link AS l JOIN referral AS r ON r.id = l.referral_id JOIN operator AS o ON o.id = r.operator_id
    WHERE m.sent_at IS NULL AND m.dropped_at IS NULL
      AND l.id = m.referral_link_id AND l.operator_id = m.operator_id
      AND (l.revoked_at IS NOT NULL OR l.expires_at <= now() OR r.status IN ('declined', 'completed')
           OR parcours_referral_expired(r.status, r.proposed_on, o.referral_expiry_days)
           OR m.attempts >= 8);
    UPDATE mail_outbox AS m SET dropped_at = now()
    FROM questionnaire_link AS l JOIN carrier AS c ON c.id = l.carrier_id
    WHERE m.sent_at IS NULL AND m.dropped_at IS NULL
      AND l.id = m.questionnaire_link_id AND l.operator_id = m.operator_id
      AND (l.revoked_at IS NOT NULL OR l.expires_at <= now() OR l.signed_at IS NOT NULL OR c.first_name = parcours_erased()
           OR m.attempts >= 8);
    FOR waiting IN
        SELECT m.id, m.operator_id, m.referral_link_id, m.questionnaire_link_id FROM mail_outbox AS m
        WHERE m.sent_at IS NULL AND m.dropped_at IS NULL
          AND (m.last_attempt_at IS NULL OR m.last_attempt_at < now() - interval '5 minutes')
        ORDER BY m.queued_at, m.id
        LIMIT coalesce(cardinality(presented), 0)
        FOR UPDATE OF m SKIP LOCKED
    LOOP
        taken := taken + 1;
        UPDATE referral_link SET token_sha256 = presented[taken] WHERE id = waiting.referral_link_id AND operator_id = waiting.operator_id;
        UPDATE questionnaire_link SET token_sha256 = presented_personal[taken]
        WHERE id = waiting.questionnaire_link_id AND operator_id = waiting.operator_id;
        UPDATE mail_outbox SET attempts = attempts + 1, last_attempt_at = now() WHERE id = waiting.id AND operator_id = waiting.operator_id;
        RETURN QUERY
            SELECT taken, m.id, m.operator_id, m.purpose, m.recipient, m.base_url, o.name, p.name, r.carrier_name, r.reason, r.proposed_on,
                   l.expires_at, s.email
            FROM mail_outbox AS m
            JOIN referral_link AS l ON l.id = m.referral_link_id AND l.operator_id = m.operator_id
            JOIN referral AS r ON r.id = l.referral_id
            JOIN operator AS o ON o.id = r.operator_id
            JOIN partner AS p ON p.id = r.partner_id
            JOIN staff AS s ON s.id = l.staff_id
            WHERE m.id = waiting.id AND m.operator_id = waiting.operator_id
            UNION ALL
            -- a person's own link: addressed by their first name; no partner; the questionnaire's kind for a reason
            SELECT taken, m.id, m.operator_id, m.purpose, m.recipient, m.base_url, o.name, '', c.first_name, l.kind,
                   (l.created_at AT TIME ZONE 'Europe/Paris')::date, l.expires_at, s.email
            FROM mail_outbox AS m
            JOIN questionnaire_link AS l ON l.id = m.questionnaire_link_id AND l.operator_id = m.operator_id
            JOIN carrier AS c ON c.id = l.carrier_id
            JOIN operator AS o ON o.id = l.operator_id
            JOIN staff AS s ON s.id = l.staff_id
            WHERE m.id = waiting.id AND m.operator_id = waiting.operator_id;
    END LOOP;
END
$$;


ALTER FUNCTION public.parcours_claim_mail(presented bytea[], presented_personal bytea[]) OWNER TO parcours_owner;

--
-- Name: parcours_counted_people(public.parcours_counted_person[]); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_counted_people(people public.parcours_counted_person[]) RETURNS SETOF public.parcours_counted_person
    LANGUAGE sql IMMUTABLE ROWS 20000
    SET jit TO 'off'
    AS $$ SELECT * FROM unnest(people) $$;


ALTER FUNCTION public.parcours_counted_people(people public.parcours_counted_person[]) OWNER TO parcours_owner;

--
-- Name: parcours_verified_identity(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_verified_identity() RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
DECLARE
    claim text := current_setting('parcours.identity', true);
BEGIN
    IF claim IS NULL OR current_setting('parcours.identity_seal', true) IS DISTINCT FROM
       (SELECT parcours_identity_digest(k.identity_key, claim) FROM public.parcours_secret AS k) THEN
        RETURN NULL;
    END IF;
    IF split_part(claim, '|', 5) = 'share' AND current_setting('transaction_read_only') <> 'on' THEN
        RETURN NULL;
    END IF;
    RETURN claim;
END
$$;


ALTER FUNCTION public.parcours_verified_identity() OWNER TO parcours_owner;

--
-- Name: parcours_current_funder(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_current_funder() RETURNS bigint
    LANGUAGE sql STABLE
    RETURN (NULLIF(split_part(public.parcours_verified_identity(), '|'::text, 4), ''::text))::bigint;


ALTER FUNCTION public.parcours_current_funder() OWNER TO parcours_owner;

--
-- Name: parcours_current_operator(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_current_operator() RETURNS bigint
    LANGUAGE sql STABLE
    RETURN (NULLIF(split_part(public.parcours_verified_identity(), '|'::text, 3), ''::text))::bigint;


ALTER FUNCTION public.parcours_current_operator() OWNER TO parcours_owner;

--
-- Name: parcours_current_role(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_current_role() RETURNS text
    LANGUAGE sql STABLE
    RETURN NULLIF(split_part(public.parcours_verified_identity(), '|'::text, 2), ''::text);


ALTER FUNCTION public.parcours_current_role() OWNER TO parcours_owner;

--
-- Name: parcours_current_staff(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_current_staff() RETURNS bigint
    LANGUAGE sql STABLE
    RETURN (NULLIF(split_part(public.parcours_verified_identity(), '|'::text, 1), ''::text))::bigint;


ALTER FUNCTION public.parcours_current_staff() OWNER TO parcours_owner;

--
-- Name: carrier_profile; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.carrier_profile (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    carrier_id bigint NOT NULL,
    recorded_on date NOT NULL,
    labour_status text,
    education_level text,
    consent_on date,
    disability boolean,
    third_country_national boolean,
    foreign_background boolean,
    homeless boolean,
    staff_id bigint NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    minority boolean,
    declined text[] DEFAULT '{}'::text[] NOT NULL,
    CONSTRAINT carrier_profile_consent_on_limit CHECK ((consent_on >= '1900-01-01'::date)),
    CONSTRAINT carrier_profile_declined_has_no_value CHECK (((NOT (('labour_status'::text = ANY (declined)) AND (labour_status IS NOT NULL))) AND (NOT (('education_level'::text = ANY (declined)) AND (education_level IS NOT NULL))) AND (NOT (('disability'::text = ANY (declined)) AND (disability IS NOT NULL))) AND (NOT (('third_country_national'::text = ANY (declined)) AND (third_country_national IS NOT NULL))) AND (NOT (('foreign_background'::text = ANY (declined)) AND (foreign_background IS NOT NULL))) AND (NOT (('minority'::text = ANY (declined)) AND (minority IS NOT NULL))) AND (NOT (('homeless'::text = ANY (declined)) AND (homeless IS NOT NULL))))),
    CONSTRAINT carrier_profile_declined_known CHECK ((declined <@ ARRAY['labour_status'::text, 'education_level'::text, 'disability'::text, 'third_country_national'::text, 'foreign_background'::text, 'minority'::text, 'homeless'::text])),
    CONSTRAINT carrier_profile_education_level_check CHECK ((education_level = ANY (ARRAY['isced_0_2'::text, 'isced_3_4'::text, 'isced_5_8'::text]))),
    CONSTRAINT carrier_profile_labour_status_check CHECK ((labour_status = ANY (ARRAY['unemployed'::text, 'long_term_unemployed'::text, 'inactive'::text, 'employed'::text, 'self_employed'::text]))),
    CONSTRAINT carrier_profile_recorded_on_limit CHECK ((recorded_on >= '1900-01-01'::date)),
    CONSTRAINT carrier_profile_sensitive_needs_consent CHECK (((consent_on IS NOT NULL) OR ((disability IS NULL) AND (third_country_national IS NULL) AND (foreign_background IS NULL) AND (homeless IS NULL) AND (minority IS NULL))))
);

ALTER TABLE ONLY public.carrier_profile FORCE ROW LEVEL SECURITY;


ALTER TABLE public.carrier_profile OWNER TO parcours_owner;

--
-- Name: parcours_entry_profile(bigint, date); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_entry_profile(of_carrier bigint, entry_on date) RETURNS SETOF public.carrier_profile
    LANGUAGE sql STABLE
    AS $$
    SELECT cp.* FROM public.carrier_profile AS cp
    WHERE cp.carrier_id = of_carrier
    ORDER BY cp.recorded_on > entry_on, abs(cp.recorded_on - entry_on), cp.id DESC
    LIMIT 1
$$;


ALTER FUNCTION public.parcours_entry_profile(of_carrier bigint, entry_on date) OWNER TO parcours_owner;

--
-- Name: parcours_erase_carrier(bigint, text, text, text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_erase_carrier(of_carrier bigint, audit_action text, audit_channel text, audit_reason text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    person record;
    first_entry date;
BEGIN
    IF NOT parcours_manages_carrier(of_carrier) THEN
        RAISE EXCEPTION 'carrier % not found', of_carrier USING ERRCODE = 'PA404';
    END IF;
    SELECT c.id, c.operator_id, c.first_name, c.last_name, c.email, c.phone, c.birth_date INTO person FROM carrier AS c WHERE c.id = of_carrier;
    SELECT min(j.opened_on) INTO first_entry FROM journey AS j WHERE j.carrier_id = of_carrier;

    -- Stored idempotent answers about the person (their record, whatever it quoted then) or that
    -- quote them now: kept as a tombstone, so that a retry is answered "erased" and never acts again.
    UPDATE api_idempotency AS i SET status = 410, response = '', carrier_ids = '{}'
    WHERE of_carrier = ANY (i.carrier_ids)
       OR strpos(lower(i.response), lower(person.last_name)) > 0
       OR strpos(lower(i.response), lower(person.first_name)) > 0
       OR (person.email IS NOT NULL AND strpos(lower(i.response), lower(person.email)) > 0)
       OR (person.phone IS NOT NULL AND strpos(i.response, person.phone) > 0);

    -- The same person's other first contacts, never admitted: found by name or contact (an
    -- admitted one follows the carrier, intake_carrier_erased).
    UPDATE intake
    SET first_name = parcours_erased(), last_name = CASE WHEN last_name IS NOT NULL THEN parcours_erased() END,
        email = NULL, phone = NULL, note = CASE WHEN note IS NOT NULL THEN parcours_erased() END
    WHERE operator_id = person.operator_id AND carrier_id IS NULL AND first_name <> parcours_erased()
      AND ((last_name IS NOT NULL AND parcours_name_key(first_name, last_name) = parcours_name_key(person.first_name, person.last_name))
           OR (person.email IS NOT NULL AND lower(email) = lower(person.email))
           OR (person.phone IS NOT NULL AND regexp_replace(phone, '[^0-9+]', '', 'g') = regexp_replace(person.phone, '[^0-9+]', '', 'g')));
    UPDATE carrier
    SET first_name = parcours_erased(), last_name = parcours_erased(), email = NULL, phone = NULL, external_ref = NULL,
        birth_date = CASE WHEN birth_date IS NULL OR first_entry IS NULL THEN NULL
                          ELSE greatest((first_entry - make_interval(years => extract(year FROM age(first_entry, birth_date))::int))::date,
                                        DATE '1900-01-02') END
    WHERE id = of_carrier;
    UPDATE referral
    SET carrier_first_name = parcours_erased(), carrier_last_name = parcours_erased(), carrier_email = NULL, carrier_phone = NULL,
        reason = parcours_erased(), note = CASE WHEN note IS NOT NULL THEN parcours_erased() END
    WHERE journey_id IN (SELECT id FROM journey WHERE carrier_id = of_carrier);
    UPDATE journey_event SET reason = parcours_erased()
    WHERE journey_id IN (SELECT id FROM journey WHERE carrier_id = of_carrier) AND reason IS NOT NULL;
    UPDATE journey_event_correction
    SET correction_reason = parcours_erased(), reason = CASE WHEN reason IS NOT NULL THEN parcours_erased() END, activity_name = NULL
    WHERE journey_id IN (SELECT id FROM journey WHERE carrier_id = of_carrier) AND correction_reason <> parcours_erased();
    UPDATE jury_decision SET note = parcours_erased()
    WHERE journey_id IN (SELECT id FROM journey WHERE carrier_id = of_carrier) AND note IS NOT NULL;
    UPDATE follow_up SET note = parcours_erased()
    WHERE journey_id IN (SELECT id FROM journey WHERE carrier_id = of_carrier) AND note IS NOT NULL;
    UPDATE cape_contract SET end_reason = parcours_erased()
    WHERE journey_id IN (SELECT id FROM journey WHERE carrier_id = of_carrier) AND end_reason IS NOT NULL;
    UPDATE activity SET name = NULL WHERE journey_id IN (SELECT id FROM journey WHERE carrier_id = of_carrier);
    -- The reasons of earlier corrections and erasures go (a second erasure changes no name, so the
    -- trigger carrier_event_erased does not fire for it); this erasure's is kept in the person's
    -- history, where the next erasure of the record reaches it.
    UPDATE carrier_event SET reason = parcours_erased() WHERE carrier_id = of_carrier AND reason IS NOT NULL;
    INSERT INTO carrier_event (operator_id, carrier_id, kind, fields, reason, staff_id)
    VALUES (person.operator_id, of_carrier, 'erase',
            ARRAY['first_name', 'last_name', 'email', 'phone', 'ref', 'birth_date'], nullif(left(audit_reason, 2000), ''),
            parcours_current_staff());

    PERFORM parcours_audit(audit_action, ARRAY[of_carrier], audit_channel,
                           CASE audit_action WHEN 'retention' THEN 'carrier anonymised (retention)' ELSE 'carrier erased' END);
END
$$;


ALTER FUNCTION public.parcours_erase_carrier(of_carrier bigint, audit_action text, audit_channel text, audit_reason text) OWNER TO parcours_owner;

--
-- Name: parcours_erase_intake(bigint); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_erase_intake(of_intake bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
BEGIN
    IF NOT parcours_manages_intake(of_intake) THEN
        RAISE EXCEPTION 'intake % not found', of_intake USING ERRCODE = 'PA404';
    END IF;
    UPDATE public.intake
    SET first_name = parcours_erased(), last_name = CASE WHEN last_name IS NOT NULL THEN parcours_erased() END,
        email = NULL, phone = NULL, note = CASE WHEN note IS NOT NULL THEN parcours_erased() END
    WHERE id = of_intake;
END
$$;


ALTER FUNCTION public.parcours_erase_intake(of_intake bigint) OWNER TO parcours_owner;

--
-- Name: parcours_erased(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_erased() RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN '[effacé]'::text;


ALTER FUNCTION public.parcours_erased() OWNER TO parcours_owner;

--
-- Name: parcours_establish_identity(bigint, text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_establish_identity(staff bigint, mode text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
DECLARE
    claim text;
BEGIN
    -- format() writes an absent value as an empty field: the claim always has five.
    SELECT format('%s|%s|%s|%s|%s', s.id, s.role,
                  CASE WHEN s.role IN ('counsellor', 'coordinator') THEN s.operator_id END,
                  CASE WHEN s.role = 'funder' THEN s.funder_id END, mode) INTO claim
    FROM public.staff AS s WHERE s.id = staff AND s.active;
    IF claim IS NULL THEN
        RAISE EXCEPTION 'no active staff member %', staff USING ERRCODE = 'PA401';
    END IF;
    PERFORM set_config('parcours.identity', claim, true);
    PERFORM set_config('parcours.identity_seal',
                       (SELECT parcours_identity_digest(k.identity_key, claim) FROM public.parcours_secret AS k), true);
END
$$;


ALTER FUNCTION public.parcours_establish_identity(staff bigint, mode text) OWNER TO parcours_owner;

--
-- Name: parcours_exit_groups(jsonb, text[], date, date); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_exit_groups(pages jsonb, breakdown text[], from_date date, to_date date) RETURNS TABLE(page integer, g_operator text, g_territory text, g_gender text, g_age text, g_labour text, g_education text, outcome text, created boolean, legal_form text, followed boolean, situation text, exits integer, jobs_fte numeric)
    LANGUAGE plpgsql STABLE ROWS 20000
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    SET jit TO 'off'
    SET enable_nestloop TO 'off'
    SET enable_mergejoin TO 'on'
    SET enable_sort TO 'off'
    AS $$
#variable_conflict use_column
DECLARE
    by_person constant boolean := breakdown && ARRAY['age', 'labour', 'education'];
    page_count integer;
    narrowed integer;
    network_page integer;
    operators integer;
    operator_pages integer;
    whole boolean;
    network_alone boolean;
BEGIN
    SELECT count(*), count(*) FILTER (WHERE p.programme IS NOT NULL OR p.cohort IS NOT NULL OR p.funding IS NOT NULL),
           min(p.page) FILTER (WHERE p.operator IS NULL AND p.territory IS NULL), count(DISTINCT p.operator), count(p.operator)
    INTO page_count, narrowed, network_page, operators, operator_pages
    FROM jsonb_to_recordset(pages) AS p (page integer, operator bigint, territory bigint, programme bigint, cohort bigint, funding bigint);
    whole := coalesce(parcours_current_role() IN ('admin', 'network'), false) AND narrowed = 0
             -- pages that all come down to one operator read its journeys alone, by its index
             -- (parcours_scope_period): the network's exits found for one operator's page took its
             -- report 30 → 134 ms
             AND NOT (operators = 1 AND operator_pages = page_count);
    network_alone := whole AND page_count = 1 AND network_page IS NOT NULL;
    RETURN QUERY
    WITH page AS MATERIALIZED (
        SELECT * FROM jsonb_to_recordset(pages) AS p (page integer, operator bigint, territory bigint, depth integer)
    ), last_exit AS MATERIALIZED (
        SELECT * FROM parcours_last_exits(from_date, to_date) WHERE whole AND NOT network_alone
    ), exited AS (
        -- the network's page alone: the exits as they are found (joined to the page, they were kept
        -- to be read again for each of the hundred pages the planner expects)
        SELECT network_page AS page, x.carrier_id, x.journey_id, x.phase,
               CASE WHEN by_person THEN x.entered_on END AS entry_on, x.carrier_operator_id, x.commune_id, x.gender, x.birth_date
        FROM parcours_last_exits(from_date, to_date) AS x
        WHERE network_alone
        UNION ALL
        -- the operators' and territories' pages: each by its most selective filter, then every filter of the page
        SELECT pg.page, x.carrier_id, x.journey_id, x.phase, CASE WHEN by_person THEN x.entered_on END,
               x.carrier_operator_id, x.commune_id, x.gender, x.birth_date
        FROM page AS pg JOIN last_exit AS x ON x.operator_id = pg.operator
        WHERE pg.territory IS NULL
           OR EXISTS (SELECT FROM public.territory_ancestor AS a WHERE a.ancestor_id = pg.territory AND a.territory_id = x.commune_id)
        UNION ALL
        SELECT pg.page, x.carrier_id, x.journey_id, x.phase, CASE WHEN by_person THEN x.entered_on END,
               x.carrier_operator_id, x.commune_id, x.gender, x.birth_date
        FROM page AS pg JOIN public.territory_ancestor AS a ON a.ancestor_id = pg.territory JOIN last_exit AS x ON x.commune_id = a.territory_id
        WHERE pg.operator IS NULL
        UNION ALL
        SELECT pg.page, x.carrier_id, x.journey_id, x.phase, CASE WHEN by_person THEN x.entered_on END,
               x.carrier_operator_id, x.commune_id, x.gender, x.birth_date
        FROM page AS pg CROSS JOIN last_exit AS x
        WHERE pg.operator IS NULL AND pg.territory IS NULL
        UNION ALL
        -- any other page, or someone who counts only some journeys: each page's own
        SELECT e.* FROM (
            SELECT DISTINCT ON (j.page, j.carrier_id) j.page, j.carrier_id, j.journey_id, j.phase, j.entry_on,
                   j.carrier_operator_id, j.commune_id, j.gender, j.birth_date
            FROM parcours_scope_period(pages, from_date, to_date, 'closed', by_person) AS j
            WHERE NOT whole
            ORDER BY j.page, j.carrier_id, j.closed_on DESC, j.journey_id DESC
        ) AS e
    ), counted AS NOT MATERIALIZED (
        -- each exit with its activity and six-month situation (at most one each)
        SELECT x.*, a.journey_id IS NOT NULL AS created, a.legal_form, a.jobs_fte, f.journey_id IS NOT NULL AS followed, f.situation
        FROM exited AS x
        LEFT JOIN public.activity AS a ON a.journey_id = x.journey_id
        LEFT JOIN public.follow_up AS f ON f.journey_id = x.journey_id AND f.after_months = 6
    ), person_exit AS MATERIALIZED (
        -- by age, labour status or education: each person labelled from their entry and profile
        SELECT c.* FROM counted AS c WHERE by_person
    ), person AS (
        SELECT s.*
        FROM parcours_scope_carrier(pages, breakdown, false, ARRAY(
            SELECT ROW(c.page, c.carrier_id, c.entry_on, c.carrier_operator_id, c.commune_id, c.gender, c.birth_date)::parcours_counted_person
            FROM person_exit AS c)) AS s
    ), labelled AS (
        SELECT c.page, p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education,
               c.phase, c.created, c.legal_form, c.jobs_fte, c.followed, c.situation
        FROM person_exit AS c
        JOIN person AS p ON p.page = c.page AND p.carrier_id = c.carrier_id
        UNION ALL
        -- by operator, territory or gender: each exit labelled where it is found, as
        -- parcours_scope_carrier labels a person (the commune's place at the page's level)
        SELECT c.page, CASE WHEN 'operator' = ANY (breakdown) THEN o.name END,
               CASE WHEN 'territory' = ANY (breakdown) THEN coalesce(pl.label, 'unknown') END,
               CASE WHEN 'gender' = ANY (breakdown) THEN coalesce(c.gender, 'unknown') END, NULL, NULL, NULL,
               c.phase, c.created, c.legal_form, c.jobs_fte, c.followed, c.situation
        FROM counted AS c
        JOIN public.operator AS o ON o.id = c.carrier_operator_id
        LEFT JOIN page AS pg ON pg.page = c.page AND 'territory' = ANY (breakdown)
        LEFT JOIN public.territory_place AS pl ON pl.territory_id = c.commune_id AND pl.level = pg.depth
        WHERE NOT by_person
    )
    SELECT l.page, l.g_operator, l.g_territory, l.g_gender, l.g_age, l.g_labour, l.g_education,
           l.phase, l.created, l.legal_form, l.followed, l.situation, count(*)::integer, sum(l.jobs_fte)
    FROM labelled AS l
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12;
END
$$;


ALTER FUNCTION public.parcours_exit_groups(pages jsonb, breakdown text[], from_date date, to_date date) OWNER TO parcours_owner;

--
-- Name: parcours_is_prescriber(text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_is_prescriber(code text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (code = ANY (ARRAY['france_travail'::text, 'mission_locale'::text, 'caf'::text, 'siae'::text, 'cap_emploi'::text, 'elu'::text, 'reseau'::text, 'bouche_a_oreille'::text, 'other'::text]));


ALTER FUNCTION public.parcours_is_prescriber(code text) OWNER TO parcours_owner;

--
-- Name: carrier; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.carrier (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    external_ref text,
    first_name text NOT NULL,
    last_name text NOT NULL,
    gender text,
    birth_date date,
    commune_id bigint,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    email text,
    phone text,
    counsellor_id bigint,
    qpv_code text,
    prescriber text,
    entered_on date,
    CONSTRAINT carrier_birth_date_check CHECK ((birth_date > '1900-01-01'::date)),
    CONSTRAINT carrier_email_check CHECK ((email ~ '^[^@\s]+@[^@\s]+$'::text)),
    CONSTRAINT carrier_email_limit CHECK ((length(email) <= 254)),
    CONSTRAINT carrier_external_ref_limit CHECK ((length(external_ref) <= 100)),
    CONSTRAINT carrier_first_name_check CHECK ((btrim(first_name) <> ''::text)),
    CONSTRAINT carrier_first_name_limit CHECK ((length(first_name) <= 100)),
    CONSTRAINT carrier_gender_check CHECK ((gender = ANY (ARRAY['woman'::text, 'man'::text, 'non_binary'::text]))),
    CONSTRAINT carrier_last_name_check CHECK ((btrim(last_name) <> ''::text)),
    CONSTRAINT carrier_last_name_limit CHECK ((length(last_name) <= 100)),
    CONSTRAINT carrier_phone_limit CHECK ((length(phone) <= 40)),
    CONSTRAINT carrier_prescriber_check CHECK (public.parcours_is_prescriber(prescriber))
);

ALTER TABLE ONLY public.carrier FORCE ROW LEVEL SECURITY;


ALTER TABLE public.carrier OWNER TO parcours_owner;

--
-- Name: parcours_follows_carrier(bigint); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_follows_carrier(of_carrier bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    RETURN COALESCE((SELECT ((c.counsellor_id IS NULL) OR (c.counsellor_id = (NULLIF(split_part(me.claim, '|'::text, 1), ''::text))::bigint)) FROM (SELECT public.parcours_verified_identity() AS claim OFFSET 0) me, public.carrier c WHERE ((c.id = parcours_follows_carrier.of_carrier) AND (c.operator_id = (NULLIF(split_part(me.claim, '|'::text, 3), ''::text))::bigint))), false);


ALTER FUNCTION public.parcours_follows_carrier(of_carrier bigint) OWNER TO parcours_owner;

--
-- Name: parcours_phase_rank(text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_phase_rank(phase text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN array_position(ARRAY['idea'::text, 'workshops'::text, 'modules'::text, 'incubation'::text, 'pitch'::text, 'orientation'::text], phase);


ALTER FUNCTION public.parcours_phase_rank(phase text) OWNER TO parcours_owner;

--
-- Name: journey; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.journey (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    carrier_id bigint NOT NULL,
    programme_id bigint NOT NULL,
    cohort_id bigint,
    phase text NOT NULL,
    paused_from text,
    version integer DEFAULT 0 NOT NULL,
    opened_on date NOT NULL,
    last_change_on date NOT NULL,
    closed_on date,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_session_on date,
    seen_on date GENERATED ALWAYS AS (GREATEST(last_change_on, last_session_on)) STORED,
    CONSTRAINT journey_opened_on_limit CHECK ((opened_on >= '1900-01-01'::date)),
    CONSTRAINT journey_paused_from CHECK (((phase = 'paused'::text) = (paused_from IS NOT NULL))),
    CONSTRAINT journey_paused_from_check CHECK (((paused_from IS NULL) OR (public.parcours_phase_rank(paused_from) IS NOT NULL))),
    CONSTRAINT journey_phase_check CHECK ((phase = ANY (ARRAY['idea'::text, 'workshops'::text, 'modules'::text, 'incubation'::text, 'pitch'::text, 'orientation'::text, 'paused'::text, 'activity_created'::text, 'employed'::text, 'training'::text, 'handed_on'::text, 'withdrawn'::text]))),
    CONSTRAINT journey_version_check CHECK ((version >= 0))
)
WITH (fillfactor='85');

ALTER TABLE ONLY public.journey FORCE ROW LEVEL SECURITY;


ALTER TABLE public.journey OWNER TO parcours_owner;

--
-- Name: parcours_follows_journey(bigint); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_follows_journey(of_journey bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    RETURN COALESCE((SELECT ((c.counsellor_id IS NULL) OR (c.counsellor_id = (NULLIF(split_part(me.claim, '|'::text, 1), ''::text))::bigint)) FROM (SELECT public.parcours_verified_identity() AS claim OFFSET 0) me, (public.journey j JOIN public.carrier c ON ((c.id = j.carrier_id))) WHERE ((j.id = parcours_follows_journey.of_journey) AND (j.operator_id = (NULLIF(split_part(me.claim, '|'::text, 3), ''::text))::bigint))), false);


ALTER FUNCTION public.parcours_follows_journey(of_journey bigint) OWNER TO parcours_owner;

--
-- Name: parcours_france_staging(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_france_staging() RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
BEGIN
    IF NOT (pg_has_role(session_user, 'pg_database_owner', 'MEMBER') OR parcours_writes_all()) THEN
        RAISE EXCEPTION 'only the administrator loads France''s territories' USING ERRCODE = 'PA403';
    END IF;
    CREATE TEMPORARY TABLE IF NOT EXISTS france_reference (
        kind text NOT NULL, code text NOT NULL, name text NOT NULL, parent_code text, department_code text
    ) ON COMMIT DROP;
    TRUNCATE france_reference;
    GRANT SELECT, INSERT ON pg_temp.france_reference TO parcours_app;
END
$$;


ALTER FUNCTION public.parcours_france_staging() OWNER TO parcours_owner;

--
-- Name: parcours_territory_containers(bigint); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_territory_containers(of_territory bigint) RETURNS SETOF bigint
    LANGUAGE sql STABLE
    AS $$
    SELECT a.ancestor_id FROM public.territory_ancestor AS a WHERE a.territory_id = of_territory
$$;


ALTER FUNCTION public.parcours_territory_containers(of_territory bigint) OWNER TO parcours_owner;

--
-- Name: funding; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.funding (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    funder_id bigint NOT NULL,
    code text NOT NULL,
    title text NOT NULL,
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    budget numeric(14,2),
    share_percent numeric(5,2),
    names_required boolean DEFAULT false NOT NULL,
    pseudonym_salt text DEFAULT (gen_random_uuid())::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT funding_budget_check CHECK ((budget >= (0)::numeric)),
    CONSTRAINT funding_code_check CHECK ((code ~ '^[0-9A-Za-z][0-9A-Za-z_./-]*$'::text)),
    CONSTRAINT funding_code_limit CHECK ((length(code) <= 100)),
    CONSTRAINT funding_dates_ordered CHECK ((ends_on >= starts_on)),
    CONSTRAINT funding_share_percent_check CHECK (((share_percent > (0)::numeric) AND (share_percent <= (100)::numeric))),
    CONSTRAINT funding_starts_on_limit CHECK ((starts_on >= '1900-01-01'::date)),
    CONSTRAINT funding_title_check CHECK ((btrim(title) <> ''::text)),
    CONSTRAINT funding_title_limit CHECK ((length(title) <= 200))
);

ALTER TABLE ONLY public.funding FORCE ROW LEVEL SECURITY;


ALTER TABLE public.funding OWNER TO parcours_owner;

--
-- Name: funding_cohort; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.funding_cohort (
    operator_id bigint NOT NULL,
    funding_id bigint NOT NULL,
    cohort_id bigint NOT NULL
);

ALTER TABLE ONLY public.funding_cohort FORCE ROW LEVEL SECURITY;


ALTER TABLE public.funding_cohort OWNER TO parcours_owner;

--
-- Name: funding_programme; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.funding_programme (
    operator_id bigint NOT NULL,
    funding_id bigint NOT NULL,
    programme_id bigint NOT NULL
);

ALTER TABLE ONLY public.funding_programme FORCE ROW LEVEL SECURITY;


ALTER TABLE public.funding_programme OWNER TO parcours_owner;

--
-- Name: funding_territory; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.funding_territory (
    operator_id bigint NOT NULL,
    funding_id bigint NOT NULL,
    territory_id bigint NOT NULL
);

ALTER TABLE ONLY public.funding_territory FORCE ROW LEVEL SECURITY;


ALTER TABLE public.funding_territory OWNER TO parcours_owner;

--
-- Name: funding_journey; Type: VIEW; Schema: public; Owner: parcours_owner
--

CREATE VIEW public.funding_journey WITH (security_invoker='true') AS
 SELECT f.id AS funding_id,
    j.id AS journey_id
   FROM ((public.funding f
     JOIN public.journey j ON (((j.operator_id = f.operator_id) AND (j.opened_on <= f.ends_on) AND ((j.closed_on IS NULL) OR (j.closed_on >= f.starts_on)))))
     JOIN public.carrier c ON ((c.id = j.carrier_id)))
  WHERE ((((NOT (EXISTS ( SELECT
           FROM public.funding_programme fp
          WHERE (fp.funding_id = f.id)))) AND (NOT (EXISTS ( SELECT
           FROM public.funding_cohort fc
          WHERE (fc.funding_id = f.id))))) OR (EXISTS ( SELECT
           FROM public.funding_programme fp
          WHERE ((fp.funding_id = f.id) AND (fp.programme_id = j.programme_id)))) OR (EXISTS ( SELECT
           FROM public.funding_cohort fc
          WHERE ((fc.funding_id = f.id) AND (fc.cohort_id = j.cohort_id))))) AND ((NOT (EXISTS ( SELECT
           FROM public.funding_territory ft
          WHERE (ft.funding_id = f.id)))) OR (EXISTS ( SELECT
           FROM public.funding_territory ft
          WHERE ((ft.funding_id = f.id) AND (ft.territory_id IN ( SELECT public.parcours_territory_containers(c.commune_id) AS parcours_territory_containers)))))));


ALTER TABLE public.funding_journey OWNER TO parcours_owner;

--
-- Name: parcours_funder_covers_journey(bigint); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_funder_covers_journey(of_journey bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    RETURN (EXISTS (SELECT FROM (public.funding_journey fj JOIN public.funding f ON ((f.id = fj.funding_id))) WHERE ((fj.journey_id = parcours_funder_covers_journey.of_journey) AND (f.funder_id = public.parcours_current_funder()))));


ALTER FUNCTION public.parcours_funder_covers_journey(of_journey bigint) OWNER TO parcours_owner;

--
-- Name: parcours_funder_covers_carrier(bigint); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_funder_covers_carrier(of_carrier bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    RETURN (EXISTS (SELECT FROM public.journey j WHERE ((j.carrier_id = parcours_funder_covers_carrier.of_carrier) AND public.parcours_funder_covers_journey(j.id))));


ALTER FUNCTION public.parcours_funder_covers_carrier(of_carrier bigint) OWNER TO parcours_owner;

--
-- Name: parcours_funder_covers_operator(bigint); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_funder_covers_operator(of_operator bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    RETURN (EXISTS (SELECT FROM public.funding f WHERE ((f.operator_id = parcours_funder_covers_operator.of_operator) AND (f.funder_id = public.parcours_current_funder()))));


ALTER FUNCTION public.parcours_funder_covers_operator(of_operator bigint) OWNER TO parcours_owner;

--
-- Name: parcours_guard_refusal(bigint, text, text, text, date); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_guard_refusal(journey bigint, kind text, from_state text, to_state text, effective_on date) RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
DECLARE
    evidence record;
    moves boolean := kind IN ('advance', 'rework');
BEGIN
    IF NOT ((moves AND (to_state IN ('incubation', 'orientation') OR from_state = 'pitch'))
            OR (kind = 'exit' AND to_state IN ('handed_on', 'activity_created'))) THEN
        RETURN NULL;
    END IF;
    SELECT * INTO evidence FROM parcours_journey_evidence(journey, effective_on);
    IF moves AND to_state = 'incubation' AND NOT evidence.cape_covers_date THEN
        RETURN 'needs a current CAPE contract to enter ''incubation'' (cape add)';
    END IF;
    IF moves AND from_state = 'pitch' AND NOT evidence.jury_decided_since_pitch THEN
        RETURN 'is in phase ''pitch''; leaving it needs a jury decision (jury decide)';
    END IF;
    IF ((moves AND to_state = 'orientation') OR (kind = 'exit' AND to_state = 'handed_on')) AND NOT evidence.has_referral THEN
        RETURN format('needs at least one referral to a partner to %s ''%s'' (referral add)',
                      CASE kind WHEN 'exit' THEN 'exit' ELSE 'enter' END, to_state);
    END IF;
    IF kind = 'exit' AND to_state = 'activity_created' AND NOT evidence.has_activity THEN
        RETURN 'needs the activity created (legal form, date) to exit ''activity_created''';
    END IF;
    RETURN NULL;
END
$$;


ALTER FUNCTION public.parcours_guard_refusal(journey bigint, kind text, from_state text, to_state text, effective_on date) OWNER TO parcours_owner;

--
-- Name: parcours_identity_digest(text, text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_identity_digest(identity_key text, claim text) RETURNS text
    LANGUAGE sql STABLE
    RETURN encode(sha256(convert_to(((((((((identity_key || '|'::text) || claim) || '|'::text) || (pg_backend_pid())::text) || '|'::text) || (EXTRACT(epoch FROM transaction_timestamp()))::text) || '|'::text) || identity_key), 'UTF8'::name)), 'hex'::text);


ALTER FUNCTION public.parcours_identity_digest(identity_key text, claim text) OWNER TO parcours_owner;

--
-- Name: qpv; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.qpv (
    code text NOT NULL,
    name text NOT NULL,
    commune_id bigint,
    valid_from date NOT NULL,
    valid_to date,
    CONSTRAINT qpv_code_check CHECK ((code ~ '^Q[NP][0-9A-Z]{5,8}$'::text)),
    CONSTRAINT qpv_name_check CHECK (((btrim(name) <> ''::text) AND (length(name) <= 200))),
    CONSTRAINT qpv_period CHECK (((valid_to IS NULL) OR (valid_to >= valid_from)))
);

ALTER TABLE ONLY public.qpv FORCE ROW LEVEL SECURITY;


ALTER TABLE public.qpv OWNER TO parcours_owner;

--
-- Name: parcours_in_qpv(text, date); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_in_qpv(code text, on_date date) RETURNS boolean
    LANGUAGE sql STABLE
    RETURN ((code IS NOT NULL) AND (EXISTS (SELECT FROM public.qpv q WHERE ((q.code = parcours_in_qpv.code) AND (q.valid_from <= parcours_in_qpv.on_date) AND ((q.valid_to IS NULL) OR (q.valid_to >= parcours_in_qpv.on_date))))));


ALTER FUNCTION public.parcours_in_qpv(code text, on_date date) OWNER TO parcours_owner;

--
-- Name: parcours_intake_rows(jsonb, text[], date, date); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_intake_rows(pages jsonb, breakdown text[], from_date date, to_date date) RETURNS SETOF text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    SET jit TO 'off'
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
BEGIN
    IF parcours_current_role() IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY SELECT parcours_row_cells(row_to_json(q)) FROM (
        WITH contact AS (
            -- Each person once a page: the first contacts of one name (first and last, folded) at
            -- one operator are one person's, counted by the one that went furthest (admitted, then
            -- the latest); a contact without a last name, or erased, is its own.
            SELECT DISTINCT ON (s.page, i.operator_id, person.key) s.*, i.*
            FROM parcours_scope_intake(pages, breakdown) AS s
            JOIN intake AS i ON i.id = s.intake_id
            CROSS JOIN LATERAL (
                SELECT CASE WHEN i.last_name IS NULL OR i.first_name = parcours_erased() THEN 'contact ' || i.id
                            ELSE parcours_name_key(i.first_name, i.last_name) END AS key
            ) AS person
            WHERE i.contacted_on BETWEEN from_date AND to_date
            ORDER BY s.page, i.operator_id, person.key, i.status = 'admitted' DESC, i.contacted_on DESC, i.id DESC
        )
        SELECT pg.page, 'intake' AS section, c.g_operator, c.g_territory, c.g_prescriber, NULL::text AS g4, NULL::text AS g5, NULL::text AS g6,
               GROUPING(c.g_operator, c.g_territory, c.g_prescriber) <> 0 AS is_total,
               -- every value as text: the sections share the columns
               count(c.intake_id)::text AS v1, count(c.info_session_on)::text AS v2, count(c.diagnostic_on)::text AS v3,
               (count(*) FILTER (WHERE c.status = 'admitted'))::text AS v4,
               (count(*) FILTER (WHERE c.status = 'declined'))::text AS v5,
               (count(*) FILTER (WHERE c.status = 'pending'))::text AS v6,
               (count(*) FILTER (WHERE j.phase = 'activity_created'))::text AS v7,
               round(100.0 * count(*) FILTER (WHERE c.status = 'admitted') / nullif(count(c.intake_id), 0), 1)::text AS v8,
               round((percentile_cont(0.5) WITHIN GROUP (ORDER BY c.decided_on - c.contacted_on)
                      FILTER (WHERE c.status = 'admitted'))::numeric, 1)::text AS v9
        -- every page has its total, even a page without any first contact
        FROM jsonb_to_recordset(pages) AS pg (page integer)
        LEFT JOIN (contact AS c LEFT JOIN journey AS j ON j.id = c.journey_id) ON c.page = pg.page
        GROUP BY GROUPING SETS ((pg.page, c.g_operator, c.g_territory, c.g_prescriber), (pg.page))
        HAVING count(c.intake_id) > 0 OR GROUPING(c.g_operator, c.g_territory, c.g_prescriber) <> 0
        UNION ALL
        SELECT c.page, 'declines', c.g_operator, c.g_territory, c.g_prescriber, NULL, NULL, NULL,
               GROUPING(c.g_operator, c.g_territory, c.g_prescriber) <> 0,
               c.decline_reason, count(*)::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL
        FROM contact AS c WHERE c.status = 'declined'
        GROUP BY GROUPING SETS ((c.page, c.g_operator, c.g_territory, c.g_prescriber, c.decline_reason), (c.page, c.decline_reason))
        UNION ALL
        SELECT c.page, 'redirections', c.g_operator, c.g_territory, c.g_prescriber, NULL, NULL, NULL,
               GROUPING(c.g_operator, c.g_territory, c.g_prescriber) <> 0,
               pa.name, count(*)::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL
        FROM contact AS c JOIN partner AS pa ON pa.id = c.redirected_to
        GROUP BY GROUPING SETS ((c.page, c.g_operator, c.g_territory, c.g_prescriber, pa.name), (c.page, pa.name))
        UNION ALL
        -- the prescriber mix is itself the breakdown by prescriber: within operator and territory only
        SELECT c.page, 'prescribers', c.g_operator, c.g_territory, NULL, NULL, NULL, NULL,
               GROUPING(c.g_operator, c.g_territory) <> 0,
               c.prescriber, count(*)::text, (count(*) FILTER (WHERE c.status = 'admitted'))::text,
               round(100.0 * count(*) / nullif(sum(count(*)) OVER (PARTITION BY c.page, GROUPING(c.g_operator, c.g_territory),
                                                                                c.g_operator, c.g_territory), 0), 1)::text,
               NULL, NULL, NULL, NULL, NULL
        FROM contact AS c
        GROUP BY GROUPING SETS ((c.page, c.g_operator, c.g_territory, c.prescriber), (c.page, c.prescriber))
        ORDER BY 1, 2, 9, 3, 4, 5, 10
    ) AS q;
END
$$;


ALTER FUNCTION public.parcours_intake_rows(pages jsonb, breakdown text[], from_date date, to_date date) OWNER TO parcours_owner;

--
-- Name: parcours_journey_evidence(bigint, date); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_journey_evidence(journey bigint, on_date date) RETURNS TABLE(cape_covers_date boolean, jury_decided_since_pitch boolean, has_referral boolean, has_activity boolean)
    LANGUAGE sql STABLE ROWS 1
    AS $$
    SELECT
        EXISTS (SELECT FROM public.cape_contract AS c JOIN public.cape_period AS p ON p.contract_id = c.id
                WHERE c.journey_id = journey AND on_date BETWEEN p.starts_on AND p.ends_on
                  AND (c.ended_on IS NULL OR c.ended_on >= on_date)),
        EXISTS (SELECT FROM public.jury_decision AS d
                WHERE d.journey_id = journey
                  AND d.decided_on >= (SELECT max(e.effective_on) FROM public.journey_event AS e
                                       WHERE e.journey_id = journey AND e.to_state = 'pitch')),
        EXISTS (SELECT FROM public.referral AS r WHERE r.journey_id = journey),
        EXISTS (SELECT FROM public.activity AS a WHERE a.journey_id = journey)
$$;


ALTER FUNCTION public.parcours_journey_evidence(journey bigint, on_date date) OWNER TO parcours_owner;

--
-- Name: parcours_journey_stays(bigint[]); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_journey_stays(journeys bigint[]) RETURNS TABLE(journey_id bigint, stage text, began date, ended date)
    LANGUAGE sql STABLE ROWS 10000
    SET jit TO 'off'
    SET enable_nestloop TO 'on'
    AS $$
    SELECT ev.journey_id, ev.to_state, ev.effective_on, lead(ev.effective_on) OVER (PARTITION BY ev.journey_id ORDER BY ev.seq)
    FROM unnest(journeys) AS j (id)
    JOIN public.journey_event AS ev ON ev.journey_id = j.id
$$;


ALTER FUNCTION public.parcours_journey_stays(journeys bigint[]) OWNER TO parcours_owner;

--
-- Name: parcours_known_contact(bigint, text, text, text, text, bigint); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_known_contact(of_operator bigint, first_name text, last_name text, email text, phone text, excluding bigint) RETURNS TABLE(kind text, id bigint, contacted_on date, name text)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    WITH given AS (
        SELECT CASE WHEN last_name IS NOT NULL THEN parcours_name_key(first_name, last_name) END AS name_key,
               lower(email) AS email, nullif(regexp_replace(phone, '[^0-9+]', '', 'g'), '') AS phone
    )
    (SELECT 'intake', i.id, i.contacted_on, concat_ws(' ', i.first_name, i.last_name)
     FROM public.intake AS i, given AS g
     WHERE i.operator_id = of_operator AND i.first_name <> parcours_erased()
       AND (excluding IS NULL OR i.id <> excluding)
       AND ((i.last_name IS NOT NULL AND parcours_name_key(i.first_name, i.last_name) = g.name_key)
            OR lower(i.email) = g.email OR regexp_replace(i.phone, '[^0-9+]', '', 'g') = g.phone)
     ORDER BY i.contacted_on DESC, i.id DESC LIMIT 1)
    UNION ALL
    (SELECT 'carrier', c.id, NULL, concat_ws(' ', c.first_name, c.last_name)
     FROM public.carrier AS c, given AS g
     WHERE c.operator_id = of_operator AND c.first_name <> parcours_erased()
       AND (parcours_name_key(c.first_name, c.last_name) = g.name_key
            OR lower(c.email) = g.email OR regexp_replace(c.phone, '[^0-9+]', '', 'g') = g.phone)
     ORDER BY c.id LIMIT 1)
$$;


ALTER FUNCTION public.parcours_known_contact(of_operator bigint, first_name text, last_name text, email text, phone text, excluding bigint) OWNER TO parcours_owner;

--
-- Name: parcours_last_exits(date, date); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_last_exits(from_date date, to_date date) RETURNS TABLE(carrier_id bigint, journey_id bigint, phase text, opened_on date, closed_on date, operator_id bigint, commune_id bigint, entered_on date, carrier_operator_id bigint, gender text, birth_date date)
    LANGUAGE sql STABLE
    AS $$
    SELECT x.carrier_id, x.journey_id, x.phase, x.opened_on, x.closed_on, x.operator_id,
           c.commune_id, c.entered_on, c.operator_id, c.gender, c.birth_date
    FROM (SELECT DISTINCT ON (j.carrier_id) j.carrier_id, j.id AS journey_id, j.phase, j.opened_on, j.closed_on, j.operator_id
          FROM public.journey AS j
          WHERE j.closed_on BETWEEN from_date AND to_date
          ORDER BY j.carrier_id, j.closed_on DESC, j.id DESC) AS x
    JOIN public.carrier AS c ON c.id = x.carrier_id
$$;


ALTER FUNCTION public.parcours_last_exits(from_date date, to_date date) OWNER TO parcours_owner;

--
-- Name: parcours_link_questionnaire(bytea, bigint, text, bigint, timestamp with time zone, text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_link_questionnaire(presented_sha256 bytea, of_carrier bigint, of_kind text, of_journey bigint, expires timestamp with time zone, audit_channel text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    person record;
    made bigint;
BEGIN
    IF parcours_current_staff() IS NULL THEN
        RAISE EXCEPTION 'no identity established' USING ERRCODE = 'PA401';
    END IF;
    SELECT c.id, c.operator_id, c.first_name INTO person FROM carrier AS c
    WHERE c.id = of_carrier
      AND (c.operator_id = parcours_current_operator() OR parcours_writes_all())
      AND (parcours_current_role() IS DISTINCT FROM 'counsellor' OR parcours_follows_carrier(c.id));
    IF NOT FOUND THEN
        RAISE EXCEPTION 'carrier % not found', of_carrier USING ERRCODE = 'PA404';
    END IF;
    IF person.first_name = parcours_erased() THEN
        RAISE EXCEPTION 'carrier % was erased', of_carrier USING ERRCODE = 'PA001', DETAIL = 'carrier_erased';
    END IF;
    IF of_kind <> 'entry' AND NOT EXISTS (SELECT FROM journey AS j WHERE j.id = of_journey AND j.carrier_id = of_carrier AND j.closed_on IS NOT NULL) THEN
        RAISE EXCEPTION 'journey % of carrier % has not ended', of_journey, of_carrier USING ERRCODE = 'PA001', DETAIL = 'journey_not_exited';
    END IF;
    INSERT INTO questionnaire_link (operator_id, carrier_id, kind, journey_id, staff_id, token_sha256, expires_at)
    VALUES (person.operator_id, of_carrier, of_kind, CASE WHEN of_kind <> 'entry' THEN of_journey END, parcours_current_staff(),
            presented_sha256, expires)
    RETURNING id INTO made;
    INSERT INTO audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
    VALUES (parcours_current_staff(), audit_channel, 'share', of_carrier, person.operator_id,
            format('%s questionnaire link %s until %s', replace(of_kind, '_', '-'), made,
                   to_char(expires AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD')));
    RETURN made;
END
$$;


ALTER FUNCTION public.parcours_link_questionnaire(presented_sha256 bytea, of_carrier bigint, of_kind text, of_journey bigint, expires timestamp with time zone, audit_channel text) OWNER TO parcours_owner;

--
-- Name: parcours_link_referral(bytea, bigint, timestamp with time zone, text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_link_referral(presented_sha256 bytea, of_referral bigint, expires timestamp with time zone, audit_channel text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    target record;
    made bigint;
BEGIN
    IF parcours_current_staff() IS NULL THEN
        RAISE EXCEPTION 'no identity established' USING ERRCODE = 'PA401';
    END IF;
    SELECT r.id, r.operator_id, r.status, r.carrier_id, r.expired INTO target
    FROM (SELECT r.id, r.operator_id, r.status, j.carrier_id,
                 parcours_referral_expired(r.status, r.proposed_on, o.referral_expiry_days) AS expired
          FROM referral AS r JOIN journey AS j ON j.id = r.journey_id JOIN operator AS o ON o.id = r.operator_id
          WHERE r.id = of_referral) AS r
    WHERE r.operator_id = parcours_current_operator() OR parcours_writes_all();
    IF NOT FOUND THEN
        RAISE EXCEPTION 'referral % not found', of_referral USING ERRCODE = 'PA404';
    END IF;
    IF target.status NOT IN ('proposed', 'studying', 'accepted') THEN
        RAISE EXCEPTION 'referral % is already answered', of_referral USING ERRCODE = 'PA001', DETAIL = 'referral_answered';
    END IF;
    IF target.expired THEN
        RAISE EXCEPTION 'referral % has expired unanswered', of_referral USING ERRCODE = 'PA001', DETAIL = 'referral_expired';
    END IF;
    INSERT INTO referral_link (operator_id, referral_id, staff_id, token_sha256, expires_at)
    VALUES (target.operator_id, of_referral, parcours_current_staff(), presented_sha256, expires)
    RETURNING id INTO made;
    INSERT INTO audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
    VALUES (parcours_current_staff(), audit_channel, 'share', target.carrier_id, target.operator_id,
            format('referral %s: partner link %s until %s', of_referral, made, to_char(expires AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD')));
    RETURN made;
END
$$;


ALTER FUNCTION public.parcours_link_referral(presented_sha256 bytea, of_referral bigint, expires timestamp with time zone, audit_channel text) OWNER TO parcours_owner;

--
-- Name: parcours_load_france(text, text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_load_france(reference_file text, reference_checksum text) RETURNS TABLE(created integer, updated integer)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    created_count integer;
    updated_count integer;
BEGIN
    WITH upserted AS (
        INSERT INTO territory (code, name, kind, official)
        SELECT r.code, r.name, r.kind, true FROM france_reference AS r WHERE r.kind <> 'former'
        ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, official = true
            WHERE (territory.name, territory.kind, territory.official) IS DISTINCT FROM (excluded.name, excluded.kind, true)
        RETURNING (xmax = 0) AS inserted
    )
    SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) INTO created_count, updated_count FROM upserted;

    -- An official commune an operator's grouping owned stays in it, as a member.
    INSERT INTO territory_member (grouping_id, member_id)
    SELECT t.parent_id, t.id
    FROM france_reference AS r
    JOIN territory AS t ON t.code = r.code
    JOIN territory AS p ON p.id = t.parent_id
    WHERE r.kind = 'commune' AND NOT p.official AND p.kind IN ('pays', 'park', 'epci')
    ON CONFLICT DO NOTHING;

    -- Parents by code: every node exists by now (parents first is not needed). A commune's own
    -- département in the same statement: the ancestors follow both at once.
    UPDATE territory AS t SET parent_id = p.id, department_id = d.id
    FROM france_reference AS r
    JOIN territory AS p ON p.code = r.parent_code
    LEFT JOIN territory AS d ON d.code = r.department_code AND d.kind = 'department'
    WHERE t.code = r.code AND r.kind <> 'former' AND (t.parent_id, t.department_id) IS DISTINCT FROM (p.id, d.id);

    INSERT INTO territory_former_code (code, commune_id)
    SELECT r.code, t.id FROM france_reference AS r JOIN territory AS t ON t.code = r.parent_code
    WHERE r.kind = 'former'
    ON CONFLICT (code) DO UPDATE SET commune_id = excluded.commune_id;

    INSERT INTO territory_reference (file, checksum, created, updated)
    VALUES (reference_file, reference_checksum, created_count, updated_count)
    ON CONFLICT (checksum) DO UPDATE SET loaded_at = now(), created = excluded.created, updated = excluded.updated;
    RETURN QUERY SELECT created_count, updated_count;
END
$$;


ALTER FUNCTION public.parcours_load_france(reference_file text, reference_checksum text) OWNER TO parcours_owner;

--
-- Name: parcours_mail_outcome(bigint, bigint, text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_mail_outcome(of_mail bigint, of_operator bigint, failure text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    sent record;
BEGIN
    IF parcours_current_role() IS DISTINCT FROM 'admin' THEN
        RAISE EXCEPTION 'only the administrator sends the mail' USING ERRCODE = 'PA403';
    END IF;
    UPDATE mail_outbox
    SET sent_at = CASE WHEN failure IS NULL THEN now() END,
        last_error = left(failure, 500)
    WHERE id = of_mail AND operator_id = of_operator AND sent_at IS NULL
    RETURNING referral_link_id, questionnaire_link_id, recipient, purpose INTO sent;
    IF FOUND AND failure IS NULL THEN
        INSERT INTO audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
        SELECT parcours_current_staff(), 'cli', 'share', j.carrier_id, l.operator_id,
               format('referral %s: partner link %s e-mailed to %s (%s)', l.referral_id, l.id, sent.recipient,
                      CASE sent.purpose WHEN 'referral_reminder' THEN 'reminder' ELSE 'link' END)
        FROM referral_link AS l JOIN referral AS r ON r.id = l.referral_id JOIN journey AS j ON j.id = r.journey_id
        WHERE l.id = sent.referral_link_id AND l.operator_id = of_operator;
        INSERT INTO audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
        SELECT parcours_current_staff(), 'cli', 'share', l.carrier_id, l.operator_id,
               format('%s questionnaire link %s e-mailed to %s (%s)', replace(l.kind, '_', '-'), l.id, sent.recipient,
                      CASE sent.purpose WHEN 'questionnaire_reminder' THEN 'reminder' ELSE 'link' END)
        FROM questionnaire_link AS l
        WHERE l.id = sent.questionnaire_link_id AND l.operator_id = of_operator;
    END IF;
END
$$;


ALTER FUNCTION public.parcours_mail_outcome(of_mail bigint, of_operator bigint, failure text) OWNER TO parcours_owner;

--
-- Name: parcours_mail_questionnaire_link(bigint, text, text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_mail_questionnaire_link(of_link bigint, recipient text, base_url text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    link record;
    queued bigint;
BEGIN
    IF parcours_current_staff() IS NULL THEN
        RAISE EXCEPTION 'no identity established' USING ERRCODE = 'PA401';
    END IF;
    SELECT l.id, l.operator_id INTO link
    FROM questionnaire_link AS l
    WHERE l.id = of_link AND l.revoked_at IS NULL AND l.signed_at IS NULL AND l.expires_at > now()
      AND (l.operator_id = parcours_current_operator() OR parcours_writes_all());
    IF NOT FOUND THEN
        RAISE EXCEPTION 'questionnaire_link % not found', of_link USING ERRCODE = 'PA404';
    END IF;
    INSERT INTO mail_outbox (operator_id, questionnaire_link_id, purpose, recipient, base_url)
    VALUES (link.operator_id, of_link, 'questionnaire_link', recipient, base_url)
    RETURNING id INTO queued;
    -- Nobody holds this digest's secret: the link works once the mailer has drawn its own.
    UPDATE questionnaire_link SET token_sha256 = sha256(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()))
    WHERE id = of_link;
    RETURN queued;
END
$$;


ALTER FUNCTION public.parcours_mail_questionnaire_link(of_link bigint, recipient text, base_url text) OWNER TO parcours_owner;

--
-- Name: parcours_mail_referral_link(bigint, text, text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_mail_referral_link(of_link bigint, recipient text, base_url text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    link record;
    queued bigint;
BEGIN
    IF parcours_current_staff() IS NULL THEN
        RAISE EXCEPTION 'no identity established' USING ERRCODE = 'PA401';
    END IF;
    SELECT l.id, l.operator_id INTO link
    FROM referral_link AS l
    WHERE l.id = of_link AND l.revoked_at IS NULL AND l.expires_at > now()
      AND (l.operator_id = parcours_current_operator() OR parcours_writes_all());
    IF NOT FOUND THEN
        RAISE EXCEPTION 'referral_link % not found', of_link USING ERRCODE = 'PA404';
    END IF;
    INSERT INTO mail_outbox (operator_id, referral_link_id, purpose, recipient, base_url)
    VALUES (link.operator_id, of_link, 'referral_link', recipient, base_url)
    RETURNING id INTO queued;
    -- Nobody holds this digest's secret: the link works once the mailer has drawn its own.
    UPDATE referral_link SET token_sha256 = sha256(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()))
    WHERE id = of_link;
    RETURN queued;
END
$$;


ALTER FUNCTION public.parcours_mail_referral_link(of_link bigint, recipient text, base_url text) OWNER TO parcours_owner;

--
-- Name: parcours_writes_all(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_writes_all() RETURNS boolean
    LANGUAGE sql STABLE
    RETURN COALESCE((public.parcours_current_role() = 'admin'::text), false);


ALTER FUNCTION public.parcours_writes_all() OWNER TO parcours_owner;

--
-- Name: parcours_manages_carrier(bigint); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_manages_carrier(of_carrier bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    RETURN (EXISTS (SELECT FROM public.carrier c WHERE ((c.id = parcours_manages_carrier.of_carrier) AND (COALESCE(public.parcours_writes_all(), false) OR ((public.parcours_current_role() = 'coordinator'::text) AND (c.operator_id = public.parcours_current_operator()))))));


ALTER FUNCTION public.parcours_manages_carrier(of_carrier bigint) OWNER TO parcours_owner;

--
-- Name: intake; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.intake (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    first_name text NOT NULL,
    last_name text,
    email text,
    phone text,
    commune_id bigint,
    prescriber text NOT NULL,
    contacted_on date NOT NULL,
    info_session_on date,
    diagnostic_on date,
    status text DEFAULT 'pending'::text NOT NULL,
    decided_on date,
    decline_reason text,
    redirected_to bigint,
    carrier_id bigint,
    journey_id bigint,
    note text,
    staff_id bigint NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    merged_ids bigint[] DEFAULT '{}'::bigint[] NOT NULL,
    registration_page_id bigint,
    info_session_id bigint,
    consent_at timestamp with time zone,
    CONSTRAINT intake_dates CHECK ((((info_session_on IS NULL) OR (info_session_on >= contacted_on)) AND ((diagnostic_on IS NULL) OR (diagnostic_on >= contacted_on)) AND ((decided_on IS NULL) OR (decided_on >= contacted_on)))),
    CONSTRAINT intake_decision CHECK ((((status = 'pending'::text) AND (decided_on IS NULL) AND (decline_reason IS NULL) AND (journey_id IS NULL) AND (redirected_to IS NULL)) OR ((status = 'admitted'::text) AND (decided_on IS NOT NULL) AND (journey_id IS NOT NULL) AND (carrier_id IS NOT NULL) AND (decline_reason IS NULL)) OR ((status = 'declined'::text) AND (decided_on IS NOT NULL) AND (decline_reason IS NOT NULL) AND (journey_id IS NULL) AND ((redirected_to IS NULL) OR (decline_reason = 'redirected'::text))))),
    CONSTRAINT intake_decline_reason_check CHECK ((decline_reason = ANY (ARRAY['not_eligible'::text, 'redirected'::text, 'withdrew'::text, 'no_answer'::text, 'other'::text]))),
    CONSTRAINT intake_email_check CHECK ((length(email) <= 254)),
    CONSTRAINT intake_first_name_check CHECK (((btrim(first_name) <> ''::text) AND (length(first_name) <= 100))),
    CONSTRAINT intake_last_name_check CHECK ((length(last_name) <= 100)),
    CONSTRAINT intake_note_check CHECK ((length(note) <= 2000)),
    CONSTRAINT intake_phone_check CHECK ((length(phone) <= 40)),
    CONSTRAINT intake_prescriber_check CHECK (public.parcours_is_prescriber(prescriber)),
    CONSTRAINT intake_registration_consented CHECK (((registration_page_id IS NULL) OR (consent_at IS NOT NULL))),
    CONSTRAINT intake_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'admitted'::text, 'declined'::text])))
);

ALTER TABLE ONLY public.intake FORCE ROW LEVEL SECURITY;


ALTER TABLE public.intake OWNER TO parcours_owner;

--
-- Name: parcours_manages_intake(bigint); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_manages_intake(of_intake bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    RETURN (EXISTS (SELECT FROM public.intake i, (SELECT public.parcours_verified_identity() AS claim OFFSET 0) me WHERE ((i.id = parcours_manages_intake.of_intake) AND ((split_part(me.claim, '|'::text, 2) = 'admin'::text) OR ((split_part(me.claim, '|'::text, 2) = 'coordinator'::text) AND (i.operator_id = (NULLIF(split_part(me.claim, '|'::text, 3), ''::text))::bigint))))));


ALTER FUNCTION public.parcours_manages_intake(of_intake bigint) OWNER TO parcours_owner;

--
-- Name: parcours_may_withdraw(bigint, bigint); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_may_withdraw(made_by bigint, of_operator bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    RETURN COALESCE(((made_by = public.parcours_current_staff()) OR (public.parcours_current_role() = 'admin'::text) OR ((public.parcours_current_role() = 'coordinator'::text) AND (of_operator = public.parcours_current_operator()))), false);


ALTER FUNCTION public.parcours_may_withdraw(made_by bigint, of_operator bigint) OWNER TO parcours_owner;

--
-- Name: parcours_merge_carriers(bigint, bigint, text, text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_merge_carriers(keep bigint, duplicate bigint, merge_reason text, audit_channel text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    kept record;
    folded record;
    clash bigint;
BEGIN
    IF keep = duplicate THEN
        RAISE EXCEPTION 'carrier % cannot be merged into itself', keep USING ERRCODE = 'PA001', DETAIL = 'merge_same_carrier';
    END IF;
    IF NOT parcours_manages_carrier(keep) THEN
        RAISE EXCEPTION 'carrier % not found', keep USING ERRCODE = 'PA404', DETAIL = 'not_found';
    END IF;
    IF NOT parcours_manages_carrier(duplicate) THEN
        RAISE EXCEPTION 'carrier % not found', duplicate USING ERRCODE = 'PA404', DETAIL = 'not_found';
    END IF;
    SELECT * INTO kept FROM carrier WHERE id = keep FOR UPDATE;
    SELECT * INTO folded FROM carrier WHERE id = duplicate FOR UPDATE;
    IF kept.operator_id <> folded.operator_id THEN
        RAISE EXCEPTION 'carriers % and % belong to different operators', keep, duplicate
            USING ERRCODE = 'PA001', DETAIL = 'merge_other_operator';
    END IF;
    SELECT d.id INTO clash
    FROM journey AS d JOIN journey AS k ON k.programme_id = d.programme_id
    WHERE d.carrier_id = duplicate AND k.carrier_id = keep AND d.closed_on IS NULL AND k.closed_on IS NULL
    LIMIT 1;
    IF clash IS NOT NULL THEN
        RAISE EXCEPTION 'both carriers have a running journey in the same programme (journey %)', clash
            USING ERRCODE = 'PA001', DETAIL = 'merge_running_journeys';
    END IF;

    UPDATE journey SET carrier_id = keep WHERE carrier_id = duplicate;
    UPDATE carrier_profile SET carrier_id = keep WHERE carrier_id = duplicate;
    UPDATE carrier_event SET carrier_id = keep WHERE carrier_id = duplicate;
    -- The reference is unique per operator: it moves only when the kept record has none.
    UPDATE carrier SET external_ref = NULL WHERE id = duplicate AND kept.external_ref IS NULL;
    UPDATE carrier
    SET gender = coalesce(gender, folded.gender), birth_date = coalesce(birth_date, folded.birth_date),
        commune_id = coalesce(commune_id, folded.commune_id), email = coalesce(email, folded.email),
        phone = coalesce(phone, folded.phone), external_ref = coalesce(external_ref, folded.external_ref),
        counsellor_id = coalesce(counsellor_id, folded.counsellor_id)
    WHERE id = keep;
    INSERT INTO carrier_event (operator_id, carrier_id, kind, merged_carrier_id, reason, staff_id)
    VALUES (kept.operator_id, keep, 'merge', duplicate, merge_reason, 0);
    PERFORM parcours_audit('change', ARRAY[keep, duplicate], audit_channel, format('carrier %s merged into %s', duplicate, keep));
    DELETE FROM carrier WHERE id = duplicate;
END
$$;


ALTER FUNCTION public.parcours_merge_carriers(keep bigint, duplicate bigint, merge_reason text, audit_channel text) OWNER TO parcours_owner;

--
-- Name: parcours_merge_intakes(bigint, bigint); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_merge_intakes(keep bigint, duplicate bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    k public.intake;
    d public.intake;
BEGIN
    IF NOT parcours_manages_intake(keep) THEN
        RAISE EXCEPTION 'intake % not found', keep USING ERRCODE = 'PA404';
    END IF;
    IF NOT parcours_manages_intake(duplicate) THEN
        RAISE EXCEPTION 'intake % not found', duplicate USING ERRCODE = 'PA404';
    END IF;
    SELECT * INTO k FROM public.intake WHERE id = keep FOR UPDATE;
    SELECT * INTO d FROM public.intake WHERE id = duplicate FOR UPDATE;
    IF k.id = d.id THEN
        RAISE EXCEPTION 'intake %: a first contact is not merged with itself', keep USING ERRCODE = 'PA001', DETAIL = 'intake_merge_same';
    END IF;
    IF k.operator_id <> d.operator_id THEN
        RAISE EXCEPTION 'intakes % and % belong to different operators', keep, duplicate
            USING ERRCODE = 'PA001', DETAIL = 'intake_merge_other_operator';
    END IF;
    IF d.status <> 'pending' THEN
        RAISE EXCEPTION 'intake % was already decided: keep it, and merge the other into it', duplicate
            USING ERRCODE = 'PA001', DETAIL = 'intake_merge_decided';
    END IF;
    UPDATE public.intake
    SET last_name = coalesce(k.last_name, d.last_name), email = coalesce(k.email, d.email), phone = coalesce(k.phone, d.phone),
        commune_id = coalesce(k.commune_id, d.commune_id),
        contacted_on = least(k.contacted_on, d.contacted_on),
        info_session_on = least(k.info_session_on, d.info_session_on),
        diagnostic_on = least(k.diagnostic_on, d.diagnostic_on),
        note = left(nullif(concat_ws(' · ', k.note, d.note), ''), 2000),
        merged_ids = k.merged_ids || d.id || d.merged_ids
    WHERE id = k.id;
    DELETE FROM public.intake WHERE id = d.id;
END
$$;


ALTER FUNCTION public.parcours_merge_intakes(keep bigint, duplicate bigint) OWNER TO parcours_owner;

--
-- Name: parcours_name_key(text, text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_name_key(first_name text, last_name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN regexp_replace(translate(lower(((first_name || ' '::text) || last_name)), 'àáâãäåçèéêëìíîïñòóôõöùúûüýÿœæ'::text, 'aaaaaaceeeeiiiinooooouuuuyyoa'::text), '[^a-z0-9]'::text, ''::text, 'g'::text);


ALTER FUNCTION public.parcours_name_key(first_name text, last_name text) OWNER TO parcours_owner;

--
-- Name: parcours_open_staging(text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_open_staging(staging text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
BEGIN
    IF parcours_current_staff() IS NULL THEN
        RAISE EXCEPTION 'no identity established' USING ERRCODE = 'PA401';
    END IF;
    CASE staging
    WHEN 'carrier_import' THEN
        CREATE TEMPORARY TABLE carrier_import (
            line integer, ref text, first_name text, last_name text, gender text, birth_date date, commune_code text,
            email text, phone text, labour_status text, education_level text, consent_on date, disability boolean,
            third_country_national boolean, foreign_background boolean, homeless boolean, qpv text,
            -- false: a refused line, staged with its reference alone (a reference listed twice spans the file)
            valid boolean NOT NULL DEFAULT true,
            -- each line's carrier id taken as it is copied (the profile finds its carrier by it)
            carrier_id bigint DEFAULT nextval(pg_get_serial_sequence('public.carrier', 'id')),
            created boolean NOT NULL DEFAULT false
        ) ON COMMIT DROP;
        GRANT SELECT, INSERT, UPDATE, DELETE ON pg_temp.carrier_import TO parcours_app;
    WHEN 'history' THEN
        CREATE TEMPORARY TABLE history_journey (
            n integer PRIMARY KEY, line integer NOT NULL, ref text NOT NULL, programme_id bigint NOT NULL, cohort text,
            generation integer NOT NULL, opened_on date NOT NULL, carrier_id bigint, cohort_id bigint, journey_id bigint
        ) ON COMMIT DROP;
        CREATE TEMPORARY TABLE history_event (
            n integer NOT NULL, seq integer NOT NULL, line integer NOT NULL, kind text NOT NULL, to_state text NOT NULL,
            effective_on date NOT NULL, reason text, cape_start date, cape_end date, jury text, partner text,
            partner_answer text, legal_form text, jobs_fte numeric, activity_name text, partner_id bigint,
            PRIMARY KEY (n, seq)
        ) ON COMMIT DROP;
        -- A round's contracts find their lines again by journey: without this index (and without
        -- statistics: nothing analyses a temporary table) that join compared every pair, 12 s a round.
        CREATE INDEX history_journey_journey_idx ON pg_temp.history_journey (journey_id);
        GRANT SELECT, INSERT, UPDATE, DELETE ON pg_temp.history_journey, pg_temp.history_event TO parcours_app;
    WHEN 'attendance_import' THEN
        -- A refused line is staged with its person and session alone (valid false): a person listed
        -- twice for one session spans the file.
        CREATE TEMPORARY TABLE attendance_import (
            line integer PRIMARY KEY, programme_id bigint, cohort text, kind text, title text,
            starts_at timestamp, day date, duration integer, ref text, status text,
            minutes integer, session_key text NOT NULL, valid boolean NOT NULL DEFAULT true,
            cohort_id bigint, journey_id bigint, journey_cohort_id bigint, session_id bigint
        ) ON COMMIT DROP;
        GRANT SELECT, INSERT, UPDATE, DELETE ON pg_temp.attendance_import TO parcours_app;
    ELSE
        RAISE EXCEPTION 'no staging called %', staging USING ERRCODE = 'PA001';
    END CASE;
END
$$;


ALTER FUNCTION public.parcours_open_staging(staging text) OWNER TO parcours_owner;

--
-- Name: parcours_participant_pseudonym(text, bigint); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_participant_pseudonym(salt text, of_carrier bigint) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN upper("left"(encode(sha256(convert_to(((salt || ':'::text) || of_carrier), 'UTF8'::name)), 'hex'::text), 10));


ALTER FUNCTION public.parcours_participant_pseudonym(salt text, of_carrier bigint) OWNER TO parcours_owner;

--
-- Name: parcours_reads_all(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_reads_all() RETURNS boolean
    LANGUAGE sql STABLE
    RETURN COALESCE((public.parcours_current_role() = ANY (ARRAY['network'::text, 'admin'::text])), false);


ALTER FUNCTION public.parcours_reads_all() OWNER TO parcours_owner;

--
-- Name: parcours_participant_pseudonym(bigint, bigint); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_participant_pseudonym(of_funding bigint, of_carrier bigint) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    RETURN (SELECT public.parcours_participant_pseudonym(f.pseudonym_salt, parcours_participant_pseudonym.of_carrier) AS parcours_participant_pseudonym FROM public.funding f WHERE ((f.id = parcours_participant_pseudonym.of_funding) AND (public.parcours_reads_all() OR (f.operator_id = public.parcours_current_operator()) OR (f.funder_id = public.parcours_current_funder()))));


ALTER FUNCTION public.parcours_participant_pseudonym(of_funding bigint, of_carrier bigint) OWNER TO parcours_owner;

--
-- Name: parcours_participant_rows(bigint, date, date); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_participant_rows(of_funding bigint, from_date date, to_date date) RETURNS SETOF text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    SET jit TO 'off'
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
DECLARE
    named boolean;
BEGIN
    SELECT parcours_current_role() IN ('counsellor', 'coordinator', 'network', 'admin') OR f.names_required INTO named
    FROM funding AS f
    WHERE f.id = of_funding
      AND (parcours_reads_all() OR f.operator_id = parcours_current_operator() OR f.funder_id = parcours_current_funder());
    IF NOT FOUND THEN
        RAISE EXCEPTION 'funding agreement % not found', of_funding USING ERRCODE = 'PA404';
    END IF;
    -- Each line's cells as text, as parcours_row_cells gives a report's rows, but built from its
    -- columns: row_cells took 45 µs a participant, two thirds of a file of 4,000.
    RETURN QUERY SELECT json_build_array(
        c0::text, c1::text, c2::text, c3::text, c4::text, c5::text, c6::text, c7::text,
        c8::text, c9::text, c10::text, c11::text, c12::text, c13::text, c14::text, c15::text,
        c16::text, c17::text, c18::text, c19::text, c20::text, c21::text, c22::text, c23::text,
        c24::text, c25::text, c26::text, c27::text, c28::text, c29::text, c30::text, c31::text,
        c32::text, c33::text, c34::text, c35::text, c36::text
    )::text FROM (
        WITH scoped AS MATERIALIZED (
            -- the agreement's journeys, read once
            SELECT * FROM parcours_scope_journey(jsonb_build_array(jsonb_build_object('page', 1, 'funding', of_funding)))
        ), person AS (
            -- each participant's entry in the agreement: their first journey in it (their profile,
            -- the one nearest that entry, is looked up once below)
            SELECT j.carrier_id, min(j.opened_on) AS entry_on
            FROM scoped AS j
            GROUP BY j.carrier_id
        ), covered AS (
            SELECT j.journey_id, j.carrier_id, j.closed_on, j.phase
            FROM scoped AS j
            WHERE j.opened_on <= to_date AND (j.closed_on IS NULL OR j.closed_on >= from_date)
        ), presence AS (
            -- from the agreement's journeys to their attendance (LATERAL): the planner, which cannot
            -- estimate the sessions of a period by their day in Paris, started from every session
            -- and hashed the whole network's attendance (723,851 rows, 0.46 s of 1.2 s nationally)
            SELECT c.carrier_id, count(DISTINCT d.day)::int AS days, sum(d.minutes)::int AS minutes
            FROM covered AS c
            CROSS JOIN LATERAL (
                SELECT (se.starts_at AT TIME ZONE 'Europe/Paris')::date AS day, a.minutes
                FROM attendance AS a JOIN session AS se ON se.id = a.session_id
                WHERE a.journey_id = c.journey_id AND a.status = 'present'
                OFFSET 0  -- kept apart, not flattened back into the join the planner chose
            ) AS d
            WHERE d.day BETWEEN from_date AND to_date
            GROUP BY c.carrier_id
        ), last_journey AS (
            -- the person's exit is that of their last journey; one still open means no exit yet
            SELECT DISTINCT ON (c.carrier_id) c.carrier_id, c.journey_id,
                   CASE WHEN c.closed_on <= to_date THEN c.closed_on END AS exit_on,
                   CASE WHEN c.closed_on <= to_date THEN c.phase END AS outcome
            FROM covered AS c
            ORDER BY c.carrier_id, c.closed_on DESC NULLS FIRST, c.journey_id DESC
        )
        SELECT parcours_participant_pseudonym(f.pseudonym_salt, c.id),
               -- names and contact only to those who may read people, or where the agreement requires them
               CASE WHEN named THEN c.first_name END, CASE WHEN named THEN c.last_name END,
               CASE WHEN named THEN to_char(c.birth_date, 'YYYY-MM-DD') END, CASE WHEN named THEN c.email END,
               CASE WHEN named THEN c.phone END, o.name,
               to_char(p.entry_on, 'YYYY-MM-DD'), c.gender, extract(year FROM age(p.entry_on, c.birth_date))::int,
               nullif(ep.labour_status, 'unknown'), nullif(ep.education_level, 'unknown'), ep.consent_on IS NOT NULL,
               ep.disability, ep.third_country_national, ep.foreign_background, ep.homeless,
               t.code,
               -- the rural classification and the priority neighbourhood in force at the person's entry
               CASE WHEN t.id IS NOT NULL THEN coalesce(rz.kind, 'none') END,
               -- looked up only for those with a neighbourhood (a call a participant otherwise)
               CASE WHEN c.qpv_code IS NULL THEN false ELSE parcours_in_qpv(c.qpv_code, p.entry_on) END, coalesce(pr.days, 0), coalesce(pr.minutes, 0),
               to_char(lj.exit_on, 'YYYY-MM-DD'), lj.outcome, f0.situation, f6.situation,
               -- what the data-quality check reads: never a contact itself, only whether there is one
               CASE WHEN ep.consent_on IS NOT NULL THEN ep.minority END, array_to_string(ep.declined, ','),
               to_char(ep.recorded_on, 'YYYY-MM-DD'), to_char(f0.recorded_on, 'YYYY-MM-DD'), f0.qualification_gained,
               c.email IS NOT NULL OR c.phone IS NOT NULL,
               to_char(sig.signed_on, 'YYYY-MM-DD'), encode(sig.answers_sha256, 'hex'), CASE WHEN named THEN sig.signed_name END,
               to_char(exit_sig.signed_on, 'YYYY-MM-DD'), encode(exit_sig.answers_sha256, 'hex')
        FROM person AS p
        JOIN last_journey AS lj ON lj.carrier_id = p.carrier_id
        JOIN carrier AS c ON c.id = p.carrier_id
        JOIN operator AS o ON o.id = c.operator_id
        JOIN funding AS f ON f.id = of_funding
        LEFT JOIN territory AS t ON t.id = c.commune_id
        LEFT JOIN LATERAL parcours_rural_zoning(t.id, p.entry_on) AS rz (kind) ON true
        LEFT JOIN LATERAL parcours_entry_profile(c.id, p.entry_on) AS ep ON true
        LEFT JOIN presence AS pr ON pr.carrier_id = p.carrier_id
        LEFT JOIN follow_up AS f0 ON f0.journey_id = lj.journey_id AND f0.after_months = 0 AND lj.exit_on IS NOT NULL
        LEFT JOIN follow_up AS f6 ON f6.journey_id = lj.journey_id AND f6.after_months = 6 AND lj.exit_on IS NOT NULL
        LEFT JOIN LATERAL (
            SELECT s.signed_on, s.answers_sha256, s.signed_name FROM questionnaire_signature AS s
            WHERE s.carrier_id = c.id AND s.kind = 'entry' ORDER BY s.signed_at DESC LIMIT 1
        ) AS sig ON true
        LEFT JOIN LATERAL (
            SELECT s.signed_on, s.answers_sha256 FROM questionnaire_signature AS s
            JOIN questionnaire_link AS l ON l.id = s.link_id AND l.operator_id = s.operator_id
            WHERE s.carrier_id = c.id AND s.kind = 'exit' AND l.journey_id = lj.journey_id AND lj.exit_on IS NOT NULL
            ORDER BY s.signed_at DESC LIMIT 1
        ) AS exit_sig ON true
        ORDER BY p.entry_on, 1
    ) AS q (
        c0, c1, c2, c3, c4, c5, c6, c7,
        c8, c9, c10, c11, c12, c13, c14, c15,
        c16, c17, c18, c19, c20, c21, c22, c23,
        c24, c25, c26, c27, c28, c29, c30, c31,
        c32, c33, c34, c35, c36
    );
END
$$;


ALTER FUNCTION public.parcours_participant_rows(of_funding bigint, from_date date, to_date date) OWNER TO parcours_owner;

--
-- Name: parcours_period_attendance(date, date); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_period_attendance(from_date date, to_date date) RETURNS TABLE(session_id bigint, journey_id bigint, status text, minutes integer)
    LANGUAGE sql STABLE ROWS 10000
    SET jit TO 'off'
    SET enable_nestloop TO 'on'
    AS $$
    SELECT a.session_id, a.journey_id, a.status, a.minutes
    FROM public.session AS se JOIN public.attendance AS a ON a.session_id = se.id
    WHERE (se.starts_at AT TIME ZONE 'Europe/Paris')::date BETWEEN from_date AND to_date
$$;


ALTER FUNCTION public.parcours_period_attendance(from_date date, to_date date) OWNER TO parcours_owner;

--
-- Name: parcours_place_key(text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_place_key(name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN regexp_replace(translate(lower(name), 'àáâãäåçèéêëìíîïñòóôõöùúûüýÿœæ'::text, 'aaaaaaceeeeiiiinooooouuuuyyoa'::text), '[^a-z0-9]'::text, ''::text, 'g'::text);


ALTER FUNCTION public.parcours_place_key(name text) OWNER TO parcours_owner;

--
-- Name: parcours_places(text[], text[]); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_places(typed text[], kinds text[]) RETURNS TABLE(value text, by_code boolean, id bigint, code text, name text, kind text, department text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    WITH wanted AS (
        SELECT DISTINCT btrim(v) AS v FROM unnest(typed) AS v WHERE parcours_current_role() IS NOT NULL
    ), coded AS (
        SELECT w.v, t.id FROM wanted AS w JOIN public.territory AS t ON t.code = w.v OR t.code = upper(w.v)
        UNION
        SELECT w.v, f.commune_id FROM wanted AS w JOIN public.territory_former_code AS f ON f.code = upper(w.v)
        WHERE NOT EXISTS (SELECT FROM public.territory AS t WHERE t.code = w.v OR t.code = upper(w.v))
    ), named AS (
        SELECT w.v, t.id FROM wanted AS w
        JOIN public.territory AS t ON parcours_place_key(t.name) = parcours_place_key(w.v)
        WHERE (cardinality(kinds) = 0 OR t.kind = ANY (kinds))
          AND NOT EXISTS (SELECT FROM coded AS c WHERE c.v = w.v)
    ), found AS (
        SELECT v, id, true AS by_code FROM coded
        UNION ALL
        SELECT v, id, false FROM named
    )
    SELECT f.v, f.by_code, t.id, t.code, t.name, t.kind, d.name
    FROM found AS f JOIN public.territory AS t ON t.id = f.id
    LEFT JOIN LATERAL (
        SELECT l.name FROM parcours_territory_lineage(t.id) AS l WHERE l.kind = 'department' LIMIT 1
    ) AS d ON NOT f.by_code
$$;


ALTER FUNCTION public.parcours_places(typed text[], kinds text[]) OWNER TO parcours_owner;

--
-- Name: parcours_publish_registration(bytea, bigint, timestamp with time zone, text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_publish_registration(presented_sha256 bytea, of_operator bigint, expires timestamp with time zone, audit_channel text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    made bigint;
BEGIN
    IF parcours_current_staff() IS NULL THEN
        RAISE EXCEPTION 'no identity established' USING ERRCODE = 'PA401';
    END IF;
    IF NOT (of_operator = parcours_current_operator() OR parcours_writes_all())
       OR NOT EXISTS (SELECT FROM operator WHERE id = of_operator) THEN
        RAISE EXCEPTION 'operator % not found', of_operator USING ERRCODE = 'PA404';
    END IF;
    INSERT INTO registration_page (operator_id, staff_id, token_sha256, expires_at)
    VALUES (of_operator, parcours_current_staff(), presented_sha256, expires)
    RETURNING id INTO made;
    INSERT INTO audit_event (staff_id, channel, action, operator_id, detail)
    VALUES (parcours_current_staff(), audit_channel, 'share', of_operator,
            format('registration page %s until %s', made, to_char(expires AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD')));
    RETURN made;
END
$$;


ALTER FUNCTION public.parcours_publish_registration(presented_sha256 bytea, of_operator bigint, expires timestamp with time zone, audit_channel text) OWNER TO parcours_owner;

--
-- Name: parcours_purge_idempotency(interval); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_purge_idempotency(older_than interval) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    purged integer;
BEGIN
    IF NOT coalesce(parcours_writes_all(), false) THEN
        RAISE EXCEPTION 'only the administrator applies the retention' USING ERRCODE = 'PA403';
    END IF;
    DELETE FROM api_idempotency WHERE created_at < now() - older_than;
    GET DIAGNOSTICS purged = ROW_COUNT;
    RETURN purged;
END
$$;


ALTER FUNCTION public.parcours_purge_idempotency(older_than interval) OWNER TO parcours_owner;

--
-- Name: parcours_questionnaire_by_link(bytea); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_questionnaire_by_link(presented_sha256 bytea) RETURNS TABLE(link_id bigint, carrier_id bigint, link_state text, operator_name text, first_name text, gender text, birth_date date, email text, phone text, labour_status text, education_level text, consent_on date, disability boolean, third_country_national boolean, foreign_background boolean, minority boolean, homeless boolean, declined text[], expires_at timestamp with time zone, kind text, journey_id bigint, exit_on date, situation text, qualification_gained boolean)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    WITH link AS (
        SELECT l.id, l.carrier_id, l.expires_at, o.name, l.kind, l.journey_id,
               CASE WHEN l.revoked_at IS NOT NULL OR c.first_name = public.parcours_erased() THEN 'revoked'
                    WHEN l.signed_at IS NOT NULL THEN 'spent'
                    WHEN l.expires_at <= now() THEN 'expired'
                    ELSE 'open' END AS state
        FROM public.questionnaire_link AS l
        JOIN public.operator AS o ON o.id = l.operator_id
        JOIN public.carrier AS c ON c.id = l.carrier_id
        WHERE l.token_sha256 = presented_sha256
    )
    SELECT l.id, l.carrier_id, l.state, l.name, c.first_name, c.gender, c.birth_date, c.email, c.phone, p.labour_status, p.education_level,
           p.consent_on, p.disability, p.third_country_national, p.foreign_background, p.minority, p.homeless,
           coalesce(p.declined, '{}'), l.expires_at, l.kind, l.journey_id, j.closed_on, f.situation, f.qualification_gained
    FROM link AS l
    LEFT JOIN public.carrier AS c ON l.state = 'open' AND c.id = l.carrier_id
    LEFT JOIN LATERAL (
        SELECT cp.* FROM public.carrier_profile AS cp WHERE cp.carrier_id = c.id ORDER BY cp.recorded_on DESC, cp.id DESC LIMIT 1
    ) AS p ON true
    LEFT JOIN public.journey AS j ON c.id IS NOT NULL AND j.id = l.journey_id
    LEFT JOIN public.follow_up AS f ON f.journey_id = j.id AND f.after_months = CASE l.kind WHEN 'exit' THEN 0 WHEN 'six_months' THEN 6 END
$$;


ALTER FUNCTION public.parcours_questionnaire_by_link(presented_sha256 bytea) OWNER TO parcours_owner;

--
-- Name: parcours_queue_questionnaire_reminders(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_queue_questionnaire_reminders() RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    due record;
    made bigint;
    queued integer := 0;
BEGIN
    FOR due IN
        SELECT DISTINCT ON (l.carrier_id, l.kind) l.carrier_id, l.operator_id, l.staff_id, l.kind, l.journey_id, l.expires_at, m.recipient,
               m.base_url
        FROM mail_outbox AS m
        JOIN questionnaire_link AS l ON l.id = m.questionnaire_link_id AND l.operator_id = m.operator_id
        CROSS JOIN LATERAL (
            SELECT CASE l.kind WHEN 'entry' THEN (SELECT min(j.opened_on) + 28 FROM journey AS j WHERE j.carrier_id = l.carrier_id)
                               WHEN 'exit' THEN (SELECT j.closed_on + 28 FROM journey AS j WHERE j.id = l.journey_id) END AS due_on
        ) AS e
        WHERE m.purpose = 'questionnaire_link' AND m.sent_at IS NOT NULL
          AND l.signed_at IS NULL AND l.revoked_at IS NULL AND l.expires_at > now() + interval '1 day'
          AND least(l.expires_at, coalesce(e.due_on::timestamptz, l.expires_at)) - interval '7 days' <= now()
          -- nothing signed since the link was made, by this link or another
          AND NOT EXISTS (SELECT FROM questionnaire_signature AS s
                          WHERE s.carrier_id = l.carrier_id AND s.kind = l.kind AND s.signed_at >= l.created_at)
          AND NOT EXISTS (SELECT FROM mail_outbox AS sent
                          JOIN questionnaire_link AS other ON other.id = sent.questionnaire_link_id
                          WHERE other.carrier_id = l.carrier_id AND other.kind = l.kind AND sent.purpose = 'questionnaire_reminder'
                            AND other.created_at >= l.created_at)
        ORDER BY l.carrier_id, l.kind, m.queued_at DESC
    LOOP
        INSERT INTO questionnaire_link (operator_id, carrier_id, kind, journey_id, staff_id, token_sha256, expires_at)
        VALUES (due.operator_id, due.carrier_id, due.kind, due.journey_id, due.staff_id,
                sha256(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())), due.expires_at)
        RETURNING id INTO made;
        INSERT INTO mail_outbox (operator_id, questionnaire_link_id, purpose, recipient, base_url)
        VALUES (due.operator_id, made, 'questionnaire_reminder', due.recipient, due.base_url);
        queued := queued + 1;
    END LOOP;
    RETURN queued;
END
$$;


ALTER FUNCTION public.parcours_queue_questionnaire_reminders() OWNER TO parcours_owner;

--
-- Name: parcours_queue_referral_reminders(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_queue_referral_reminders() RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    due record;
    made bigint;
    queued integer := 0;
BEGIN
    FOR due IN
        SELECT DISTINCT ON (l.referral_id) l.referral_id, l.operator_id, l.staff_id, l.expires_at, m.recipient, m.base_url
        FROM mail_outbox AS m
        JOIN referral_link AS l ON l.id = m.referral_link_id AND l.operator_id = m.operator_id
        JOIN referral AS r ON r.id = l.referral_id
        JOIN operator AS o ON o.id = r.operator_id
        WHERE m.purpose = 'referral_link' AND m.sent_at IS NOT NULL
          AND r.status = 'proposed'
          AND r.proposed_on + 10 <= current_date
          AND NOT parcours_referral_expired(r.status, r.proposed_on, o.referral_expiry_days)
          AND l.revoked_at IS NULL AND l.expires_at > now() + interval '1 day'
          AND NOT EXISTS (SELECT FROM mail_outbox AS sent
                          JOIN referral_link AS other ON other.id = sent.referral_link_id
                          WHERE other.referral_id = l.referral_id AND sent.purpose = 'referral_reminder')
        ORDER BY l.referral_id, m.queued_at DESC
    LOOP
        INSERT INTO referral_link (operator_id, referral_id, staff_id, token_sha256, expires_at)
        VALUES (due.operator_id, due.referral_id, due.staff_id, sha256(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())),
                due.expires_at)
        RETURNING id INTO made;
        INSERT INTO mail_outbox (operator_id, referral_link_id, purpose, recipient, base_url)
        VALUES (due.operator_id, made, 'referral_reminder', due.recipient, due.base_url);
        queued := queued + 1;
    END LOOP;
    RETURN queued;
END
$$;


ALTER FUNCTION public.parcours_queue_referral_reminders() OWNER TO parcours_owner;

--
-- Name: parcours_receipt_digest(text, text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_receipt_digest(identity_key text, receipt text) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN encode(sha256(convert_to(((((identity_key || '|read receipt|'::text) || receipt) || '|'::text) || identity_key), 'UTF8'::name)), 'hex'::text);


ALTER FUNCTION public.parcours_receipt_digest(identity_key text, receipt text) OWNER TO parcours_owner;

--
-- Name: parcours_record_reads(text[]); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_record_reads(receipts text[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $_$
DECLARE
    verified integer;
BEGIN
    WITH sealed AS (
        SELECT r.n, regexp_match(substr(r.receipt, 66), '^([0-9]+)\|(cli|http)\|([0-9]+)\|([0-9]+:[0-9]+(?:,[0-9]+:[0-9]+)*)\|(.*)$') AS field
        FROM unnest(receipts) WITH ORDINALITY AS r (receipt, n)
        CROSS JOIN public.parcours_secret AS k
        WHERE length(r.receipt) > 65 AND substr(r.receipt, 65, 1) = '|'
          AND left(r.receipt, 64) = parcours_receipt_digest(k.identity_key, substr(r.receipt, 66))
    ), recorded AS (
        INSERT INTO public.audit_event (at, staff_id, channel, action, carrier_id, operator_id, detail)
        SELECT timestamptz 'epoch' + s.field[3]::bigint * interval '1 microsecond', s.field[1]::bigint, s.field[2], 'read',
               split_part(p.pair, ':', 1)::bigint, split_part(p.pair, ':', 2)::bigint, s.field[5]
        FROM sealed AS s
        CROSS JOIN LATERAL unnest(string_to_array(s.field[4], ',')) WITH ORDINALITY AS p (pair, k)
        WHERE s.field IS NOT NULL
        ORDER BY s.n, p.k
    )
    SELECT count(*) FILTER (WHERE s.field IS NOT NULL) INTO verified FROM sealed AS s;
    RETURN coalesce(cardinality(receipts), 0) - verified;
END
$_$;


ALTER FUNCTION public.parcours_record_reads(receipts text[]) OWNER TO parcours_owner;

--
-- Name: parcours_referral_by_link(bytea); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_referral_by_link(presented_sha256 bytea) RETURNS TABLE(link_id bigint, referral_id bigint, link_state text, status text, operator_name text, partner_name text, carrier_name text, carrier_contact text, reason text, proposed_on date, expires_at timestamp with time zone)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    SELECT l.id, r.id,
           CASE WHEN l.revoked_at IS NOT NULL THEN 'revoked'
                WHEN l.expires_at <= now() THEN 'expired'
                -- nobody answered within the operator's delay: the referral itself has expired
                WHEN public.parcours_referral_expired(r.status, r.proposed_on, o.referral_expiry_days) THEN 'expired'
                WHEN r.status IN ('declined', 'completed') THEN 'spent'
                ELSE 'open' END,
           r.status, o.name, p.name, r.carrier_name, r.carrier_contact, r.reason, r.proposed_on, l.expires_at
    FROM public.referral_link AS l
    JOIN public.referral AS r ON r.id = l.referral_id
    JOIN public.operator AS o ON o.id = r.operator_id
    JOIN public.partner AS p ON p.id = r.partner_id
    WHERE l.token_sha256 = presented_sha256
$$;


ALTER FUNCTION public.parcours_referral_by_link(presented_sha256 bytea) OWNER TO parcours_owner;

--
-- Name: parcours_referral_expired(text, date, integer); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_referral_expired(status text, proposed_on date, expiry_days integer) RETURNS boolean
    LANGUAGE sql STABLE
    RETURN ((status = 'proposed'::text) AND ((proposed_on + expiry_days) <= CURRENT_DATE));


ALTER FUNCTION public.parcours_referral_expired(status text, proposed_on date, expiry_days integer) OWNER TO parcours_owner;

--
-- Name: parcours_referred_carrier(bigint); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_referred_carrier(referral bigint) RETURNS TABLE(first_name text, last_name text, gender text, birth_date date, commune_id bigint, email text, phone text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    r record;
BEGIN
    SELECT ref.journey_id, ref.status, ref.consent_to_share, ref.carrier_first_name, ref.carrier_last_name,
           ref.carrier_email, ref.carrier_phone, p.operator_id AS partner_operator
    INTO r
    FROM referral AS ref JOIN partner AS p ON p.id = ref.partner_id
    WHERE ref.id = referral;
    IF NOT FOUND OR r.partner_operator IS DISTINCT FROM parcours_current_operator() OR r.status NOT IN ('accepted', 'completed') THEN
        RAISE EXCEPTION 'referral % is not an accepted referral addressed to your operator', referral USING ERRCODE = 'PA001';
    END IF;
    IF r.consent_to_share THEN
        RETURN QUERY
            SELECT c.first_name, c.last_name, c.gender, c.birth_date, c.commune_id, c.email, c.phone
            FROM journey AS j JOIN carrier AS c ON c.id = j.carrier_id WHERE j.id = r.journey_id;
    ELSE
        RETURN QUERY SELECT r.carrier_first_name, r.carrier_last_name, NULL::text, NULL::date, NULL::bigint, r.carrier_email, r.carrier_phone;
    END IF;
END
$$;


ALTER FUNCTION public.parcours_referred_carrier(referral bigint) OWNER TO parcours_owner;

--
-- Name: parcours_refresh_participant_quality(bigint[]); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_refresh_participant_quality(carriers bigint[]) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    SET jit TO 'off'
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
DECLARE
    touched bigint[];
BEGIN
    IF carriers IS NULL THEN
        -- Everyone: the facts made again whole, writers of people waiting meanwhile.
        LOCK TABLE public.participant_quality IN EXCLUSIVE MODE;
        DELETE FROM public.participant_quality;
    ELSE
        -- Only people whose operator has an ESF+ agreement, or who had facts: an operator without
        -- one imports its people for the price of this look-up.
        SELECT array_agg(c.id ORDER BY c.id) INTO touched
        FROM (SELECT DISTINCT t.id FROM unnest(carriers) AS t (id) WHERE t.id IS NOT NULL) AS t
        JOIN public.carrier AS c ON c.id = t.id
        WHERE EXISTS (SELECT FROM public.funding AS f JOIN public.funder AS fu ON fu.id = f.funder_id
                      WHERE f.operator_id = c.operator_id AND fu.kind = 'esf_plus')
           OR EXISTS (SELECT FROM public.participant_quality AS q WHERE q.carrier_id = c.id);
        IF touched IS NULL THEN
            RETURN;
        END IF;
        -- Each person locked first, in one order: two transactions writing for the same person
        -- count one after the other (the second statement below sees the first's rows), never
        -- each without the other's.
        PERFORM FROM public.carrier AS c WHERE c.id = ANY (touched) ORDER BY c.id FOR NO KEY UPDATE;
        DELETE FROM public.participant_quality AS q WHERE q.carrier_id = ANY (touched);
    END IF;
    INSERT INTO public.participant_quality (funding_id, carrier_id, operator_id, entry_on, reachable, incomplete_from)
    WITH scoped AS MATERIALIZED (
        SELECT f.id AS funding_id, f.starts_on, f.ends_on, j.id AS journey_id, j.carrier_id, j.opened_on, j.closed_on, j.phase
        FROM public.funding AS f
        JOIN public.funder AS fu ON fu.id = f.funder_id AND fu.kind = 'esf_plus'
        JOIN public.funding_journey AS fj ON fj.funding_id = f.id
        JOIN public.journey AS j ON j.id = fj.journey_id
        WHERE touched IS NULL OR j.carrier_id = ANY (touched)
    ), person AS (
        -- one line a person and agreement, their journeys in it beside them: every join below a
        -- look-up for each (the planner, guessing one journey for a set of people, had nested
        -- loops over the whole set inside joins of parts of it: 2.2 s for one operator's 4,000)
        SELECT s.funding_id, s.carrier_id, min(s.opened_on) AS entry_on, min(s.starts_on) AS starts_on, min(s.ends_on) AS ends_on,
               array_agg(s.journey_id) AS journeys,
               -- the exit is that of their last journey; one still open means no exit yet
               (array_agg(s.journey_id ORDER BY s.closed_on DESC NULLS FIRST, s.journey_id DESC))[1] AS last_journey_id,
               (array_agg(s.closed_on ORDER BY s.closed_on DESC NULLS FIRST, s.journey_id DESC))[1] AS last_closed_on,
               (array_agg(s.phase ORDER BY s.closed_on DESC NULLS FIRST, s.journey_id DESC))[1] AS last_phase
        FROM scoped AS s
        GROUP BY s.funding_id, s.carrier_id
    )
    SELECT p.funding_id, p.carrier_id, c.operator_id, p.entry_on, r.reachable,
           least(CASE WHEN c.gender IS NULL OR c.birth_date IS NULL OR c.commune_id IS NULL
                          OR coalesce(ep.labour_status, 'unknown') = 'unknown'
                          OR coalesce(ep.education_level, 'unknown') = 'unknown' OR NOT r.reachable
                      THEN p.entry_on + 29 END,
                 CASE WHEN x.outcome IN ('handed_on', 'withdrawn') AND coalesce(f0.situation, 'unknown') = 'unknown'
                      THEN x.exit_on + 29 END)
    FROM person AS p
    -- present on at least two days under the agreement (Participant.minimumDays)
    CROSS JOIN LATERAL (
        SELECT count(DISTINCT d.day) AS days
        FROM (
            SELECT (se.starts_at AT TIME ZONE 'Europe/Paris')::date AS day
            FROM public.attendance AS a JOIN public.session AS se ON se.id = a.session_id
            WHERE a.journey_id = ANY (p.journeys) AND a.status = 'present'
            -- each line's session by its key: by the period's days, the planner hashed every
            -- session of the period for each person (14 s for 4,000)
            OFFSET 0
        ) AS d
        WHERE d.day BETWEEN p.starts_on AND p.ends_on
    ) AS presence
    CROSS JOIN LATERAL (
        SELECT CASE WHEN p.last_closed_on <= p.ends_on THEN p.last_closed_on END AS exit_on,
               CASE WHEN p.last_closed_on <= p.ends_on THEN p.last_phase END AS outcome
    ) AS x
    JOIN public.carrier AS c ON c.id = p.carrier_id
    CROSS JOIN LATERAL (SELECT c.email IS NOT NULL OR c.phone IS NOT NULL AS reachable) AS r
    LEFT JOIN LATERAL parcours_entry_profile(c.id, p.entry_on) AS ep ON true
    LEFT JOIN public.follow_up AS f0 ON f0.journey_id = p.last_journey_id AND f0.after_months = 0 AND x.exit_on IS NOT NULL
    WHERE presence.days >= 2;
END
$$;


ALTER FUNCTION public.parcours_refresh_participant_quality(carriers bigint[]) OWNER TO parcours_owner;

--
-- Name: parcours_refresh_statistics(text, bigint); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_refresh_statistics(relation text, rows_written bigint) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    known real;
BEGIN
    SELECT c.reltuples INTO known FROM pg_catalog.pg_class AS c
    WHERE c.relname = relation AND c.relnamespace = 'public'::regnamespace AND c.relkind = 'r';
    -- -1: never analysed. Else autovacuum's rule, 50 rows and a tenth of the table — or 1,000 rows
    -- whatever its size: an operator's first import into a national table is 2 % of it, and until
    -- analysed its rows are unknown to the planner, which then finds each of them by a scan of the
    -- operator's (an attendance file's journeys: 26,000 lines × 4,000 people, 30 s instead of 0.3).
    IF known IS NULL OR (known >= 0 AND rows_written < least(1000, 50 + 0.1 * known)) THEN
        RETURN false;
    END IF;
    CASE relation
        WHEN 'carrier' THEN ANALYZE public.carrier;
        WHEN 'carrier_profile' THEN ANALYZE public.carrier_profile;
        WHEN 'journey' THEN ANALYZE public.journey;
        WHEN 'journey_event' THEN ANALYZE public.journey_event;
        WHEN 'cape_contract' THEN ANALYZE public.cape_contract;
        WHEN 'cape_period' THEN ANALYZE public.cape_period;
        WHEN 'jury_decision' THEN ANALYZE public.jury_decision;
        WHEN 'referral' THEN ANALYZE public.referral;
        WHEN 'activity' THEN ANALYZE public.activity;
        WHEN 'session' THEN ANALYZE public.session;
        WHEN 'attendance' THEN ANALYZE public.attendance;
        WHEN 'audit_event' THEN ANALYZE public.audit_event;
        ELSE RETURN false;
    END CASE;
    RETURN true;
END
$$;


ALTER FUNCTION public.parcours_refresh_statistics(relation text, rows_written bigint) OWNER TO parcours_owner;

--
-- Name: parcours_refresh_territory_ancestors(bigint[]); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_refresh_territory_ancestors(changed bigint[]) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    affected bigint[];
BEGIN
    IF coalesce(cardinality(changed), 0) = 0 THEN
        RETURN;
    END IF;
    IF cardinality(changed) > 2000 THEN
        -- Every territory: cheaper than finding which.
        DELETE FROM public.territory_ancestor;
        SELECT array_agg(t.id) INTO affected FROM public.territory AS t;
    ELSE
        -- What lies under the changed ones, in the tree as it is now and as the table still has it.
        WITH RECURSIVE down (id) AS (
            SELECT c.id FROM unnest(changed) AS c (id)
            UNION
            SELECT next.id FROM down CROSS JOIN LATERAL (
                SELECT t.id FROM public.territory AS t WHERE t.parent_id = down.id
                UNION ALL
                SELECT t.id FROM public.territory AS t WHERE t.department_id = down.id
                UNION ALL
                SELECT m.member_id FROM public.territory_member AS m WHERE m.grouping_id = down.id
                UNION ALL
                SELECT a.territory_id FROM public.territory_ancestor AS a WHERE a.ancestor_id = down.id
            ) AS next
        )
        SELECT array_agg(down.id) INTO affected FROM down;
        DELETE FROM public.territory_ancestor AS a USING unnest(affected) AS c (id) WHERE a.territory_id = c.id;
    END IF;

    INSERT INTO public.territory_ancestor (ancestor_id, territory_id, ancestor_kind, official)
    WITH RECURSIVE official (territory_id, ancestor_id, climbs) AS (
        SELECT c.id, c.id, true FROM unnest(affected) AS c (id)
        UNION
        SELECT o.territory_id, up.id, up.climbs
        FROM official AS o
        JOIN public.territory AS a ON a.id = o.ancestor_id
        CROSS JOIN LATERAL (VALUES
            (CASE WHEN a.kind = 'commune' AND a.department_id IS NOT NULL THEN a.department_id ELSE a.parent_id END, true),
            -- the EPCI of a commune that has its own département: an ancestor, whose parents are not
            (CASE WHEN a.kind = 'commune' AND a.department_id IS NOT NULL AND a.parent_id <> a.department_id THEN a.parent_id END, false)
        ) AS up (id, climbs)
        WHERE o.climbs AND up.id IS NOT NULL
    ), grouped (territory_id, ancestor_id) AS (
        SELECT o.territory_id, m.grouping_id
        FROM official AS o JOIN public.territory_member AS m ON m.member_id = o.ancestor_id
        UNION
        SELECT g.territory_id, m.grouping_id
        FROM grouped AS g JOIN public.territory_member AS m ON m.member_id = g.ancestor_id
    )
    SELECT x.ancestor_id, x.territory_id, a.kind, bool_or(x.official)
    FROM (SELECT o.territory_id, o.ancestor_id, true AS official FROM official AS o
          UNION ALL
          SELECT g.territory_id, g.ancestor_id, false FROM grouped AS g) AS x
    JOIN public.territory AS a ON a.id = x.ancestor_id
    GROUP BY x.ancestor_id, x.territory_id, a.kind;
    PERFORM parcours_refresh_territory_places(affected);
END
$$;


ALTER FUNCTION public.parcours_refresh_territory_ancestors(changed bigint[]) OWNER TO parcours_owner;

--
-- Name: parcours_refresh_territory_places(bigint[]); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_refresh_territory_places(territories bigint[]) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    -- joined to the list, not `= ANY`: a load of France gives all 36,000 territories at once
    DELETE FROM public.territory_place AS p USING unnest(territories) AS c (id) WHERE p.territory_id = c.id;
    INSERT INTO public.territory_place (territory_id, level, label)
    SELECT a.territory_id, l.level, string_agg(t.name || ' (' || t.code || ')', ' + ' ORDER BY t.name, t.code)
    FROM unnest(territories) AS c (id)
    JOIN public.territory_ancestor AS a ON a.territory_id = c.id
    JOIN public.territory AS t ON t.id = a.ancestor_id
    CROSS JOIN LATERAL (SELECT CASE
        WHEN a.official THEN parcours_territory_depth(a.ancestor_kind)
        WHEN a.ancestor_kind = 'pays' THEN 4
        WHEN a.ancestor_kind = 'park' THEN 5 END AS level) AS l
    WHERE l.level IS NOT NULL
    GROUP BY a.territory_id, l.level;
$$;


ALTER FUNCTION public.parcours_refresh_territory_places(territories bigint[]) OWNER TO parcours_owner;

--
-- Name: parcours_register_by_page(bytea, text, text, text, text, text, text, bigint, date); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_register_by_page(presented_sha256 bytea, new_first_name text, new_last_name text, new_email text, new_phone text, new_commune text, new_prescriber text, of_session bigint, registered date) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $_$
DECLARE
    page record;
    commune bigint;
    candidates integer;
    typed text := btrim(new_commune);
    department text;
    meeting date;
    known record;
    made bigint;
BEGIN
    SELECT p.id, p.operator_id, p.staff_id INTO page
    FROM public.registration_page AS p JOIN public.staff AS s ON s.id = p.staff_id
    WHERE p.token_sha256 = presented_sha256 AND p.revoked_at IS NULL AND p.expires_at > now() AND s.active;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'registration page not open' USING ERRCODE = 'PA401', DETAIL = 'registration_page_closed';
    END IF;
    IF of_session IS NOT NULL THEN
        SELECT (m.starts_at AT TIME ZONE 'Europe/Paris')::date INTO meeting
        FROM public.session AS m
        WHERE m.id = of_session AND m.operator_id = page.operator_id AND m.kind = 'information'
          AND m.starts_at > now() AND m.starts_at <= now() + interval '120 days';
        IF NOT FOUND THEN
            RAISE EXCEPTION 'information meeting % is not open for registration', of_session
                USING ERRCODE = 'PA001', DETAIL = 'registration_session_closed';
        END IF;
    END IF;
    IF typed <> '' THEN
        -- « Craon (53) »: a name and its département.
        IF typed ~ '\(\s*[0-9][0-9AB][0-9]?\s*\)$' THEN
            department := upper(btrim(substring(typed FROM '\(\s*([0-9][0-9AB][0-9]?)\s*\)$')));
            typed := btrim(substring(typed FROM '^(.*)\('));
        END IF;
        WITH found AS (
            SELECT t.id, EXISTS (SELECT FROM public.territory_ancestor AS a
                                 JOIN public.operator_territory AS ot ON ot.territory_id = a.ancestor_id
                                 WHERE a.territory_id = t.id AND ot.operator_id = page.operator_id) AS ours
            FROM public.territory AS t
            WHERE t.kind = 'commune'
              AND (t.code = upper(typed)
                   OR t.id IN (SELECT f.commune_id FROM public.territory_former_code AS f WHERE f.code = upper(typed))
                   OR parcours_place_key(t.name) = parcours_place_key(typed))
              AND (department IS NULL OR EXISTS (SELECT FROM public.territory_ancestor AS a JOIN public.territory AS d ON d.id = a.ancestor_id
                                                 WHERE a.territory_id = t.id AND d.kind = 'department' AND d.code = department))
        ), kept AS (
            SELECT id FROM found WHERE ours OR NOT EXISTS (SELECT FROM found WHERE ours)
        )
        SELECT min(id), count(*) INTO commune, candidates FROM kept;
        IF candidates = 0 THEN
            RAISE EXCEPTION 'no commune is named %', new_commune USING ERRCODE = 'PA001', DETAIL = 'registration_commune_unknown';
        ELSIF candidates > 1 THEN
            RAISE EXCEPTION 'several communes are named %', new_commune USING ERRCODE = 'PA001', DETAIL = 'registration_commune_ambiguous';
        END IF;
    END IF;
    SELECT k.kind, k.id INTO known
    FROM parcours_known_contact(page.operator_id, new_first_name, new_last_name, new_email, new_phone, NULL) AS k LIMIT 1;
    INSERT INTO public.intake (operator_id, first_name, last_name, email, phone, commune_id, prescriber, contacted_on, info_session_on,
                               info_session_id, registration_page_id, consent_at, staff_id, note)
    VALUES (page.operator_id, new_first_name, new_last_name, new_email, new_phone, commune, new_prescriber, registered, meeting,
            of_session, page.id, now(), page.staff_id,
            CASE known.kind WHEN 'intake' THEN format('Inscription en ligne : doublon possible du premier contact n° %s (intake merge).', known.id)
                            WHEN 'carrier' THEN format('Inscription en ligne : doublon possible du porteur n° %s.', known.id) END)
    RETURNING id INTO made;
    RETURN made;
END
$_$;


ALTER FUNCTION public.parcours_register_by_page(presented_sha256 bytea, new_first_name text, new_last_name text, new_email text, new_phone text, new_commune text, new_prescriber text, of_session bigint, registered date) OWNER TO parcours_owner;

--
-- Name: parcours_registration_by_page(bytea); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_registration_by_page(presented_sha256 bytea) RETURNS TABLE(page_id bigint, page_state text, operator_name text, expires_at timestamp with time zone, session_id bigint, session_title text, session_starts_at timestamp with time zone, session_minutes integer)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    WITH page AS (
        SELECT p.id, p.operator_id, o.name, p.expires_at,
               CASE WHEN p.revoked_at IS NOT NULL OR NOT s.active THEN 'revoked'
                    WHEN p.expires_at <= now() THEN 'expired'
                    ELSE 'open' END AS state
        FROM public.registration_page AS p
        JOIN public.operator AS o ON o.id = p.operator_id
        JOIN public.staff AS s ON s.id = p.staff_id
        WHERE p.token_sha256 = presented_sha256
    )
    SELECT p.id, p.state, p.name, p.expires_at, m.id, m.title, m.starts_at, m.duration_minutes
    FROM page AS p
    LEFT JOIN public.session AS m
      ON p.state = 'open' AND m.operator_id = p.operator_id AND m.kind = 'information'
     AND m.starts_at > now() AND m.starts_at <= now() + interval '120 days'
    ORDER BY m.starts_at, m.id
$$;


ALTER FUNCTION public.parcours_registration_by_page(presented_sha256 bytea) OWNER TO parcours_owner;

--
-- Name: parcours_report_rows(text, jsonb, text[], date, date); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_report_rows(report text, pages jsonb, breakdown text[], from_date date, to_date date) RETURNS SETOF text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    SET jit TO 'off'
    SET plan_cache_mode TO 'force_custom_plan'
    SET enable_nestloop TO 'off'
    SET enable_mergejoin TO 'off'
    SET work_mem TO '64MB'
    AS $$
BEGIN
    IF parcours_current_role() IS NULL THEN
        RETURN;
    END IF;
    CASE report
        WHEN 'activity' THEN
            RETURN QUERY SELECT parcours_row_cells(row_to_json(q)) FROM (
                WITH scoped AS MATERIALIZED (
                    -- the journeys of the period, each with its person's entry in the page
                    SELECT * FROM parcours_scope_period(pages, from_date, to_date, 'active', true)
                ), fact AS (
                    -- journeys active at some point of the period
                    SELECT j.page, j.carrier_id, j.journey_id, NULL::bigint AS session_id, NULL::text AS status, 0 AS minutes
                    FROM scoped AS j
                    WHERE j.opened_on <= to_date AND (j.closed_on IS NULL OR j.closed_on >= from_date)
                    UNION ALL
                    -- attendance at the sessions held in the period (their day in France)
                    SELECT j.page, j.carrier_id, NULL, a.session_id, a.status, a.minutes
                    FROM scoped AS j
                    JOIN parcours_period_attendance(from_date, to_date) AS a ON a.journey_id = j.journey_id
                ), person AS (
                    -- in every report: the people it counts, each with their entry in the page (their
                    -- first journey there), and no second reading of the page (parcours_scope_carrier)
                    SELECT s.*
                    FROM parcours_scope_carrier(pages, breakdown, false, ARRAY(
                          SELECT ROW(e.page, e.carrier_id, e.entry_on, e.carrier_operator_id, e.commune_id, e.gender, e.birth_date)::parcours_counted_person
                          FROM (SELECT DISTINCT j.page, j.carrier_id, j.entry_on, j.carrier_operator_id, j.commune_id, j.gender, j.birth_date FROM scoped AS j) AS e)) AS s
                )
                SELECT pg.page, 'activity', p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education,
                       GROUPING(p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education) <> 0,
                       count(DISTINCT p.carrier_id) FILTER (WHERE p.entry_on BETWEEN from_date AND to_date),
                       count(DISTINCT f.carrier_id) FILTER (WHERE f.journey_id IS NOT NULL),
                       count(f.journey_id),
                       count(DISTINCT f.session_id) FILTER (WHERE f.status = 'present'),
                       round(sum(f.minutes) / 60.0, 2)::float8,
                       count(f.session_id),
                       round(100.0 * count(*) FILTER (WHERE f.status = 'present') / nullif(count(f.session_id), 0), 1)::float8
                -- every page has its total, even a page without anyone
                FROM jsonb_to_recordset(pages) AS pg (page integer)
                LEFT JOIN (person AS p JOIN fact AS f ON f.page = p.page AND f.carrier_id = p.carrier_id) ON p.page = pg.page
                GROUP BY GROUPING SETS ((pg.page, p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education), (pg.page))
                HAVING count(p.carrier_id) > 0 OR GROUPING(p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education) <> 0
                ORDER BY 1, 9, 3, 4, 5, 6, 7, 8
            ) AS q;
        WHEN 'funnel' THEN
            RETURN QUERY SELECT parcours_row_cells(row_to_json(q)) FROM (
                WITH scoped AS MATERIALIZED (
                    -- the journeys opened in the period, each with its person's entry in the page
                    SELECT * FROM parcours_scope_period(pages, from_date, to_date, 'opened', true)
                ), person AS (
                    SELECT s.*
                    FROM parcours_scope_carrier(pages, breakdown, false, ARRAY(
                          SELECT ROW(e.page, e.carrier_id, e.entry_on, e.carrier_operator_id, e.commune_id, e.gender, e.birth_date)::parcours_counted_person
                          FROM (SELECT DISTINCT j.page, j.carrier_id, j.entry_on, j.carrier_operator_id, j.commune_id, j.gender, j.birth_date FROM scoped AS j) AS e)) AS s
                ), reached AS (
                    -- every phase of the programme, reached or not, for every person who entered it
                    SELECT p.page, pr.id AS programme_id, pr.name AS programme, p.g_operator, p.g_territory, p.g_gender, p.g_age,
                           p.g_labour, p.g_education, ph.phase, ph.ord,
                           -- a phase skipped on the way to a later one counts as passed: never above 100 %
                           count(DISTINCT j.carrier_id) FILTER (WHERE EXISTS (
                               SELECT FROM journey_event AS ev
                               WHERE ev.journey_id = j.journey_id AND ev.to_state = ANY (pr.phases[ph.ord::integer:])
                           )) AS carriers
                    FROM scoped AS j
                    JOIN person AS p ON p.page = j.page AND p.carrier_id = j.carrier_id
                    JOIN programme AS pr ON pr.id = j.programme_id
                    CROSS JOIN LATERAL unnest(pr.phases) WITH ORDINALITY AS ph (phase, ord)
                    WHERE j.opened_on BETWEEN from_date AND to_date
                    GROUP BY p.page, pr.id, pr.operator_id, pr.name, p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education, ph.phase, ph.ord
                )
                SELECT page, 'funnel', g_operator, g_territory, g_gender, g_age, g_labour, g_education, false,
                       programme, phase, carriers,
                       round(100.0 * carriers / nullif(first_value(carriers) OVER w, 0), 1)::float8,
                       round(100.0 * carriers / nullif(lag(carriers) OVER w, 0), 1)::float8
                FROM reached
                WINDOW w AS (PARTITION BY page, programme_id, g_operator, g_territory, g_gender, g_age, g_labour, g_education ORDER BY ord)
                ORDER BY page, programme, programme_id, 3, 4, 5, 6, 7, 8, ord
            ) AS q;
        WHEN 'outcomes', 'exits' THEN
            -- The outcomes report's parts from one reading of the exits: who left (a person once a
            -- page, their last exit), what they created, where they were six months on, and how
            -- many of those situations are missing; `exits` alone for the dashboards' figures.
            -- Each part in its order (row_number over its sorted rows), the parts one after another.
            RETURN QUERY
            WITH counted AS MATERIALIZED (
                -- who left, counted by the breakdown's labels
                SELECT * FROM parcours_exit_groups(pages, breakdown, from_date, to_date)
            )
            SELECT part.cells FROM (
                SELECT 1 AS part, row_number() OVER () AS n, parcours_row_cells(row_to_json(q)) AS cells FROM (
                    SELECT pg.page, 'exits', x.g_operator, x.g_territory, x.g_gender, x.g_age, x.g_labour, x.g_education,
                           GROUPING(x.g_operator, x.g_territory, x.g_gender, x.g_age, x.g_labour, x.g_education) <> 0,
                           coalesce(sum(x.exits), 0),
                           coalesce(sum(x.exits) FILTER (WHERE x.outcome = 'activity_created'), 0),
                           coalesce(sum(x.exits) FILTER (WHERE x.outcome = 'employed'), 0),
                           coalesce(sum(x.exits) FILTER (WHERE x.outcome = 'training'), 0),
                           coalesce(sum(x.exits) FILTER (WHERE x.outcome = 'handed_on'), 0),
                           coalesce(sum(x.exits) FILTER (WHERE x.outcome = 'withdrawn'), 0),
                           -- positive as the ESF+ counts it: in work (including their own activity) or in training
                           coalesce(sum(x.exits) FILTER (WHERE x.outcome IN ('activity_created', 'employed', 'training')), 0),
                           round(100.0 * coalesce(sum(x.exits) FILTER (WHERE x.outcome IN ('activity_created', 'employed', 'training')), 0)
                                 / nullif(coalesce(sum(x.exits), 0), 0), 1)::float8,
                           coalesce(sum(x.jobs_fte), 0)::float8
                    -- every page has its total, even a page without any exit
                    FROM jsonb_to_recordset(pages) AS pg (page integer)
                    LEFT JOIN counted AS x ON x.page = pg.page
                    GROUP BY GROUPING SETS ((pg.page, x.g_operator, x.g_territory, x.g_gender, x.g_age, x.g_labour, x.g_education), (pg.page))
                    HAVING sum(x.exits) > 0 OR GROUPING(x.g_operator, x.g_territory, x.g_gender, x.g_age, x.g_labour, x.g_education) <> 0
                    ORDER BY 1, 9, 3, 4, 5, 6, 7, 8
                ) AS q
                UNION ALL
                SELECT 2, row_number() OVER (), parcours_row_cells(row_to_json(q)) FROM (
                    SELECT x.page, 'activities', x.g_operator, x.g_territory, x.g_gender, x.g_age, x.g_labour, x.g_education,
                           GROUPING(x.g_operator, x.g_territory, x.g_gender, x.g_age, x.g_labour, x.g_education) <> 0,
                           x.legal_form, sum(x.exits), sum(x.jobs_fte)::float8
                    FROM counted AS x
                    WHERE report = 'outcomes' AND x.created
                    GROUP BY GROUPING SETS ((x.page, x.g_operator, x.g_territory, x.g_gender, x.g_age, x.g_labour, x.g_education, x.legal_form),
                                            (x.page, x.legal_form))
                    ORDER BY 1, 9, 3, 4, 5, 6, 7, 8, 10
                ) AS q
                UNION ALL
                SELECT 3, row_number() OVER (), parcours_row_cells(row_to_json(q)) FROM (
                    SELECT x.page, 'follow_up_6_months', x.g_operator, x.g_territory, x.g_gender, x.g_age, x.g_labour, x.g_education,
                           GROUPING(x.g_operator, x.g_territory, x.g_gender, x.g_age, x.g_labour, x.g_education) <> 0,
                           x.situation, sum(x.exits),
                           round(100.0 * sum(x.exits) / sum(sum(x.exits)) OVER (
                               PARTITION BY x.page, x.g_operator, x.g_territory, x.g_gender, x.g_age, x.g_labour, x.g_education,
                                            GROUPING(x.g_operator, x.g_territory, x.g_gender, x.g_age, x.g_labour, x.g_education)), 1)::float8
                    FROM counted AS x
                    WHERE report = 'outcomes' AND x.followed
                    GROUP BY GROUPING SETS ((x.page, x.g_operator, x.g_territory, x.g_gender, x.g_age, x.g_labour, x.g_education, x.situation),
                                            (x.page, x.situation))
                    ORDER BY 1, 9, 3, 4, 5, 6, 7, 8,
                             array_position(ARRAY['employed', 'self_employed', 'training', 'job_seeking', 'inactive', 'unknown'], x.situation)
                ) AS q
                UNION ALL
                -- the exits without a six-month situation, a page's count as a total row
                SELECT 4, row_number() OVER (), parcours_row_cells(row_to_json(q)) FROM (
                    SELECT x.page, 'follow_up_missing', NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, true,
                           sum(x.exits)::int
                    FROM counted AS x
                    WHERE report = 'outcomes' AND NOT x.followed
                    GROUP BY x.page
                    ORDER BY x.page
                ) AS q
            ) AS part
            ORDER BY part.part, part.n;
        WHEN 'durations' THEN
            RETURN QUERY SELECT parcours_row_cells(row_to_json(q)) FROM (
                WITH scoped AS MATERIALIZED (
                    -- the journeys with a phase change or an exit in the period, each with its person's entry in the page
                    SELECT * FROM parcours_scope_period(pages, from_date, to_date, 'changed', true)
                ), stay AS (
                    -- each journey's stays, once however many pages hold it; a stay ends at an event
                    -- of the period: only the journeys with one
                    SELECT s.*
                    FROM (SELECT array_agg(DISTINCT j.journey_id) AS ids
                          FROM scoped AS j
                          WHERE j.journey_id IN (SELECT e.journey_id FROM journey_event AS e WHERE e.effective_on BETWEEN from_date AND to_date)
                         ) AS changed
                    CROSS JOIN LATERAL parcours_journey_stays(changed.ids) AS s
                    WHERE s.ended BETWEEN from_date AND to_date
                      AND s.stage IN ('idea', 'workshops', 'modules', 'incubation', 'pitch', 'orientation', 'paused')
                ), measured AS (
                    SELECT j.page, j.carrier_id, s.stage, sum(s.ended - s.began) AS days
                    FROM stay AS s JOIN scoped AS j ON j.journey_id = s.journey_id
                    GROUP BY j.page, j.carrier_id, s.stage
                    UNION ALL
                    -- a person once a page, from the journey they left last (as parcours_last_exits)
                    SELECT x.page, x.carrier_id, 'entry_to_exit', x.days
                    FROM (SELECT DISTINCT ON (e.page, e.carrier_id) e.page, e.carrier_id, e.closed_on - e.opened_on AS days
                          FROM scoped AS e
                          WHERE e.closed_on BETWEEN from_date AND to_date
                          ORDER BY e.page, e.carrier_id, e.closed_on DESC, e.journey_id DESC) AS x
                ), person AS (
                    SELECT s.*
                    FROM parcours_scope_carrier(pages, breakdown, false, ARRAY(
                          SELECT ROW(e.page, e.carrier_id, e.entry_on, e.carrier_operator_id, e.commune_id, e.gender, e.birth_date)::parcours_counted_person
                          FROM (SELECT DISTINCT j.page, j.carrier_id, j.entry_on, j.carrier_operator_id, j.commune_id, j.gender, j.birth_date
                                FROM scoped AS j
                                WHERE (j.page, j.carrier_id) IN (SELECT m.page, m.carrier_id FROM measured AS m)) AS e)) AS s
                )
                SELECT p.page, 'durations', p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education,
                       GROUPING(p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education) <> 0,
                       m.stage, count(*),
                       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY m.days)::numeric, 1)::float8,
                       round(percentile_cont(0.75) WITHIN GROUP (ORDER BY m.days)::numeric, 1)::float8
                FROM measured AS m
                JOIN person AS p ON p.page = m.page AND p.carrier_id = m.carrier_id
                GROUP BY GROUPING SETS ((p.page, p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education, m.stage), (p.page, m.stage))
                ORDER BY 1, 9, 3, 4, 5, 6, 7, 8,
                         array_position(ARRAY['idea', 'workshops', 'modules', 'incubation', 'pitch', 'orientation', 'paused',
                                              'entry_to_exit'], m.stage)
            ) AS q;
        WHEN 'referrals' THEN
            RETURN QUERY
                WITH scoped AS MATERIALIZED (
                    -- the journeys with a referral proposed in the period, each with its person's entry in the page
                    SELECT * FROM parcours_scope_period(pages, from_date, to_date, 'referred', true)
                ), person AS (
                    SELECT s.*
                    FROM parcours_scope_carrier(pages, breakdown, false, ARRAY(
                          SELECT ROW(e.page, e.carrier_id, e.entry_on, e.carrier_operator_id, e.commune_id, e.gender, e.birth_date)::parcours_counted_person
                          FROM (SELECT DISTINCT j.page, j.carrier_id, j.entry_on, j.carrier_operator_id, j.commune_id, j.gender, j.birth_date FROM scoped AS j) AS e)) AS s
                ), referred AS MATERIALIZED (
                    SELECT p.page, p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education, j.carrier_id,
                           r.status, r.proposed_on, r.answered_on, r.decline_reason, pa.id AS partner_id, pa.name AS partner_name, pa.kind
                    FROM scoped AS j
                    JOIN person AS p ON p.page = j.page AND p.carrier_id = j.carrier_id
                    JOIN referral AS r ON r.journey_id = j.journey_id
                    JOIN partner AS pa ON pa.id = r.partner_id
                    WHERE r.proposed_on BETWEEN from_date AND to_date
                )
                SELECT parcours_row_cells(row_to_json(q)) FROM (
                    SELECT f.page, 'referrals', f.g_operator, f.g_territory, f.g_gender, f.g_age, f.g_labour, f.g_education,
                           GROUPING(f.g_operator, f.g_territory, f.g_gender, f.g_age, f.g_labour, f.g_education) <> 0,
                           coalesce(f.kind, 'all'), count(*), count(DISTINCT f.carrier_id),
                           count(*) FILTER (WHERE f.status = 'proposed'), count(*) FILTER (WHERE f.status = 'studying'),
                           count(*) FILTER (WHERE f.status = 'accepted'),
                           count(*) FILTER (WHERE f.status = 'declined'), count(*) FILTER (WHERE f.status = 'completed'),
                           -- taken up: the partner accepted the carrier (and perhaps already completed)
                           round(100.0 * count(*) FILTER (WHERE f.status IN ('accepted', 'completed')) / nullif(count(*), 0), 1)::float8,
                           -- the service level the partner networks ask for: answered (even « à l'étude ») within 3 and 5 days
                           round(100.0 * count(*) FILTER (WHERE f.answered_on - f.proposed_on <= 3) / nullif(count(*), 0), 1)::float8,
                           round(100.0 * count(*) FILTER (WHERE f.answered_on - f.proposed_on <= 5) / nullif(count(*), 0), 1)::float8,
                           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY f.answered_on - f.proposed_on)::numeric, 1)::float8
                    FROM referred AS f
                    GROUP BY GROUPING SETS ((f.page, f.g_operator, f.g_territory, f.g_gender, f.g_age, f.g_labour, f.g_education, f.kind),
                                            (f.page, f.kind), (f.page))
                    -- the empty grouping set yields a row even without any referral
                    HAVING count(*) > 0
                    ORDER BY 1, 9, 3, 4, 5, 6, 7, 8, f.kind NULLS LAST
                ) AS q
                UNION ALL
                -- each partner's service level, by name (the scope's whole: never broken down)
                SELECT parcours_row_cells(row_to_json(q)) FROM (
                    SELECT f.page, 'referral_partners', NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, true,
                           f.partner_name, f.kind, count(*), count(*) FILTER (WHERE f.status = 'declined'),
                           round(100.0 * count(*) FILTER (WHERE f.status IN ('accepted', 'completed')) / count(*), 1)::float8,
                           round(100.0 * count(*) FILTER (WHERE f.answered_on - f.proposed_on <= 3) / count(*), 1)::float8,
                           round(100.0 * count(*) FILTER (WHERE f.answered_on - f.proposed_on <= 5) / count(*), 1)::float8,
                           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY f.answered_on - f.proposed_on)::numeric, 1)::float8
                    FROM referred AS f
                    GROUP BY f.page, f.partner_id, f.partner_name, f.kind
                    ORDER BY 1, f.partner_name, f.partner_id
                ) AS q
                UNION ALL
                -- the partners' refusals by reason, and each reason's share of them
                SELECT parcours_row_cells(row_to_json(q)) FROM (
                    SELECT f.page, 'referral_declines', NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, true,
                           coalesce(f.decline_reason, 'unknown'), count(*),
                           round(100.0 * count(*) / sum(count(*)) OVER (PARTITION BY f.page), 1)::float8
                    FROM referred AS f
                    WHERE f.status = 'declined'
                    GROUP BY f.page, coalesce(f.decline_reason, 'unknown')
                    ORDER BY 1, count(*) DESC, 10
                ) AS q;
        WHEN 'profile' THEN
            RETURN QUERY SELECT parcours_row_cells(row_to_json(q)) FROM (
                WITH person AS (
                    SELECT s.*
                    FROM parcours_scope_carrier(pages, breakdown, true, ARRAY(
                          -- people who entered the page in the period: a journey opened in it, their first there
                          SELECT ROW(e.page, e.carrier_id, e.entry_on, e.carrier_operator_id, e.commune_id, e.gender, e.birth_date)::parcours_counted_person
                          FROM (SELECT DISTINCT j.page, j.carrier_id, j.entry_on, j.carrier_operator_id, j.commune_id, j.gender, j.birth_date
                                FROM parcours_scope_period(pages, from_date, to_date, 'opened', true) AS j
                                WHERE j.entry_on BETWEEN from_date AND to_date) AS e)) AS s
                ), trait AS (
                    SELECT p.*, t.section, t.category, t.ord, t.counted
                    FROM person AS p
                    CROSS JOIN LATERAL (VALUES
                        ('gender', p.gender, array_position(ARRAY['woman', 'man', 'non_binary', 'unknown'], p.gender), true),
                        ('age', p.age_band, array_position(ARRAY['under_18', '18_29', '30_54', '55_plus', 'unknown'], p.age_band), true),
                        ('labour', p.labour_status, array_position(ARRAY['unemployed', 'long_term_unemployed', 'inactive', 'employed',
                                                                         'self_employed', 'unknown'], p.labour_status), true),
                        ('education', p.education_level, array_position(ARRAY['isced_0_2', 'isced_3_4', 'isced_5_8', 'unknown'],
                                                                        p.education_level), true),
                        -- sensitive: only people who consented count, in the denominator too
                        ('disadvantage', 'disability', 1, p.consented AND p.disability),
                        ('disadvantage', 'third_country_national', 2, p.consented AND p.third_country_national),
                        ('disadvantage', 'foreign_background', 3, p.consented AND p.foreign_background),
                        ('disadvantage', 'homeless', 4, p.consented AND p.homeless)
                    ) AS t (section, category, ord, counted)
                    WHERE t.section <> 'disadvantage' OR p.consented
                ), counted AS (
                    SELECT t.page, t.section, t.g_operator, t.g_territory, t.g_gender, t.g_age, t.g_labour, t.g_education,
                           GROUPING(t.g_operator, t.g_territory, t.g_gender, t.g_age, t.g_labour, t.g_education) <> 0 AS is_total,
                           t.category, min(t.ord) AS ord,
                           count(*) FILTER (WHERE t.counted) AS carriers,
                           count(*) AS population,
                           count(*) FILTER (WHERE t.counted AND t.gender = 'woman') AS women,
                           count(*) FILTER (WHERE t.counted AND t.gender = 'man') AS men,
                           count(*) FILTER (WHERE t.counted AND t.gender = 'non_binary') AS non_binary
                    FROM trait AS t
                    GROUP BY GROUPING SETS ((t.page, t.section, t.g_operator, t.g_territory, t.g_gender, t.g_age, t.g_labour,
                                             t.g_education, t.category),
                                            (t.page, t.section, t.category))
                )
                SELECT page, section, g_operator, g_territory, g_gender, g_age, g_labour, g_education, is_total, category, carriers,
                       -- a share of the group's people; for disadvantages, of those who consented
                       round(100.0 * carriers / nullif(CASE WHEN section = 'disadvantage' THEN population
                             ELSE sum(carriers) OVER (PARTITION BY page, section, g_operator, g_territory, g_gender, g_age, g_labour,
                                                                   g_education, is_total) END, 0), 1)::float8,
                       women, men, non_binary
                FROM counted
                ORDER BY page, array_position(ARRAY['gender', 'age', 'labour', 'education', 'disadvantage'], section), 9, 3, 4, 5, 6, 7, 8, ord
            ) AS q;
        WHEN 'profile_exclusions' THEN
            RETURN QUERY SELECT parcours_row_cells(row_to_json(q)) FROM (
                SELECT page, (count(*) FILTER (WHERE NOT has_profile))::int, (count(*) FILTER (WHERE has_profile AND NOT consented))::int
                FROM parcours_scope_carrier(pages, '{}'::text[], true, ARRAY(
                      SELECT ROW(e.page, e.carrier_id, e.entry_on, e.carrier_operator_id, e.commune_id, e.gender, e.birth_date)::parcours_counted_person
                      FROM (SELECT DISTINCT j.page, j.carrier_id, j.entry_on, j.carrier_operator_id, j.commune_id, j.gender, j.birth_date
                            FROM parcours_scope_period(pages, from_date, to_date, 'opened', true) AS j
                            WHERE j.entry_on BETWEEN from_date AND to_date) AS e)) AS s
                GROUP BY page
                ORDER BY page
            ) AS q;
        WHEN 'no_commune' THEN
            RETURN QUERY SELECT parcours_row_cells(row_to_json(q)) FROM (
                -- the caller gives the pages without their territory
                SELECT j.page, count(DISTINCT j.carrier_id)::int
                FROM parcours_scope_period(pages, from_date, to_date, 'active', false) AS j
                JOIN carrier AS c ON c.id = j.carrier_id
                WHERE c.commune_id IS NULL AND j.opened_on <= to_date AND (j.closed_on IS NULL OR j.closed_on >= from_date)
                GROUP BY j.page
                ORDER BY j.page
            ) AS q;
        WHEN 'monthly_exits' THEN
            RETURN QUERY SELECT parcours_row_cells(row_to_json(q)) FROM (
                WITH exit_by_month AS (
                    SELECT DISTINCT ON (j.page, j.carrier_id, date_trunc('month', j.closed_on)) j.page, j.closed_on, j.phase AS outcome
                    FROM parcours_scope_period(pages, from_date, to_date, 'closed', false) AS j
                    ORDER BY j.page, j.carrier_id, date_trunc('month', j.closed_on), j.closed_on DESC, j.journey_id DESC
                )
                SELECT pg.page, to_char(m.month, 'YYYY-MM'), o.outcome, count(x.outcome)::int
                FROM jsonb_to_recordset(pages) AS pg (page integer)
                CROSS JOIN generate_series(date_trunc('month', from_date), to_date, interval '1 month') AS m (month)
                CROSS JOIN unnest(ARRAY['activity_created', 'employed', 'training', 'handed_on', 'withdrawn']) WITH ORDINALITY AS o (outcome, ord)
                LEFT JOIN exit_by_month AS x ON x.page = pg.page AND date_trunc('month', x.closed_on) = m.month AND x.outcome = o.outcome
                GROUP BY pg.page, m.month, o.outcome, o.ord
                ORDER BY pg.page, m.month, o.ord
            ) AS q;
        WHEN 'cohorts' THEN
            RETURN QUERY SELECT parcours_row_cells(row_to_json(q)) FROM (
                SELECT j.page, c.name, p.name, to_char(c.starts_on, 'YYYY-MM-DD'),
                       count(DISTINCT j.carrier_id)::int,
                       (count(DISTINCT j.carrier_id) FILTER (WHERE j.closed_on IS NULL OR j.closed_on > to_date))::int,
                       (count(DISTINCT j.carrier_id) FILTER (WHERE j.closed_on <= to_date))::int,
                       (count(DISTINCT j.carrier_id) FILTER (
                           WHERE j.closed_on <= to_date AND j.phase IN ('activity_created', 'employed', 'training')))::int
                FROM parcours_scope_period(pages, from_date, to_date, 'active', false) AS j
                JOIN cohort AS c ON c.id = j.cohort_id
                JOIN programme AS p ON p.id = c.programme_id
                WHERE j.opened_on <= to_date AND (j.closed_on IS NULL OR j.closed_on >= from_date)
                GROUP BY j.page, c.id, c.operator_id, c.name, p.name, c.starts_on
                ORDER BY j.page, c.starts_on NULLS LAST, c.name, p.name, c.id  -- cohorts of two programmes may share a name and a start
            ) AS q;
        WHEN 'territories' THEN
            RETURN QUERY SELECT parcours_row_cells(row_to_json(q)) FROM (
                -- the régions and départements where people live, and the Pays and Parcs (operators'
                -- groupings) their communes belong to, with the operators whose people live there
                SELECT 0, t.id, t.code, t.name, t.kind, array_position(ARRAY['region', 'department', 'pays', 'park'], t.kind),
                       string_agg(DISTINCT c.operator_id::text, ',')
                FROM (SELECT DISTINCT c.commune_id, j.operator_id
                      FROM parcours_scope_journey('[{"page": 0}]') AS j JOIN carrier AS c ON c.id = j.carrier_id
                      WHERE c.commune_id IS NOT NULL) AS c
                JOIN territory_ancestor AS a ON a.territory_id = c.commune_id
                JOIN territory AS t ON t.id = a.ancestor_id
                WHERE (a.official AND a.ancestor_kind IN ('region', 'department')) OR (NOT a.official AND a.ancestor_kind IN ('pays', 'park'))
                GROUP BY t.id, t.code, t.name, t.kind
                ORDER BY 6, t.name
            ) AS q;
        ELSE
            RAISE EXCEPTION 'no report query %', report USING ERRCODE = 'PA001';
    END CASE;
END
$$;


ALTER FUNCTION public.parcours_report_rows(report text, pages jsonb, breakdown text[], from_date date, to_date date) OWNER TO parcours_owner;

--
-- Name: parcours_reports_on(text, bigint, bigint, bigint, bigint, bigint, bigint); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_reports_on(acting_role text, acting_operator bigint, acting_staff bigint, acting_funder bigint, of_journey bigint, of_operator bigint, of_counsellor bigint) RETURNS SETOF boolean
    LANGUAGE sql STABLE
    AS $$
    SELECT true
    WHERE acting_role IN ('admin', 'network')
       OR (acting_role = 'coordinator' AND of_operator = acting_operator)
       OR (acting_role = 'counsellor' AND of_operator = acting_operator
           AND (of_counsellor IS NULL OR of_counsellor = acting_staff))
       OR (acting_role = 'funder' AND EXISTS (
               SELECT FROM public.funding_journey AS fj JOIN public.funding AS f ON f.id = fj.funding_id
               WHERE fj.journey_id = of_journey AND f.funder_id = acting_funder))
$$;


ALTER FUNCTION public.parcours_reports_on(acting_role text, acting_operator bigint, acting_staff bigint, acting_funder bigint, of_journey bigint, of_operator bigint, of_counsellor bigint) OWNER TO parcours_owner;

--
-- Name: parcours_retention_due(interval, date); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_retention_due(kept_for interval, on_date date) RETURNS TABLE(carrier_id bigint, operator_id bigint, last_closed_on date, kept_until date)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
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


ALTER FUNCTION public.parcours_retention_due(kept_for interval, on_date date) OWNER TO parcours_owner;

--
-- Name: parcours_retention_intakes_due(interval, date); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_retention_intakes_due(kept_for interval, on_date date) RETURNS TABLE(intake_id bigint, operator_id bigint, kept_until date)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    SELECT i.id, i.operator_id, (coalesce(i.decided_on, i.contacted_on) + kept_for)::date
    FROM intake AS i
    WHERE i.status <> 'admitted' AND i.first_name <> parcours_erased()
      AND (coalesce(i.decided_on, i.contacted_on) + kept_for)::date < on_date
      AND (parcours_writes_all() OR (parcours_current_role() = 'coordinator' AND i.operator_id = parcours_current_operator()))
    ORDER BY i.id
$$;


ALTER FUNCTION public.parcours_retention_intakes_due(kept_for interval, on_date date) OWNER TO parcours_owner;

--
-- Name: parcours_row_cells(json); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_row_cells(r json) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN (SELECT (json_agg(e.value ORDER BY e.ord))::text AS json_agg FROM json_each_text(parcours_row_cells.r) WITH ORDINALITY e(key, value, ord));


ALTER FUNCTION public.parcours_row_cells(r json) OWNER TO parcours_owner;

--
-- Name: parcours_rural_zoning(bigint, date); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_rural_zoning(commune bigint, on_date date) RETURNS SETOF text
    LANGUAGE sql STABLE
    AS $$
    SELECT z.kind FROM public.territory_zoning AS z
    WHERE z.territory_id IN (SELECT c.id FROM parcours_territory_containers(commune) AS c (id))
      AND z.valid_from <= on_date AND (z.valid_to IS NULL OR z.valid_to >= on_date)
    ORDER BY CASE z.kind WHEN 'frr-plus' THEN 0 WHEN 'frr' THEN 1 ELSE 2 END
    LIMIT 1
$$;


ALTER FUNCTION public.parcours_rural_zoning(commune bigint, on_date date) OWNER TO parcours_owner;

--
-- Name: parcours_scope_carrier(jsonb, text[], boolean, public.parcours_counted_person[]); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_scope_carrier(pages jsonb, breakdown text[], with_profile boolean, people public.parcours_counted_person[]) RETURNS TABLE(page integer, carrier_id bigint, entry_on date, g_operator text, g_territory text, g_gender text, g_age text, g_labour text, g_education text, gender text, age_band text, labour_status text, education_level text, has_profile boolean, consented boolean, disability boolean, third_country_national boolean, foreign_background boolean, homeless boolean)
    LANGUAGE sql STABLE ROWS 20000
    SET jit TO 'off'
    SET enable_nestloop TO 'off'
    AS $$
    WITH person AS MATERIALIZED (
        SELECT * FROM parcours_counted_people(people)
    ), many AS MATERIALIZED (
        -- counted once: an array read from a table is unpacked again at each use (56,000 times)
        SELECT count(*) > 20000 AS are_many FROM person
    ), depth AS (
        SELECT * FROM jsonb_to_recordset(pages) AS p (page integer, depth integer)
    ), place AS (
        SELECT pl.territory_id, pl.level, pl.label
        FROM public.territory_place AS pl
        WHERE (SELECT m.are_many FROM many AS m) AND 'territory' = ANY (breakdown)
          AND pl.level IN (SELECT d.depth FROM depth AS d)
    ), profile AS (
        -- once per person and entry date, however many pages they are in
        SELECT d.carrier_id, d.entry_on, p.*
        FROM (SELECT DISTINCT e.carrier_id, e.entry_on FROM person AS e
              WHERE with_profile OR breakdown && ARRAY['labour', 'education']) AS d
        LEFT JOIN LATERAL (
            SELECT cp.id, cp.labour_status, cp.education_level, cp.consent_on, cp.disability,
                   cp.third_country_national, cp.foreign_background, cp.homeless
            FROM public.carrier_profile AS cp
            WHERE cp.carrier_id = d.carrier_id
            ORDER BY cp.recorded_on > d.entry_on, abs(cp.recorded_on - d.entry_on), cp.id DESC
            LIMIT 1
        ) AS p ON true
    )
    -- Without a breakdown or a profile a report needs its people alone, not their records (the
    -- other columns are null).
    SELECT e.page, e.carrier_id, e.entry_on, NULL, NULL, NULL, NULL, NULL, NULL,
           NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM person AS e
    WHERE cardinality(breakdown) = 0 AND NOT with_profile
    UNION ALL
    SELECT e.page, e.carrier_id, e.entry_on,
           CASE WHEN 'operator' = ANY (breakdown) THEN o.name END,
           CASE WHEN 'territory' = ANY (breakdown) THEN coalesce(one_place.label, many_places.label, 'unknown') END,
           CASE WHEN 'gender' = ANY (breakdown) THEN coalesce(e.gender, 'unknown') END,
           CASE WHEN 'age' = ANY (breakdown) THEN parcours_age_band(e.birth_date, e.entry_on) END,
           CASE WHEN 'labour' = ANY (breakdown) THEN coalesce(p.labour_status, 'unknown') END,
           CASE WHEN 'education' = ANY (breakdown) THEN coalesce(p.education_level, 'unknown') END,
           coalesce(e.gender, 'unknown'), CASE WHEN with_profile THEN parcours_age_band(e.birth_date, e.entry_on) END,
           coalesce(p.labour_status, 'unknown'), coalesce(p.education_level, 'unknown'), p.id IS NOT NULL,
           p.consent_on IS NOT NULL, p.disability, p.third_country_national, p.foreign_background, p.homeless
    FROM person AS e
    JOIN public.operator AS o ON o.id = e.operator_id
    LEFT JOIN profile AS p ON p.carrier_id = e.carrier_id AND p.entry_on = e.entry_on
    LEFT JOIN depth AS pd ON pd.page = e.page AND 'territory' = ANY (breakdown)
    -- the commune's label: by the primary key for a few people, never every commune of France
    -- hashed; for many, the communes of the pages' levels hashed once (56,000 probes took 0.14 s)
    LEFT JOIN LATERAL (SELECT pl.label FROM public.territory_place AS pl
                       WHERE NOT (SELECT m.are_many FROM many AS m)
                         AND pl.territory_id = e.commune_id AND pl.level = pd.depth OFFSET 0) AS one_place ON true
    LEFT JOIN place AS many_places ON many_places.territory_id = e.commune_id AND many_places.level = pd.depth
    WHERE cardinality(breakdown) > 0 OR with_profile
$$;


ALTER FUNCTION public.parcours_scope_carrier(pages jsonb, breakdown text[], with_profile boolean, people public.parcours_counted_person[]) OWNER TO parcours_owner;

--
-- Name: parcours_scope_intake(jsonb, text[]); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_scope_intake(pages jsonb, breakdown text[]) RETURNS TABLE(page integer, intake_id bigint, g_operator text, g_territory text, g_prescriber text)
    LANGUAGE sql STABLE
    SET jit TO 'off'
    SET enable_nestloop TO 'off'
    AS $$
    WITH page AS (
        SELECT * FROM jsonb_to_recordset(pages)
            AS p (page integer, operator bigint, territory bigint, programme bigint, cohort bigint, funding bigint, depth integer)
    ), linked AS MATERIALIZED (
        -- the journeys first contacts led to
        SELECT j.id, j.programme_id, j.cohort_id FROM public.intake AS i JOIN public.journey AS j ON j.id = i.journey_id
    ), by_journey AS (
        -- the pages that name a programme, a cohort or an agreement, with their journeys — only
        -- those one of these journeys may be in: a national site's 1,300 programme and cohort
        -- pages had their journeys found for no first contact at all (5 s)
        SELECT s.page, s.journey_id
        FROM parcours_scope_journey((
            SELECT jsonb_agg(p.value - 'operator' - 'territory') FROM jsonb_array_elements(pages) AS p
            WHERE (p.value ->> 'programme' IS NOT NULL OR p.value ->> 'cohort' IS NOT NULL OR p.value ->> 'funding' IS NOT NULL)
              AND ((p.value ->> 'cohort')::bigint IN (SELECT l.cohort_id FROM linked AS l)
                   OR (p.value ->> 'programme')::bigint IN (SELECT l.programme_id FROM linked AS l)
                   OR EXISTS (SELECT FROM public.funding_journey AS fj JOIN linked AS l ON l.id = fj.journey_id
                              WHERE fj.funding_id = (p.value ->> 'funding')::bigint))
        )) AS s
    ), found AS (
        -- each page with the first contacts its kind of filter finds, by hash joins: one lateral
        -- reading a page at a time went through every page's journeys for each of a site's 1,300
        -- programme and cohort pages (64 s of a national site)
        SELECT pg.page, pg.depth, pg.operator AS page_operator, pg.territory, i.id, i.operator_id, i.commune_id, i.prescriber
        FROM by_journey AS b
        JOIN page AS pg ON pg.page = b.page
        JOIN public.intake AS i ON i.journey_id = b.journey_id
        WHERE pg.programme IS NOT NULL OR pg.cohort IS NOT NULL OR pg.funding IS NOT NULL
        UNION ALL
        SELECT pg.page, pg.depth, pg.operator, pg.territory, i.id, i.operator_id, i.commune_id, i.prescriber
        FROM page AS pg JOIN public.intake AS i ON i.operator_id = pg.operator
        WHERE pg.programme IS NULL AND pg.cohort IS NULL AND pg.funding IS NULL
        UNION ALL
        SELECT pg.page, pg.depth, pg.operator, pg.territory, i.id, i.operator_id, i.commune_id, i.prescriber
        FROM page AS pg CROSS JOIN public.intake AS i
        WHERE pg.programme IS NULL AND pg.cohort IS NULL AND pg.funding IS NULL AND pg.operator IS NULL
    ), kept AS (
        SELECT f.page, f.depth, f.id, f.commune_id, o.name AS operator, f.prescriber
        FROM found AS f
        JOIN public.operator AS o ON o.id = f.operator_id
        WHERE (parcours_current_role() IN ('admin', 'network')
               OR (parcours_current_role() IN ('coordinator', 'counsellor') AND f.operator_id = parcours_current_operator()))
          AND (f.page_operator IS NULL OR f.operator_id = f.page_operator)
          AND (f.territory IS NULL
               OR EXISTS (SELECT FROM public.territory_ancestor AS a WHERE a.ancestor_id = f.territory AND a.territory_id = f.commune_id))
    )
    SELECT f.page, f.id,
           CASE WHEN 'operator' = ANY (breakdown) THEN f.operator END,
           CASE WHEN 'territory' = ANY (breakdown) THEN coalesce(pl.label, 'unknown') END,
           CASE WHEN 'prescriber' = ANY (breakdown) THEN f.prescriber END
    FROM kept AS f
    LEFT JOIN public.territory_place AS pl ON pl.territory_id = f.commune_id AND pl.level = f.depth
$$;


ALTER FUNCTION public.parcours_scope_intake(pages jsonb, breakdown text[]) OWNER TO parcours_owner;

--
-- Name: parcours_scope_journey(jsonb); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_scope_journey(pages jsonb) RETURNS TABLE(page integer, journey_id bigint, carrier_id bigint, operator_id bigint, programme_id bigint, cohort_id bigint, opened_on date, closed_on date, phase text)
    LANGUAGE sql STABLE
    SET jit TO 'off'
    SET enable_nestloop TO 'on'
    AS $$
    WITH me AS MATERIALIZED (
        SELECT parcours_current_role() AS role, parcours_current_operator() AS operator_id,
               parcours_current_staff() AS staff_id, parcours_current_funder() AS funder_id
    ), page AS (
        SELECT * FROM jsonb_to_recordset(pages)
            AS p (page integer, operator bigint, territory bigint, programme bigint, cohort bigint, funding bigint)
    )
    SELECT pg.page, j.id, j.carrier_id, j.operator_id, j.programme_id, j.cohort_id, j.opened_on, j.closed_on, j.phase
    FROM page AS pg
    CROSS JOIN LATERAL (
        -- a page's journeys found through its most selective filter (an index each), with their
        -- carrier; every filter is checked below
        SELECT j.*, c.commune_id, c.counsellor_id FROM public.journey AS j JOIN public.carrier AS c ON c.id = j.carrier_id
        WHERE j.cohort_id = pg.cohort
        UNION ALL
        SELECT j.*, c.commune_id, c.counsellor_id FROM public.journey AS j JOIN public.carrier AS c ON c.id = j.carrier_id
        WHERE pg.cohort IS NULL AND j.programme_id = pg.programme
        UNION ALL
        SELECT j.*, c.commune_id, c.counsellor_id
        FROM public.funding_journey AS fj
        JOIN public.journey AS j ON j.id = fj.journey_id JOIN public.carrier AS c ON c.id = j.carrier_id
        WHERE pg.cohort IS NULL AND pg.programme IS NULL AND fj.funding_id = pg.funding
        UNION ALL
        SELECT j.*, c.commune_id, c.counsellor_id FROM public.journey AS j JOIN public.carrier AS c ON c.id = j.carrier_id
        WHERE pg.cohort IS NULL AND pg.programme IS NULL AND pg.funding IS NULL AND j.operator_id = pg.operator
        UNION ALL
        SELECT j.*, c.commune_id, c.counsellor_id
        FROM public.territory_ancestor AS a
        JOIN public.carrier AS c ON c.commune_id = a.territory_id
        JOIN public.journey AS j ON j.carrier_id = c.id
        WHERE pg.cohort IS NULL AND pg.programme IS NULL AND pg.funding IS NULL AND pg.operator IS NULL
          AND a.ancestor_id = pg.territory
        UNION ALL
        SELECT j.*, c.commune_id, c.counsellor_id FROM public.journey AS j JOIN public.carrier AS c ON c.id = j.carrier_id
        WHERE pg.cohort IS NULL AND pg.programme IS NULL AND pg.funding IS NULL AND pg.operator IS NULL
          AND pg.territory IS NULL
    ) AS j
    CROSS JOIN me
    CROSS JOIN LATERAL parcours_reports_on(me.role, me.operator_id, me.staff_id, me.funder_id, j.id, j.operator_id, j.counsellor_id)
    WHERE (pg.operator IS NULL OR j.operator_id = pg.operator)
      AND (pg.programme IS NULL OR j.programme_id = pg.programme)
      AND (pg.cohort IS NULL OR j.cohort_id = pg.cohort)
      -- one index probe a journey (`IN (subtree)` scanned the territory's communes for each), and
      -- none when the territory found the journey
      AND (pg.territory IS NULL
           OR (pg.cohort IS NULL AND pg.programme IS NULL AND pg.funding IS NULL AND pg.operator IS NULL)
           OR EXISTS (SELECT FROM public.territory_ancestor AS a WHERE a.ancestor_id = pg.territory AND a.territory_id = j.commune_id))
      -- and none when the agreement found it
      AND (pg.funding IS NULL OR (pg.cohort IS NULL AND pg.programme IS NULL)
           OR EXISTS (SELECT FROM public.funding_journey AS fj WHERE fj.funding_id = pg.funding AND fj.journey_id = j.id))
$$;


ALTER FUNCTION public.parcours_scope_journey(pages jsonb) OWNER TO parcours_owner;

--
-- Name: parcours_scope_period(jsonb, date, date, text, boolean); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_scope_period(pages jsonb, from_date date, to_date date, which text, with_entry boolean) RETURNS TABLE(page integer, journey_id bigint, carrier_id bigint, programme_id bigint, cohort_id bigint, opened_on date, closed_on date, phase text, entry_on date, carrier_operator_id bigint, commune_id bigint, gender text, birth_date date)
    LANGUAGE sql STABLE ROWS 20000
    SET jit TO 'off'
    SET enable_nestloop TO 'off'
    AS $$
    WITH me AS MATERIALIZED (
        SELECT parcours_current_role() AS role, parcours_current_operator() AS operator_id,
               parcours_current_staff() AS staff_id, parcours_current_funder() AS funder_id
    ), page AS MATERIALIZED (
        SELECT * FROM jsonb_to_recordset(pages)
            AS p (page integer, operator bigint, territory bigint, programme bigint, cohort bigint, funding bigint)
    ), one AS MATERIALIZED (
        -- The one operator that every page and the acting identity come down to, if any — a
        -- coordinator's or counsellor's reports, an operator's page: its journeys alone are read.
        SELECT coalesce(
                   CASE WHEN me.role IN ('coordinator', 'counsellor') THEN me.operator_id END,
                   (SELECT min(p.operator) FROM page AS p
                    HAVING count(*) = count(p.operator) AND min(p.operator) = max(p.operator))) AS operator_id
        FROM me
    ), counted AS (
        -- each branch by its own index; `which` chooses one, the network's or one operator's. The
        -- branches never overlap (each leaves out what an earlier one found): appended, not
        -- deduplicated — hashing every column of a year's 160,000 active journeys to find none twice.
        SELECT j.* FROM public.journey AS j
        WHERE which = 'closed' AND (SELECT operator_id FROM one) IS NULL AND j.closed_on BETWEEN from_date AND to_date
        UNION ALL
        SELECT j.* FROM public.journey AS j
        WHERE which = 'active' AND (SELECT operator_id FROM one) IS NULL AND j.closed_on IS NULL AND j.opened_on <= to_date
        UNION ALL
        SELECT j.* FROM public.journey AS j
        WHERE which = 'active' AND (SELECT operator_id FROM one) IS NULL AND j.closed_on >= from_date AND j.opened_on <= to_date
        UNION ALL
        SELECT j.* FROM public.journey AS j
        WHERE which = 'active' AND (SELECT operator_id FROM one) IS NULL
          AND j.id IN (SELECT a.journey_id FROM parcours_period_attendance(from_date, to_date) AS a)
          AND NOT (j.opened_on <= to_date AND (j.closed_on IS NULL OR j.closed_on >= from_date))
        UNION ALL
        SELECT j.* FROM public.journey AS j
        WHERE which = 'opened' AND (SELECT operator_id FROM one) IS NULL AND j.opened_on BETWEEN from_date AND to_date
        UNION ALL
        SELECT j.* FROM public.journey AS j
        WHERE which = 'referred' AND (SELECT operator_id FROM one) IS NULL AND j.id IN (
            SELECT r.journey_id FROM public.referral AS r WHERE r.proposed_on BETWEEN from_date AND to_date)
        UNION ALL
        SELECT j.* FROM public.journey AS j
        WHERE which = 'changed' AND (SELECT operator_id FROM one) IS NULL AND j.closed_on BETWEEN from_date AND to_date
        UNION ALL
        SELECT j.* FROM public.journey AS j
        WHERE which = 'changed' AND (SELECT operator_id FROM one) IS NULL AND j.id IN (
            SELECT e.journey_id FROM public.journey_event AS e WHERE e.effective_on BETWEEN from_date AND to_date)
          AND (j.closed_on IS NULL OR j.closed_on NOT BETWEEN from_date AND to_date)
        UNION ALL
        -- one operator's journeys (an index), those of the period kept
        SELECT j.* FROM public.journey AS j
        WHERE j.operator_id = (SELECT operator_id FROM one)
          AND CASE which
                  WHEN 'closed' THEN j.closed_on BETWEEN from_date AND to_date
                  WHEN 'active' THEN (j.opened_on <= to_date AND (j.closed_on IS NULL OR j.closed_on >= from_date))
                                     OR j.id IN (SELECT a.journey_id FROM parcours_period_attendance(from_date, to_date) AS a)
                  WHEN 'opened' THEN j.opened_on BETWEEN from_date AND to_date
                  WHEN 'referred' THEN j.id IN (
                      SELECT r.journey_id FROM public.referral AS r WHERE r.proposed_on BETWEEN from_date AND to_date)
                  WHEN 'changed' THEN j.closed_on BETWEEN from_date AND to_date OR j.id IN (
                      SELECT e.journey_id FROM public.journey_event AS e WHERE e.effective_on BETWEEN from_date AND to_date)
              END
    ), candidate AS MATERIALIZED (
        -- each journey's person: by the primary key for one operator's journeys (a quarter's are
        -- 1 % of a network's people, never worth hashing them all), in one pass for the network's
        SELECT j.id, j.carrier_id, j.operator_id, j.programme_id, j.cohort_id, j.opened_on, j.closed_on, j.phase,
               c.commune_id, c.counsellor_id, c.entered_on, c.operator_id AS carrier_operator_id, c.gender, c.birth_date
        FROM counted AS j
        CROSS JOIN LATERAL (SELECT c.commune_id, c.counsellor_id, c.entered_on, c.operator_id, c.gender, c.birth_date FROM public.carrier AS c
                            WHERE c.id = j.carrier_id OFFSET 0) AS c
        CROSS JOIN me
        CROSS JOIN LATERAL parcours_reports_on(me.role, me.operator_id, me.staff_id, me.funder_id, j.id, j.operator_id, c.counsellor_id)
        WHERE (SELECT operator_id FROM one) IS NOT NULL
        UNION ALL
        SELECT j.id, j.carrier_id, j.operator_id, j.programme_id, j.cohort_id, j.opened_on, j.closed_on, j.phase,
               c.commune_id, c.counsellor_id, c.entered_on, c.operator_id AS carrier_operator_id, c.gender, c.birth_date
        FROM counted AS j JOIN public.carrier AS c ON c.id = j.carrier_id CROSS JOIN me
        CROSS JOIN LATERAL parcours_reports_on(me.role, me.operator_id, me.staff_id, me.funder_id, j.id, j.operator_id, c.counsellor_id)
        WHERE (SELECT operator_id FROM one) IS NULL
    ), found AS (
        -- each page with the journeys its most selective filter finds, carried along (not found
        -- by their key and joined back: a network's 48,000 journeys hashed once more)
        SELECT pg.page, pg.operator, pg.territory, pg.programme, pg.cohort, pg.funding, x.*
        FROM page AS pg JOIN candidate AS x ON x.cohort_id = pg.cohort
        UNION ALL
        SELECT pg.page, pg.operator, pg.territory, pg.programme, pg.cohort, pg.funding, x.*
        FROM page AS pg JOIN candidate AS x ON x.programme_id = pg.programme
        WHERE pg.cohort IS NULL
        UNION ALL
        SELECT pg.page, pg.operator, pg.territory, pg.programme, pg.cohort, pg.funding, x.*
        FROM page AS pg JOIN public.funding_journey AS fj ON fj.funding_id = pg.funding JOIN candidate AS x ON x.id = fj.journey_id
        WHERE pg.cohort IS NULL AND pg.programme IS NULL
        UNION ALL
        SELECT pg.page, pg.operator, pg.territory, pg.programme, pg.cohort, pg.funding, x.*
        FROM page AS pg JOIN candidate AS x ON x.operator_id = pg.operator
        WHERE pg.cohort IS NULL AND pg.programme IS NULL AND pg.funding IS NULL
        UNION ALL
        SELECT pg.page, pg.operator, pg.territory, pg.programme, pg.cohort, pg.funding, x.*
        FROM page AS pg JOIN public.territory_ancestor AS a ON a.ancestor_id = pg.territory JOIN candidate AS x ON x.commune_id = a.territory_id
        WHERE pg.cohort IS NULL AND pg.programme IS NULL AND pg.funding IS NULL AND pg.operator IS NULL
        UNION ALL
        SELECT pg.page, pg.operator, pg.territory, pg.programme, pg.cohort, pg.funding, x.*
        FROM page AS pg CROSS JOIN candidate AS x
        WHERE pg.cohort IS NULL AND pg.programme IS NULL AND pg.funding IS NULL AND pg.operator IS NULL AND pg.territory IS NULL
    ), paged AS MATERIALIZED (
        -- every filter of the page holds, not only the one that found the journey
        SELECT f.page, f.programme, f.cohort, f.funding, f.id, f.carrier_id, f.operator_id, f.programme_id, f.cohort_id,
               f.opened_on, f.closed_on, f.phase, f.commune_id, f.counsellor_id, f.entered_on,
               f.carrier_operator_id, f.gender, f.birth_date
        FROM found AS f
        WHERE (f.operator IS NULL OR f.operator_id = f.operator)
          AND (f.programme IS NULL OR f.programme_id = f.programme)
          AND (f.cohort IS NULL OR f.cohort_id = f.cohort)
          AND (f.territory IS NULL
               OR (f.cohort IS NULL AND f.programme IS NULL AND f.funding IS NULL AND f.operator IS NULL)
               OR EXISTS (SELECT FROM public.territory_ancestor AS a WHERE a.ancestor_id = f.territory AND a.territory_id = f.commune_id))
          AND (f.funding IS NULL OR (f.cohort IS NULL AND f.programme IS NULL)
               OR EXISTS (SELECT FROM public.funding_journey AS fj WHERE fj.funding_id = f.funding AND fj.journey_id = f.id))
    ), entry AS (
        -- A person's journeys share their operator and their commune: only a page's programme,
        -- cohort or agreement, and a funder's view, choose among them.
        SELECT k.carrier_id, k.programme, k.cohort, k.funding,
               (SELECT min(j.opened_on)
                FROM public.journey AS j
                CROSS JOIN LATERAL parcours_reports_on(
                    me.role, me.operator_id, me.staff_id, me.funder_id, j.id, j.operator_id, k.counsellor_id)
                WHERE j.carrier_id = k.carrier_id
                  AND (k.programme = 0 OR j.programme_id = k.programme)
                  AND (k.cohort = 0 OR j.cohort_id = k.cohort)
                  AND (k.funding = 0 OR EXISTS (
                          SELECT FROM public.funding_journey AS fj WHERE fj.funding_id = k.funding AND fj.journey_id = j.id))
               ) AS entry_on
        FROM (SELECT DISTINCT p.carrier_id, p.counsellor_id, coalesce(p.programme, 0) AS programme,
                     coalesce(p.cohort, 0) AS cohort, coalesce(p.funding, 0) AS funding
              FROM paged AS p
              WHERE with_entry
                AND (p.programme IS NOT NULL OR p.cohort IS NOT NULL OR p.funding IS NOT NULL
                     OR (SELECT me.role FROM me) = 'funder')) AS k
        CROSS JOIN me
    )
    -- The entry kept with the person, except where a page or a funder's view chooses among their
    -- journeys (apart: joined to the looked-up entries, a network's journeys were hashed again).
    SELECT p.page, p.id, p.carrier_id, p.programme_id, p.cohort_id, p.opened_on, p.closed_on, p.phase,
           CASE WHEN with_entry THEN p.entered_on END, p.carrier_operator_id, p.commune_id, p.gender, p.birth_date
    FROM paged AS p
    WHERE NOT (with_entry AND (p.programme IS NOT NULL OR p.cohort IS NOT NULL OR p.funding IS NOT NULL
                               OR (SELECT me.role IS NOT DISTINCT FROM 'funder' FROM me)))
    UNION ALL
    SELECT p.page, p.id, p.carrier_id, p.programme_id, p.cohort_id, p.opened_on, p.closed_on, p.phase,
           coalesce(e.entry_on, p.entered_on), p.carrier_operator_id, p.commune_id, p.gender, p.birth_date
    FROM paged AS p
    LEFT JOIN entry AS e ON e.carrier_id = p.carrier_id AND e.programme = coalesce(p.programme, 0)
                        AND e.cohort = coalesce(p.cohort, 0) AND e.funding = coalesce(p.funding, 0)
    WHERE with_entry AND (p.programme IS NOT NULL OR p.cohort IS NOT NULL OR p.funding IS NOT NULL
                          OR (SELECT me.role IS NOT DISTINCT FROM 'funder' FROM me))
$$;


ALTER FUNCTION public.parcours_scope_period(pages jsonb, from_date date, to_date date, which text, with_entry boolean) OWNER TO parcours_owner;

--
-- Name: parcours_set_acting_staff(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_set_acting_staff() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
BEGIN
    NEW.staff_id := parcours_current_staff();
    RETURN NEW;
END
$$;


ALTER FUNCTION public.parcours_set_acting_staff() OWNER TO parcours_owner;

--
-- Name: parcours_set_referral_expiry(bigint, integer); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_set_referral_expiry(of_operator bigint, days integer) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
BEGIN
    IF parcours_current_staff() IS NULL THEN
        RAISE EXCEPTION 'no identity established' USING ERRCODE = 'PA401';
    END IF;
    IF NOT (parcours_writes_all()
            OR (parcours_current_role() = 'coordinator' AND parcours_current_operator() = of_operator)) THEN
        RAISE EXCEPTION 'operator % not found', of_operator USING ERRCODE = 'PA404';
    END IF;
    UPDATE operator SET referral_expiry_days = days WHERE id = of_operator;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'operator % not found', of_operator USING ERRCODE = 'PA404';
    END IF;
END
$$;


ALTER FUNCTION public.parcours_set_referral_expiry(of_operator bigint, days integer) OWNER TO parcours_owner;

--
-- Name: parcours_share_dashboard(bytea, text, bigint, boolean, timestamp with time zone, text, text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_share_dashboard(presented_sha256 bytea, of_scope_kind text, of_scope_id bigint, is_public boolean, expires timestamp with time zone, share_label text, audit_channel text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    made bigint;
    shared_operator bigint;
BEGIN
    IF parcours_current_staff() IS NULL THEN
        RAISE EXCEPTION 'no identity established' USING ERRCODE = 'PA401';
    END IF;
    -- An operator's pages are shared only by those who may read that operator's figures.
    IF of_scope_kind = 'operator' THEN
        IF (coalesce(parcours_reads_all(), false)
            OR of_scope_id IS NOT DISTINCT FROM parcours_current_operator() AND of_scope_id IS NOT NULL
            OR (parcours_current_role() IS NOT DISTINCT FROM 'funder' AND coalesce(parcours_funder_covers_operator(of_scope_id), false)))
           IS NOT TRUE THEN
            RAISE EXCEPTION 'operator % not found', of_scope_id USING ERRCODE = 'PA404';
        END IF;
        shared_operator := of_scope_id;
    ELSE
        shared_operator := parcours_current_operator();
    END IF;
    INSERT INTO dashboard_share (staff_id, token_sha256, scope_kind, scope_id, operator_id, public, label, expires_at)
    VALUES (parcours_current_staff(), presented_sha256, of_scope_kind, of_scope_id, shared_operator, is_public, share_label, expires)
    RETURNING id INTO made;
    INSERT INTO audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
    VALUES (parcours_current_staff(), audit_channel, 'share', NULL, shared_operator,
            left(format('dashboard share %s: %s%s%s, until %s', made, of_scope_kind, ':' || of_scope_id,
                        CASE WHEN is_public THEN ', public' ELSE '' END, to_char(expires AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD')), 200));
    RETURN made;
END
$$;


ALTER FUNCTION public.parcours_share_dashboard(presented_sha256 bytea, of_scope_kind text, of_scope_id bigint, is_public boolean, expires timestamp with time zone, share_label text, audit_channel text) OWNER TO parcours_owner;

--
-- Name: parcours_share_reference_table(regclass); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_share_reference_table(t regclass) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %s FOR SELECT TO parcours_app USING ((SELECT parcours_current_role()) IS NOT NULL)',
                   t::text || '_read', t);
    EXECUTE format('CREATE POLICY %I ON %s FOR ALL TO parcours_app USING ((SELECT parcours_writes_all())) '
                   'WITH CHECK ((SELECT parcours_writes_all()))', t::text || '_write', t);
    EXECUTE format('CREATE POLICY %I ON %s FOR ALL TO pg_database_owner USING (true) WITH CHECK (true)', t::text || '_owner', t);
END
$$;


ALTER FUNCTION public.parcours_share_reference_table(t regclass) OWNER TO parcours_owner;

--
-- Name: parcours_sign_follow_up_questionnaire(bytea, text, boolean, text, date); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_sign_follow_up_questionnaire(presented_sha256 bytea, new_situation text, gained boolean, typed_name text, signed date) RETURNS TABLE(signature_id bigint, answers_sha256 text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    link record;
    answers text;
    made bigint;
BEGIN
    SELECT l.id, l.staff_id, l.operator_id, l.carrier_id, l.kind, l.journey_id INTO link
    FROM public.questionnaire_link AS l JOIN public.carrier AS c ON c.id = l.carrier_id
    WHERE l.token_sha256 = presented_sha256 AND l.kind IN ('exit', 'six_months') AND l.revoked_at IS NULL AND l.signed_at IS NULL
      AND l.expires_at > now() AND c.first_name <> parcours_erased()
    FOR UPDATE OF l;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'questionnaire link not open' USING ERRCODE = 'PA401', DETAIL = 'questionnaire_link_closed';
    END IF;
    PERFORM parcours_establish_identity(link.staff_id, '');
    INSERT INTO public.follow_up (operator_id, journey_id, after_months, situation, qualification_gained, recorded_on, staff_id)
    VALUES (link.operator_id, link.journey_id, CASE link.kind WHEN 'exit' THEN 0 ELSE 6 END, new_situation,
            CASE WHEN link.kind = 'exit' THEN gained END, signed, link.staff_id)
    ON CONFLICT (journey_id, after_months, operator_id) DO UPDATE
        SET situation = excluded.situation, qualification_gained = excluded.qualification_gained, recorded_on = excluded.recorded_on;

    answers := concat_ws(E'\n',
        'questionnaire=' || link.kind, 'carrier=' || link.carrier_id, 'journey=' || link.journey_id, 'situation=' || new_situation,
        CASE WHEN link.kind = 'exit' THEN 'qualification_gained=' || parcours_answer_word(gained, false) END,
        'signed_name=' || btrim(typed_name), 'signed_on=' || to_char(signed, 'YYYY-MM-DD')) || E'\n';
    INSERT INTO public.questionnaire_signature (operator_id, carrier_id, link_id, kind, signed_name, signed_on, answers, answers_sha256)
    VALUES (link.operator_id, link.carrier_id, link.id, link.kind, btrim(typed_name), signed, answers, sha256(convert_to(answers, 'UTF8')))
    RETURNING id INTO made;
    UPDATE public.questionnaire_link SET signed_at = now()
    WHERE carrier_id = link.carrier_id AND kind = link.kind AND journey_id = link.journey_id AND signed_at IS NULL AND revoked_at IS NULL;
    INSERT INTO public.audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
    VALUES (link.staff_id, 'http', 'change', link.carrier_id, link.operator_id,
            format('%s questionnaire signed by the person (link %s)', replace(link.kind, '_', '-'), link.id));
    -- The maker's identity served these writes only: the caller's transaction gets none.
    PERFORM set_config('parcours.identity', '', true);
    PERFORM set_config('parcours.identity_seal', '', true);
    RETURN QUERY SELECT made, encode(sha256(convert_to(answers, 'UTF8')), 'hex');
END
$$;


ALTER FUNCTION public.parcours_sign_follow_up_questionnaire(presented_sha256 bytea, new_situation text, gained boolean, typed_name text, signed date) OWNER TO parcours_owner;

--
-- Name: parcours_sign_questionnaire(bytea, text, date, text, text, text, text, boolean, boolean, boolean, boolean, boolean, boolean, text[], text, date); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_sign_questionnaire(presented_sha256 bytea, new_gender text, new_birth_date date, new_email text, new_phone text, new_labour text, new_education text, consented boolean, new_disability boolean, new_third_country_national boolean, new_foreign_background boolean, new_minority boolean, new_homeless boolean, new_declined text[], typed_name text, signed date) RETURNS TABLE(signature_id bigint, answers_sha256 text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    link record;
    person record;
    consent date;
    answers text;
    made bigint;
    changed text[];
BEGIN
    SELECT l.id, l.staff_id, l.operator_id, l.carrier_id INTO link
    FROM public.questionnaire_link AS l JOIN public.carrier AS c ON c.id = l.carrier_id
    WHERE l.token_sha256 = presented_sha256 AND l.kind = 'entry' AND l.revoked_at IS NULL AND l.signed_at IS NULL AND l.expires_at > now()
      AND c.first_name <> parcours_erased()
    FOR UPDATE OF l;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'questionnaire link not open' USING ERRCODE = 'PA401', DETAIL = 'questionnaire_link_closed';
    END IF;
    PERFORM parcours_establish_identity(link.staff_id, '');

    SELECT c.gender, c.birth_date, c.email, c.phone INTO person FROM public.carrier AS c WHERE c.id = link.carrier_id;
    changed := array_remove(ARRAY[
        CASE WHEN new_gender IS DISTINCT FROM person.gender THEN 'gender' END,
        CASE WHEN new_birth_date IS DISTINCT FROM person.birth_date THEN 'birth_date' END,
        CASE WHEN new_email IS NOT NULL AND new_email IS DISTINCT FROM person.email THEN 'email' END,
        CASE WHEN new_phone IS NOT NULL AND new_phone IS DISTINCT FROM person.phone THEN 'phone' END], NULL);
    IF cardinality(changed) > 0 THEN
        UPDATE public.carrier
        SET gender = new_gender, birth_date = new_birth_date, email = coalesce(new_email, email), phone = coalesce(new_phone, phone)
        WHERE id = link.carrier_id;
        INSERT INTO public.carrier_event (operator_id, carrier_id, kind, fields, reason, staff_id)
        VALUES (link.operator_id, link.carrier_id, 'update', changed, format('questionnaire signed by the person (link %s)', link.id), link.staff_id);
    END IF;

    -- A consent given before stays dated from then.
    IF consented THEN
        SELECT coalesce(min(cp.consent_on), signed) INTO consent FROM public.carrier_profile AS cp
        WHERE cp.carrier_id = link.carrier_id AND cp.consent_on IS NOT NULL;
    END IF;
    INSERT INTO public.carrier_profile (operator_id, carrier_id, recorded_on, labour_status, education_level, consent_on, disability,
                                        third_country_national, foreign_background, minority, homeless, declined, staff_id)
    VALUES (link.operator_id, link.carrier_id, signed, new_labour, new_education, consent, new_disability, new_third_country_national,
            new_foreign_background, new_minority, new_homeless, coalesce(new_declined, '{}'), link.staff_id);

    SELECT c.email, c.phone INTO person FROM public.carrier AS c WHERE c.id = link.carrier_id;
    answers := concat_ws(E'\n',
        'questionnaire=entry', 'carrier=' || link.carrier_id, 'gender=' || coalesce(new_gender, ''),
        'birth_date=' || coalesce(to_char(new_birth_date, 'YYYY-MM-DD'), ''), 'email=' || coalesce(person.email, ''),
        'phone=' || coalesce(person.phone, ''),
        'labour_status=' || CASE WHEN 'labour_status' = ANY (new_declined) THEN 'declined' ELSE coalesce(new_labour, '') END,
        'education_level=' || CASE WHEN 'education_level' = ANY (new_declined) THEN 'declined' ELSE coalesce(new_education, '') END,
        'consent_on=' || coalesce(to_char(consent, 'YYYY-MM-DD'), ''),
        'disability=' || parcours_answer_word(new_disability, 'disability' = ANY (new_declined)),
        'third_country_national=' || parcours_answer_word(new_third_country_national, 'third_country_national' = ANY (new_declined)),
        'foreign_background=' || parcours_answer_word(new_foreign_background, 'foreign_background' = ANY (new_declined)),
        'minority=' || parcours_answer_word(new_minority, 'minority' = ANY (new_declined)),
        'homeless=' || parcours_answer_word(new_homeless, 'homeless' = ANY (new_declined)),
        'signed_name=' || btrim(typed_name), 'signed_on=' || to_char(signed, 'YYYY-MM-DD')) || E'\n';
    INSERT INTO public.questionnaire_signature (operator_id, carrier_id, link_id, kind, signed_name, signed_on, answers, answers_sha256)
    VALUES (link.operator_id, link.carrier_id, link.id, 'entry', btrim(typed_name), signed, answers, sha256(convert_to(answers, 'UTF8')))
    RETURNING id INTO made;
    -- Signed: this link and the person's other open ones (a reminder's) are spent.
    UPDATE public.questionnaire_link SET signed_at = now()
    WHERE carrier_id = link.carrier_id AND kind = 'entry' AND signed_at IS NULL AND revoked_at IS NULL;
    INSERT INTO public.audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
    VALUES (link.staff_id, 'http', 'change', link.carrier_id, link.operator_id,
            format('entry questionnaire signed by the person (link %s)', link.id));
    -- The maker's identity served these writes only: the caller's transaction gets none.
    PERFORM set_config('parcours.identity', '', true);
    PERFORM set_config('parcours.identity_seal', '', true);
    RETURN QUERY SELECT made, encode(sha256(convert_to(answers, 'UTF8')), 'hex');
END
$$;


ALTER FUNCTION public.parcours_sign_questionnaire(presented_sha256 bytea, new_gender text, new_birth_date date, new_email text, new_phone text, new_labour text, new_education text, consented boolean, new_disability boolean, new_third_country_national boolean, new_foreign_background boolean, new_minority boolean, new_homeless boolean, new_declined text[], typed_name text, signed date) OWNER TO parcours_owner;

--
-- Name: staff; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.staff (
    id bigint NOT NULL,
    email text NOT NULL,
    display_name text DEFAULT ''::text NOT NULL,
    operator_id bigint,
    role text NOT NULL,
    active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    funder_id bigint,
    CONSTRAINT staff_display_name_limit CHECK ((length(display_name) <= 200)),
    CONSTRAINT staff_email_check CHECK ((email ~ '^[^@\s]+@[^@\s]+$'::text)),
    CONSTRAINT staff_email_limit CHECK ((length(email) <= 254)),
    CONSTRAINT staff_funder_bound CHECK (((role = 'funder'::text) = (funder_id IS NOT NULL))),
    CONSTRAINT staff_operator_bound CHECK (((role <> ALL (ARRAY['counsellor'::text, 'coordinator'::text])) OR (operator_id IS NOT NULL))),
    CONSTRAINT staff_role_check CHECK ((role = ANY (ARRAY['counsellor'::text, 'coordinator'::text, 'network'::text, 'funder'::text, 'admin'::text])))
);

ALTER TABLE ONLY public.staff FORCE ROW LEVEL SECURITY;


ALTER TABLE public.staff OWNER TO parcours_owner;

--
-- Name: parcours_staff_email(bigint); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_staff_email(staff_id bigint) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    RETURN (SELECT s.email FROM public.staff s WHERE ((s.id = parcours_staff_email.staff_id) AND (public.parcours_current_role() = ANY (ARRAY['counsellor'::text, 'coordinator'::text, 'network'::text, 'admin'::text])) AND ((s.id = public.parcours_current_staff()) OR (s.operator_id = public.parcours_current_operator()) OR ((s.operator_id IS NULL) AND (s.role = ANY (ARRAY['admin'::text, 'network'::text]))) OR public.parcours_reads_all())));


ALTER FUNCTION public.parcours_staff_email(staff_id bigint) OWNER TO parcours_owner;

--
-- Name: parcours_subject_access(bigint, text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_subject_access(of_carrier bigint, audit_channel text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    document jsonb;
BEGIN
    IF NOT parcours_manages_carrier(of_carrier) THEN
        RAISE EXCEPTION 'carrier % not found', of_carrier USING ERRCODE = 'PA404';
    END IF;
    SELECT parcours_subject_access_document(of_carrier, audit_channel)::jsonb INTO document;
    RETURN jsonb_set(
        jsonb_set(document, '{profiles}',
                  (SELECT coalesce(jsonb_agg(jsonb_build_object(
                       'recorded_on', p.recorded_on, 'labour_status', p.labour_status, 'education_level', p.education_level,
                       'consent_on', p.consent_on, 'disability', p.disability, 'third_country_national', p.third_country_national,
                       'foreign_background', p.foreign_background, 'minority', p.minority, 'homeless', p.homeless,
                       'declined', to_jsonb(p.declined)) ORDER BY p.recorded_on, p.id), '[]')
                   FROM carrier_profile AS p WHERE p.carrier_id = of_carrier)),
        '{qualifications_at_exit}',
        (SELECT coalesce(jsonb_agg(jsonb_build_object('journey_id', f.journey_id, 'qualification_gained', f.qualification_gained)
                                   ORDER BY f.journey_id), '[]')
         FROM follow_up AS f JOIN journey AS j ON j.id = f.journey_id
         WHERE j.carrier_id = of_carrier AND f.qualification_gained IS NOT NULL))::text;
END
$$;


ALTER FUNCTION public.parcours_subject_access(of_carrier bigint, audit_channel text) OWNER TO parcours_owner;

--
-- Name: parcours_subject_access_document(bigint, text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_subject_access_document(of_carrier bigint, audit_channel text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    document json;
BEGIN
    IF NOT parcours_manages_carrier(of_carrier) THEN
        RAISE EXCEPTION 'carrier % not found', of_carrier USING ERRCODE = 'PA404';
    END IF;
    PERFORM parcours_audit('export', ARRAY[of_carrier], audit_channel, 'subject access export');
    SELECT json_build_object(
        'exported_at', to_char(now() AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD"T"HH24:MI:SS'),
        'carrier', (SELECT json_build_object(
                        'id', c.id, 'operator', o.name, 'external_ref', c.external_ref, 'first_name', c.first_name,
                        'last_name', c.last_name, 'gender', c.gender, 'birth_date', c.birth_date, 'email', c.email,
                        'phone', c.phone, 'commune', t.code, 'counsellor', s.email, 'created_at', c.created_at)
                    FROM carrier AS c JOIN operator AS o ON o.id = c.operator_id
                    LEFT JOIN territory AS t ON t.id = c.commune_id LEFT JOIN staff AS s ON s.id = c.counsellor_id
                    WHERE c.id = of_carrier),
        'profiles', (SELECT coalesce(json_agg(json_build_object(
                         'recorded_on', p.recorded_on, 'labour_status', p.labour_status, 'education_level', p.education_level,
                         'consent_on', p.consent_on, 'disability', p.disability, 'third_country_national', p.third_country_national,
                         'foreign_background', p.foreign_background, 'homeless', p.homeless) ORDER BY p.recorded_on, p.id), '[]')
                     FROM carrier_profile AS p WHERE p.carrier_id = of_carrier),
        'journeys', (SELECT coalesce(json_agg(json_build_object(
                         'id', j.id, 'programme', pr.name, 'phase', j.phase, 'opened_on', j.opened_on, 'closed_on', j.closed_on,
                         'history', (SELECT coalesce(json_agg(json_build_object(
                                         'kind', e.kind, 'from', e.from_state, 'to', e.to_state, 'effective_on', e.effective_on,
                                         'reason', e.reason) ORDER BY e.seq), '[]') FROM journey_event AS e WHERE e.journey_id = j.id),
                         'corrections', (SELECT coalesce(json_agg(json_build_object(
                                             'kind', x.kind, 'from', x.from_state, 'to', x.to_state, 'effective_on', x.effective_on,
                                             'reason', x.reason, 'cancelled', x.cancelled, 'correction_reason', x.correction_reason,
                                             'corrected_at', x.corrected_at) ORDER BY x.id), '[]')
                                         FROM journey_event_correction AS x WHERE x.journey_id = j.id),
                         'attendance', (SELECT coalesce(json_agg(json_build_object(
                                            'session', se.title, 'starts_at', se.starts_at, 'status', a.status, 'minutes', a.minutes)
                                            ORDER BY se.starts_at), '[]')
                                        FROM attendance AS a JOIN session AS se ON se.id = a.session_id WHERE a.journey_id = j.id),
                         'cape', (SELECT coalesce(json_agg(json_build_object(
                                      'ended_on', cc.ended_on, 'end_reason', cc.end_reason,
                                      'periods', (SELECT json_agg(json_build_object('starts_on', cp.starts_on, 'ends_on', cp.ends_on) ORDER BY cp.seq)
                                                  FROM cape_period AS cp WHERE cp.contract_id = cc.id))), '[]')
                                  FROM cape_contract AS cc WHERE cc.journey_id = j.id),
                         'jury', (SELECT coalesce(json_agg(json_build_object('decision', d.decision, 'decided_on', d.decided_on, 'note', d.note)
                                                           ORDER BY d.decided_on), '[]') FROM jury_decision AS d WHERE d.journey_id = j.id),
                         'referrals', (SELECT coalesce(json_agg(json_build_object(
                                           'partner', pa.name, 'reason', r.reason, 'status', r.status, 'proposed_on', r.proposed_on,
                                           'answered_on', r.answered_on, 'note', r.note, 'consent_to_share', r.consent_to_share)
                                           ORDER BY r.proposed_on), '[]')
                                       FROM referral AS r JOIN partner AS pa ON pa.id = r.partner_id WHERE r.journey_id = j.id),
                         'activity', (SELECT json_build_object('legal_form', ac.legal_form, 'created_on', ac.created_on, 'jobs_fte', ac.jobs_fte,
                                                               'name', ac.name) FROM activity AS ac WHERE ac.journey_id = j.id),
                         'follow_ups', (SELECT coalesce(json_agg(json_build_object('after_months', f.after_months, 'situation', f.situation,
                                                                                  'recorded_on', f.recorded_on, 'note', f.note)
                                                                ORDER BY f.after_months), '[]') FROM follow_up AS f WHERE f.journey_id = j.id)
                     ) ORDER BY j.opened_on, j.id), '[]')
                     FROM journey AS j JOIN programme AS pr ON pr.id = j.programme_id WHERE j.carrier_id = of_carrier),
        'intakes', (SELECT coalesce(json_agg(json_build_object(
                        'contacted_on', i.contacted_on, 'prescriber', i.prescriber, 'info_session_on', i.info_session_on,
                        'diagnostic_on', i.diagnostic_on, 'status', i.status, 'decided_on', i.decided_on, 'note', i.note)
                        ORDER BY i.contacted_on, i.id), '[]')
                    FROM intake AS i WHERE i.carrier_id = of_carrier),
        'audit', (SELECT coalesce(json_agg(json_build_object('at', a.at, 'staff', s.email, 'channel', a.channel, 'action', a.action,
                                                            'detail', a.detail) ORDER BY a.id), '[]')
                  FROM audit_event AS a JOIN staff AS s ON s.id = a.staff_id WHERE a.carrier_id = of_carrier)
    ) INTO document;
    RETURN document::text;
END
$$;


ALTER FUNCTION public.parcours_subject_access_document(of_carrier bigint, audit_channel text) OWNER TO parcours_owner;

--
-- Name: parcours_territory_depth(text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_territory_depth(kind text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE kind WHEN 'region'::text THEN 0 WHEN 'department'::text THEN 1 WHEN 'commune'::text THEN 3 ELSE 2 END;


ALTER FUNCTION public.parcours_territory_depth(kind text) OWNER TO parcours_owner;

--
-- Name: parcours_territory_lineage(bigint); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_territory_lineage(of_territory bigint) RETURNS TABLE(id bigint, kind text, code text, name text)
    LANGUAGE sql STABLE
    AS $$
    SELECT t.id, t.kind, t.code, t.name
    FROM public.territory_ancestor AS a JOIN public.territory AS t ON t.id = a.ancestor_id
    WHERE a.territory_id = of_territory AND a.official
$$;


ALTER FUNCTION public.parcours_territory_lineage(of_territory bigint) OWNER TO parcours_owner;

--
-- Name: parcours_territory_subtree(bigint); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_territory_subtree(root bigint) RETURNS SETOF bigint
    LANGUAGE sql STABLE
    AS $$
    SELECT a.territory_id FROM public.territory_ancestor AS a WHERE a.ancestor_id = root
$$;


ALTER FUNCTION public.parcours_territory_subtree(root bigint) OWNER TO parcours_owner;

--
-- Name: parcours_today(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_today() RETURNS date
    LANGUAGE sql STABLE
    RETURN ((now() AT TIME ZONE 'Europe/Paris'::text))::date;


ALTER FUNCTION public.parcours_today() OWNER TO parcours_owner;

--
-- Name: parcours_transition_refusal(text, text[], text, text, text, text, text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_transition_refusal(programme_name text, phases text[], from_state text, paused_from text, kind text, to_state text, reason text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
DECLARE
    outcomes CONSTANT text[] := ARRAY['activity_created', 'employed', 'training', 'handed_on', 'withdrawn'];
BEGIN
    IF from_state = ANY (outcomes) THEN
        RETURN format('has ended (''%s'') and cannot change; open a new journey', from_state);
    END IF;

    IF kind = 'exit' THEN
        IF to_state = ANY (outcomes) THEN
            RETURN NULL;
        END IF;
        RETURN format('cannot exit with ''%s'' (outcomes: %s)', to_state, array_to_string(outcomes, ', '));
    END IF;

    IF from_state = 'paused' THEN
        IF kind <> 'resume' THEN
            RETURN format('is paused (it left phase ''%s''); resume it first', paused_from);
        ELSIF to_state IS DISTINCT FROM paused_from THEN
            RETURN format('resumes in the phase it left (''%s''), not in ''%s''', paused_from, to_state);
        END IF;
        RETURN NULL;
    END IF;

    CASE kind
        WHEN 'advance', 'rework' THEN
            IF NOT (to_state = ANY (phases)) THEN
                RETURN format('follows programme ''%s'', which does not use phase ''%s'' (its phases: %s)',
                              programme_name, to_state, array_to_string(phases, ', '));
            END IF;
            IF kind = 'advance' THEN
                IF to_state = from_state THEN
                    RETURN format('is already in phase ''%s''', from_state);
                ELSIF parcours_phase_rank(to_state) < parcours_phase_rank(from_state) THEN
                    RETURN format('is in phase ''%s''; ''%s'' is not reachable from it without rework',
                                  from_state, to_state);
                END IF;
            ELSE
                IF parcours_phase_rank(to_state) >= parcours_phase_rank(from_state) THEN
                    RETURN format('is in phase ''%s''; a rework goes back to an earlier phase and ''%s'' is not before it',
                                  from_state, to_state);
                ELSIF btrim(coalesce(reason, '')) = '' THEN
                    RETURN 'needs a reason for a rework (--reason)';
                END IF;
            END IF;
            RETURN NULL;
        WHEN 'pause' THEN
            IF to_state <> 'paused' THEN
                RETURN format('pauses into ''paused'', not ''%s''', to_state);
            END IF;
            RETURN NULL;
        WHEN 'resume' THEN
            RETURN format('is not paused (it is in ''%s'')', from_state);
        ELSE
            RETURN format('cannot record a ''%s'' event now', kind);
    END CASE;
END
$$;


ALTER FUNCTION public.parcours_transition_refusal(programme_name text, phases text[], from_state text, paused_from text, kind text, to_state text, reason text) OWNER TO parcours_owner;

--
-- Name: parcours_unlink_questionnaire(bigint, text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_unlink_questionnaire(of_link bigint, audit_channel text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    link record;
BEGIN
    SELECT l.id, l.staff_id, l.operator_id, l.carrier_id, l.kind, l.revoked_at INTO link FROM questionnaire_link AS l WHERE l.id = of_link;
    IF NOT FOUND OR NOT parcours_may_withdraw(link.staff_id, link.operator_id) THEN
        RAISE EXCEPTION 'questionnaire_link % not found', of_link USING ERRCODE = 'PA404';
    END IF;
    IF link.revoked_at IS NOT NULL THEN
        RETURN;
    END IF;
    UPDATE questionnaire_link SET revoked_at = now() WHERE id = of_link;
    INSERT INTO audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
    VALUES (parcours_current_staff(), audit_channel, 'unshare', link.carrier_id, link.operator_id,
            format('%s questionnaire link %s withdrawn', replace(link.kind, '_', '-'), of_link));
END
$$;


ALTER FUNCTION public.parcours_unlink_questionnaire(of_link bigint, audit_channel text) OWNER TO parcours_owner;

--
-- Name: parcours_unlink_referral(bigint, text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_unlink_referral(of_link bigint, audit_channel text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    link record;
BEGIN
    SELECT l.id, l.staff_id, l.operator_id, l.referral_id, l.revoked_at, j.carrier_id INTO link
    FROM referral_link AS l JOIN referral AS r ON r.id = l.referral_id JOIN journey AS j ON j.id = r.journey_id
    WHERE l.id = of_link;
    IF NOT FOUND OR NOT parcours_may_withdraw(link.staff_id, link.operator_id) THEN
        RAISE EXCEPTION 'referral_link % not found', of_link USING ERRCODE = 'PA404';
    END IF;
    IF link.revoked_at IS NOT NULL THEN
        RETURN;
    END IF;
    UPDATE referral_link SET revoked_at = now() WHERE id = of_link;
    INSERT INTO audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
    VALUES (parcours_current_staff(), audit_channel, 'unshare', link.carrier_id, link.operator_id,
            format('referral %s: partner link %s withdrawn', link.referral_id, of_link));
END
$$;


ALTER FUNCTION public.parcours_unlink_referral(of_link bigint, audit_channel text) OWNER TO parcours_owner;

--
-- Name: parcours_unshare_dashboard(bigint, text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_unshare_dashboard(of_share bigint, audit_channel text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    found_share record;
BEGIN
    SELECT d.id, d.staff_id, d.operator_id, d.revoked_at INTO found_share FROM dashboard_share AS d WHERE d.id = of_share;
    IF NOT FOUND OR NOT parcours_may_withdraw(found_share.staff_id, found_share.operator_id) THEN
        RAISE EXCEPTION 'share % not found', of_share USING ERRCODE = 'PA404';
    END IF;
    IF found_share.revoked_at IS NOT NULL THEN
        RETURN;
    END IF;
    UPDATE dashboard_share SET revoked_at = now(), revoked_by = parcours_current_staff() WHERE id = of_share;
    INSERT INTO audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
    VALUES (parcours_current_staff(), audit_channel, 'unshare', NULL, found_share.operator_id, format('dashboard share %s withdrawn', of_share));
END
$$;


ALTER FUNCTION public.parcours_unshare_dashboard(of_share bigint, audit_channel text) OWNER TO parcours_owner;

--
-- Name: parcours_valid_phases(text[]); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_valid_phases(phases text[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ((cardinality(phases) > 0) AND (NOT (EXISTS (SELECT FROM unnest(parcours_valid_phases.phases) WITH ORDINALITY p(phase, n) WHERE ((public.parcours_phase_rank(p.phase) IS NULL) OR ((p.n > 1) AND (public.parcours_phase_rank(p.phase) <= public.parcours_phase_rank((parcours_valid_phases.phases)[(p.n - 1)]))))))));


ALTER FUNCTION public.parcours_valid_phases(phases text[]) OWNER TO parcours_owner;

--
-- Name: parcours_withdraw_consent(bigint, text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_withdraw_consent(of_carrier bigint, audit_channel text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    changed integer;
BEGIN
    IF NOT (parcours_manages_carrier(of_carrier)
            OR (parcours_current_role() = 'counsellor' AND parcours_follows_carrier(of_carrier))) THEN
        RAISE EXCEPTION 'carrier % not found', of_carrier USING ERRCODE = 'PA404';
    END IF;
    UPDATE carrier_profile
    SET consent_on = NULL, disability = NULL, third_country_national = NULL, foreign_background = NULL, homeless = NULL,
        minority = NULL
    WHERE carrier_id = of_carrier;
    GET DIAGNOSTICS changed = ROW_COUNT;
    PERFORM parcours_audit('consent_withdrawn', ARRAY[of_carrier], audit_channel, 'consent withdrawn');
    RETURN changed;
END
$$;


ALTER FUNCTION public.parcours_withdraw_consent(of_carrier bigint, audit_channel text) OWNER TO parcours_owner;

--
-- Name: parcours_withdraw_last_step(bigint, integer, boolean, text, text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_withdraw_last_step(of_journey bigint, expected_version integer, cancelled boolean, correction_reason text, audit_channel text) RETURNS TABLE(seq integer, kind text, to_state text, effective_on date, reason text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    claim text := parcours_verified_identity();
    acting_role text := split_part(claim, '|', 2);
    acting_staff bigint := nullif(split_part(claim, '|', 1), '')::bigint;
    j record;
    step public.journey_event;
    made public.activity;
    before public.journey_event;
BEGIN
    IF claim IS NULL OR acting_role NOT IN ('admin', 'coordinator', 'counsellor') THEN
        RAISE EXCEPTION 'journey %: only a coordinator, a counsellor or the administrator corrects a step', of_journey
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT journey.id, journey.operator_id, journey.carrier_id, journey.version INTO j
    FROM public.journey JOIN public.carrier ON carrier.id = journey.carrier_id
    WHERE journey.id = of_journey
      AND (acting_role = 'admin' OR journey.operator_id = nullif(split_part(claim, '|', 3), '')::bigint)
      AND (acting_role <> 'counsellor' OR carrier.counsellor_id IS NULL OR carrier.counsellor_id = acting_staff)
    FOR UPDATE OF journey;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'journey % not found', of_journey USING ERRCODE = 'PA404';
    END IF;
    IF expected_version IS NOT NULL AND expected_version <> j.version THEN
        RAISE EXCEPTION 'journey % was changed by someone else meanwhile (version % expected, it is now %); reload it and try again',
            j.id, expected_version, j.version
            USING ERRCODE = 'PA409';
    END IF;
    SELECT * INTO step FROM public.journey_event AS e WHERE e.journey_id = j.id AND e.seq = j.version;
    IF step.kind = 'open' THEN
        RAISE EXCEPTION 'journey %: its opening is not a step to correct', j.id
            USING ERRCODE = 'PA001', DETAIL = 'opening_not_correctable';
    END IF;
    IF cancelled AND step.kind = 'exit' AND EXISTS (SELECT FROM public.follow_up AS f WHERE f.journey_id = j.id) THEN
        RAISE EXCEPTION 'journey %: its exit has a follow-up and cannot be cancelled', j.id
            USING ERRCODE = 'PA001', DETAIL = 'exit_has_follow_up';
    END IF;
    IF step.kind = 'exit' THEN
        SELECT * INTO made FROM public.activity AS a WHERE a.journey_id = j.id;
    END IF;

    INSERT INTO public.journey_event_correction (
        operator_id, journey_id, event_id, seq, kind, from_state, to_state, effective_on, recorded_at, staff_id, reason,
        activity_legal_form, activity_created_on, activity_jobs_fte, activity_name, cancelled, correction_reason, corrected_by)
    VALUES (
        j.operator_id, j.id, step.id, step.seq, step.kind, step.from_state, step.to_state, step.effective_on, step.recorded_at,
        step.staff_id, step.reason, made.legal_form, made.created_on, made.jobs_fte, made.name, cancelled, correction_reason,
        acting_staff);
    -- The activity goes with its exit: a corrected exit « activité créée » records it again.
    DELETE FROM public.activity AS a WHERE a.journey_id = j.id AND step.kind = 'exit';
    DELETE FROM public.journey_event AS e WHERE e.id = step.id AND e.operator_id = step.operator_id;

    SELECT * INTO before FROM public.journey_event AS e WHERE e.journey_id = j.id AND e.seq = step.seq - 1;
    UPDATE public.journey
    SET phase = before.to_state,
        paused_from = CASE WHEN before.kind = 'pause' THEN before.from_state END,
        version = before.seq,
        last_change_on = before.effective_on,
        closed_on = NULL
    WHERE id = j.id;

    PERFORM parcours_audit('change', ARRAY[j.carrier_id], audit_channel,
                           format('journey %s step %s %s', j.id, step.seq, CASE WHEN cancelled THEN 'cancelled' ELSE 'corrected' END));
    RETURN QUERY SELECT step.seq, step.kind, step.to_state, step.effective_on, step.reason;
END
$$;


ALTER FUNCTION public.parcours_withdraw_last_step(of_journey bigint, expected_version integer, cancelled boolean, correction_reason text, audit_channel text) OWNER TO parcours_owner;

--
-- Name: parcours_withdraw_registration(bigint, text); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.parcours_withdraw_registration(of_page bigint, audit_channel text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    page record;
BEGIN
    SELECT p.id, p.staff_id, p.operator_id, p.revoked_at INTO page FROM registration_page AS p WHERE p.id = of_page;
    IF NOT FOUND OR NOT parcours_may_withdraw(page.staff_id, page.operator_id) THEN
        RAISE EXCEPTION 'registration_page % not found', of_page USING ERRCODE = 'PA404';
    END IF;
    IF page.revoked_at IS NOT NULL THEN
        RETURN;
    END IF;
    UPDATE registration_page SET revoked_at = now() WHERE id = of_page;
    INSERT INTO audit_event (staff_id, channel, action, operator_id, detail)
    VALUES (parcours_current_staff(), audit_channel, 'unshare', page.operator_id, format('registration page %s withdrawn', of_page));
END
$$;


ALTER FUNCTION public.parcours_withdraw_registration(of_page bigint, audit_channel text) OWNER TO parcours_owner;

--
-- Name: participant_quality_follows(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.participant_quality_follows() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    touched bigint[];
BEGIN
    -- (a transition table named where its trigger does not make it is an error: a branch each)
    IF TG_TABLE_NAME IN ('attendance', 'follow_up') AND TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT j.carrier_id) INTO touched FROM public.journey AS j
        WHERE j.id = ANY (ARRAY(SELECT DISTINCT n.journey_id FROM new_rows AS n));
    ELSIF TG_TABLE_NAME IN ('attendance', 'follow_up') AND TG_OP = 'UPDATE' THEN
        SELECT array_agg(DISTINCT j.carrier_id) INTO touched FROM public.journey AS j
        WHERE j.id = ANY (ARRAY(SELECT n.journey_id FROM new_rows AS n UNION SELECT o.journey_id FROM old_rows AS o));
    ELSIF TG_TABLE_NAME IN ('attendance', 'follow_up') THEN
        SELECT array_agg(DISTINCT j.carrier_id) INTO touched FROM public.journey AS j
        WHERE j.id = ANY (ARRAY(SELECT DISTINCT o.journey_id FROM old_rows AS o));
    ELSIF TG_LEVEL = 'STATEMENT' AND TG_OP = 'INSERT' AND TG_TABLE_NAME IN ('journey', 'carrier_profile') THEN
        SELECT array_agg(DISTINCT n.carrier_id) INTO touched FROM new_rows AS n;
    ELSIF TG_LEVEL = 'STATEMENT' AND TG_OP = 'UPDATE' AND TG_TABLE_NAME IN ('journey', 'carrier_profile') THEN
        SELECT array_agg(t.carrier_id) INTO touched
        FROM (SELECT n.carrier_id FROM new_rows AS n UNION SELECT o.carrier_id FROM old_rows AS o) AS t;
    ELSIF TG_LEVEL = 'STATEMENT' AND TG_TABLE_NAME IN ('journey', 'carrier_profile') THEN
        SELECT array_agg(DISTINCT o.carrier_id) INTO touched FROM old_rows AS o;
    ELSIF TG_TABLE_NAME = 'journey' THEN
        touched := ARRAY[OLD.carrier_id, NEW.carrier_id];
    ELSIF TG_TABLE_NAME = 'carrier' THEN
        touched := ARRAY[NEW.id];
    ELSIF TG_TABLE_NAME = 'session' THEN
        SELECT array_agg(DISTINCT j.carrier_id) INTO touched
        FROM public.attendance AS a JOIN public.journey AS j ON j.id = a.journey_id
        WHERE a.session_id = NEW.id;
    ELSIF TG_TABLE_NAME IN ('funding', 'funding_programme', 'funding_cohort', 'funding_territory') THEN
        SELECT array_agg(c.id) INTO touched FROM public.carrier AS c
        WHERE c.operator_id IN ((CASE WHEN TG_OP <> 'INSERT' THEN OLD.operator_id END), (CASE WHEN TG_OP <> 'DELETE' THEN NEW.operator_id END));
    ELSIF TG_TABLE_NAME = 'funder' THEN
        SELECT array_agg(c.id) INTO touched FROM public.carrier AS c
        WHERE c.operator_id IN (SELECT f.operator_id FROM public.funding AS f WHERE f.funder_id = NEW.id);
    ELSE
        -- territory_ancestor
        SELECT array_agg(c.id) INTO touched FROM public.carrier AS c
        WHERE c.operator_id IN (SELECT ft.operator_id FROM public.funding_territory AS ft);
    END IF;
    IF touched IS NOT NULL THEN
        PERFORM parcours_refresh_participant_quality(touched);
    END IF;
    RETURN NULL;
END
$$;


ALTER FUNCTION public.participant_quality_follows() OWNER TO parcours_owner;

--
-- Name: referral_update_guard(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.referral_update_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
BEGIN
    IF current_user <> 'parcours_app' THEN
        RETURN NEW;
    END IF;
    IF (NEW.operator_id, NEW.journey_id, NEW.partner_id, NEW.reason, NEW.proposed_on, NEW.carrier_first_name,
        NEW.carrier_last_name, NEW.carrier_email, NEW.carrier_phone, NEW.staff_id, NEW.created_at)
       IS DISTINCT FROM
       (OLD.operator_id, OLD.journey_id, OLD.partner_id, OLD.reason, OLD.proposed_on, OLD.carrier_first_name,
        OLD.carrier_last_name, OLD.carrier_email, OLD.carrier_phone, OLD.staff_id, OLD.created_at) THEN
        RAISE EXCEPTION 'referral %: only its answer (status, note, answered_on) can change', OLD.id
            USING ERRCODE = '42501', TABLE = 'referral';
    END IF;
    -- A refusal says why, from the list, since sql/0037 (the earlier ones asked for no reason).
    IF NEW.status = 'declined' AND OLD.status <> 'declined' AND NEW.decline_reason IS NULL THEN
        RAISE EXCEPTION 'referral %: a refusal gives its reason', OLD.id
            USING ERRCODE = 'PA001', DETAIL = 'decline_reason_needed', TABLE = 'referral';
    END IF;
    IF NEW.consent_to_share IS DISTINCT FROM OLD.consent_to_share
       AND NOT (OLD.operator_id = parcours_current_operator() OR parcours_writes_all()) THEN
        RAISE EXCEPTION 'referral %: consent to share is recorded by the referring operator', OLD.id
            USING ERRCODE = '42501', TABLE = 'referral';
    END IF;
    RETURN NEW;
END
$$;


ALTER FUNCTION public.referral_update_guard() OWNER TO parcours_owner;

--
-- Name: territory_ancestors_follow(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.territory_ancestors_follow() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    changed bigint[];
BEGIN
    IF TG_TABLE_NAME = 'territory' AND TG_OP = 'INSERT' THEN
        SELECT array_agg(n.id) INTO changed FROM new_rows AS n;
    ELSIF TG_TABLE_NAME = 'territory' THEN
        -- EXCEPT, not a join: the planner takes a transition table for one row, and a nested loop
        -- over France's 36,000 communes took 140 s.
        SELECT array_agg(m.id) INTO changed FROM (
            SELECT n.id, n.parent_id, n.department_id, n.kind FROM new_rows AS n
            EXCEPT
            SELECT o.id, o.parent_id, o.department_id, o.kind FROM old_rows AS o
        ) AS m;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT n.member_id) INTO changed FROM new_rows AS n;
    ELSE
        SELECT array_agg(DISTINCT o.member_id) INTO changed FROM old_rows AS o;
    END IF;
    PERFORM parcours_refresh_territory_ancestors(changed);
    IF TG_TABLE_NAME = 'territory' AND TG_OP = 'UPDATE' THEN
        -- a new name or code: the labels of everything under the territory
        PERFORM parcours_refresh_territory_places(array_agg(DISTINCT a.territory_id))
        FROM (SELECT n.id, n.name, n.code FROM new_rows AS n
              EXCEPT
              SELECT o.id, o.name, o.code FROM old_rows AS o) AS renamed
        JOIN public.territory_ancestor AS a ON a.ancestor_id = renamed.id;
    END IF;
    RETURN NULL;
END
$$;


ALTER FUNCTION public.territory_ancestors_follow() OWNER TO parcours_owner;

--
-- Name: territory_check_nesting(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.territory_check_nesting() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    parent_kind text;
BEGIN
    IF NEW.parent_id IS NOT NULL THEN
        SELECT kind INTO parent_kind FROM territory WHERE id = NEW.parent_id;
        IF parcours_territory_depth(parent_kind) >= parcours_territory_depth(NEW.kind) THEN
            RAISE EXCEPTION 'territory %: a % cannot sit under a %', NEW.code, NEW.kind, parent_kind
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    RETURN NEW;
END
$$;


ALTER FUNCTION public.territory_check_nesting() OWNER TO parcours_owner;

--
-- Name: territory_member_check(); Type: FUNCTION; Schema: public; Owner: parcours_owner
--

CREATE FUNCTION public.territory_member_check() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    grouping_kind text;
    member_kind text;
BEGIN
    SELECT kind INTO grouping_kind FROM territory WHERE id = NEW.grouping_id;
    SELECT kind INTO member_kind FROM territory WHERE id = NEW.member_id;
    -- Only Pays, Parcs and EPCIs group, only EPCIs and communes are grouped, an EPCI only communes:
    -- no cycle can form.
    IF grouping_kind NOT IN ('pays', 'park', 'epci') OR member_kind NOT IN ('epci', 'commune')
       OR (grouping_kind = 'epci' AND member_kind <> 'commune') THEN
        RAISE EXCEPTION 'a % cannot group a %', grouping_kind, member_kind
            USING ERRCODE = 'PA001', DETAIL = 'territory_grouping_kind';
    END IF;
    RETURN NEW;
END
$$;


ALTER FUNCTION public.territory_member_check() OWNER TO parcours_owner;

--
-- Name: activity; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.activity (
    journey_id bigint NOT NULL,
    operator_id bigint NOT NULL,
    legal_form text NOT NULL,
    created_on date NOT NULL,
    jobs_fte numeric(6,2) DEFAULT 0 NOT NULL,
    name text,
    CONSTRAINT activity_created_on_limit CHECK ((created_on >= '1900-01-01'::date)),
    CONSTRAINT activity_jobs_fte_check CHECK ((jobs_fte >= (0)::numeric)),
    CONSTRAINT activity_legal_form_check CHECK ((legal_form = ANY (ARRAY['association'::text, 'scic'::text, 'scop'::text, 'cae'::text, 'micro_enterprise'::text, 'individual_enterprise'::text, 'company'::text, 'other'::text]))),
    CONSTRAINT activity_name_limit CHECK ((length(name) <= 200))
);

ALTER TABLE ONLY public.activity FORCE ROW LEVEL SECURITY;


ALTER TABLE public.activity OWNER TO parcours_owner;

--
-- Name: api_idempotency; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.api_idempotency (
    staff_id bigint NOT NULL,
    idempotency_key text NOT NULL,
    request_sha256 bytea NOT NULL,
    status integer NOT NULL,
    response text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    carrier_ids bigint[] DEFAULT '{}'::bigint[] NOT NULL,
    CONSTRAINT api_idempotency_idempotency_key_check CHECK (((length(idempotency_key) >= 1) AND (length(idempotency_key) <= 200)))
);

ALTER TABLE ONLY public.api_idempotency FORCE ROW LEVEL SECURITY;


ALTER TABLE public.api_idempotency OWNER TO parcours_owner;

--
-- Name: api_token; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.api_token (
    id bigint NOT NULL,
    staff_id bigint NOT NULL,
    token_sha256 bytea NOT NULL,
    label text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone,
    revoked_at timestamp with time zone,
    CONSTRAINT api_token_label_limit CHECK ((length(label) <= 200)),
    CONSTRAINT api_token_token_sha256_check CHECK ((length(token_sha256) = 32))
);

ALTER TABLE ONLY public.api_token FORCE ROW LEVEL SECURITY;


ALTER TABLE public.api_token OWNER TO parcours_owner;

--
-- Name: api_token_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.api_token ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.api_token_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: attendance; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.attendance (
    operator_id bigint NOT NULL,
    session_id bigint NOT NULL,
    journey_id bigint NOT NULL,
    status text NOT NULL,
    minutes integer NOT NULL,
    staff_id bigint NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT attendance_minutes_check CHECK ((minutes >= 0)),
    CONSTRAINT attendance_minutes_match_status CHECK (((status = 'present'::text) OR (minutes = 0))),
    CONSTRAINT attendance_status_check CHECK ((status = ANY (ARRAY['present'::text, 'excused'::text, 'absent'::text])))
);

ALTER TABLE ONLY public.attendance FORCE ROW LEVEL SECURITY;


ALTER TABLE public.attendance OWNER TO parcours_owner;

--
-- Name: attendance_sheet_scan; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.attendance_sheet_scan (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    session_id bigint NOT NULL,
    sha256 text NOT NULL,
    file_name text NOT NULL,
    bytes bigint NOT NULL,
    staff_id bigint NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT attendance_sheet_scan_bytes_check CHECK ((bytes > 0)),
    CONSTRAINT attendance_sheet_scan_file_name_check CHECK (((length(file_name) >= 1) AND (length(file_name) <= 200))),
    CONSTRAINT attendance_sheet_scan_sha256_check CHECK ((sha256 ~ '^[0-9a-f]{64}$'::text))
);

ALTER TABLE ONLY public.attendance_sheet_scan FORCE ROW LEVEL SECURITY;


ALTER TABLE public.attendance_sheet_scan OWNER TO parcours_owner;

--
-- Name: attendance_sheet_scan_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.attendance_sheet_scan ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.attendance_sheet_scan_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: audit_event_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

CREATE SEQUENCE public.audit_event_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.audit_event_id_seq OWNER TO parcours_owner;

--
-- Name: audit_event_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: parcours_owner
--

ALTER SEQUENCE public.audit_event_id_seq OWNED BY public.audit_event.id;


--
-- Name: audit_head; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.audit_head (
    singleton boolean DEFAULT true NOT NULL,
    last_id bigint DEFAULT 0 NOT NULL,
    hash text DEFAULT repeat('0'::text, 64) NOT NULL,
    last_seq bigint DEFAULT 0 NOT NULL,
    CONSTRAINT audit_head_singleton_check CHECK (singleton)
);

ALTER TABLE ONLY public.audit_head FORCE ROW LEVEL SECURITY;


ALTER TABLE public.audit_head OWNER TO parcours_owner;

--
-- Name: cape_contract; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.cape_contract (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    journey_id bigint NOT NULL,
    couveuse_partner_id bigint,
    ended_on date,
    end_reason text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    period_ends_on date,
    CONSTRAINT cape_contract_end_has_reason CHECK (((ended_on IS NULL) = (end_reason IS NULL))),
    CONSTRAINT cape_contract_end_reason_limit CHECK ((length(end_reason) <= 2000))
);

ALTER TABLE ONLY public.cape_contract FORCE ROW LEVEL SECURITY;


ALTER TABLE public.cape_contract OWNER TO parcours_owner;

--
-- Name: cape_contract_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.cape_contract ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.cape_contract_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: cape_period; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.cape_period (
    operator_id bigint NOT NULL,
    contract_id bigint NOT NULL,
    seq integer NOT NULL,
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    CONSTRAINT cape_period_at_most_12_months CHECK ((ends_on < ((starts_on + '1 year'::interval))::date)),
    CONSTRAINT cape_period_at_most_two_renewals CHECK (((seq >= 0) AND (seq <= 2))),
    CONSTRAINT cape_period_ordered CHECK ((ends_on >= starts_on)),
    CONSTRAINT cape_period_starts_on_limit CHECK ((starts_on >= '1900-01-01'::date))
);

ALTER TABLE ONLY public.cape_period FORCE ROW LEVEL SECURITY;


ALTER TABLE public.cape_period OWNER TO parcours_owner;

--
-- Name: cape_turnover; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.cape_turnover (
    operator_id bigint NOT NULL,
    contract_id bigint NOT NULL,
    month date NOT NULL,
    amount_cents bigint NOT NULL,
    CONSTRAINT cape_turnover_amount_cents_check CHECK ((amount_cents >= 0)),
    CONSTRAINT cape_turnover_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric))
);

ALTER TABLE ONLY public.cape_turnover FORCE ROW LEVEL SECURITY;


ALTER TABLE public.cape_turnover OWNER TO parcours_owner;

--
-- Name: carrier_event; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.carrier_event (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    carrier_id bigint NOT NULL,
    kind text NOT NULL,
    fields text[] DEFAULT '{}'::text[] NOT NULL,
    merged_carrier_id bigint,
    reason text,
    staff_id bigint NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT carrier_event_kind_check CHECK ((kind = ANY (ARRAY['update'::text, 'merge'::text, 'erase'::text]))),
    CONSTRAINT carrier_event_merge_names_duplicate CHECK (((kind = 'merge'::text) = (merged_carrier_id IS NOT NULL))),
    CONSTRAINT carrier_event_reason_limit CHECK ((char_length(reason) <= 2000))
);

ALTER TABLE ONLY public.carrier_event FORCE ROW LEVEL SECURITY;


ALTER TABLE public.carrier_event OWNER TO parcours_owner;

--
-- Name: carrier_event_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.carrier_event ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.carrier_event_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: carrier_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.carrier ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.carrier_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: carrier_profile_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.carrier_profile ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.carrier_profile_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: cohort; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.cohort (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    programme_id bigint NOT NULL,
    name text NOT NULL,
    starts_on date,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT cohort_name_check CHECK ((btrim(name) <> ''::text)),
    CONSTRAINT cohort_name_limit CHECK ((length(name) <= 200)),
    CONSTRAINT cohort_starts_on_limit CHECK ((starts_on >= '1900-01-01'::date))
);

ALTER TABLE ONLY public.cohort FORCE ROW LEVEL SECURITY;


ALTER TABLE public.cohort OWNER TO parcours_owner;

--
-- Name: cohort_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.cohort ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.cohort_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: dashboard_share; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.dashboard_share (
    id bigint NOT NULL,
    staff_id bigint NOT NULL,
    token_sha256 bytea NOT NULL,
    scope_kind text NOT NULL,
    scope_id bigint,
    operator_id bigint,
    public boolean NOT NULL,
    label text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone,
    revoked_by bigint,
    CONSTRAINT dashboard_share_label_check CHECK ((length(label) <= 200)),
    CONSTRAINT dashboard_share_lifetime CHECK (((expires_at > created_at) AND (expires_at <= (created_at + '366 days'::interval)))),
    CONSTRAINT dashboard_share_revoked CHECK (((revoked_at IS NULL) = (revoked_by IS NULL))),
    CONSTRAINT dashboard_share_scope_id CHECK (((scope_kind = 'network'::text) = (scope_id IS NULL))),
    CONSTRAINT dashboard_share_scope_kind_check CHECK ((scope_kind = ANY (ARRAY['network'::text, 'operator'::text, 'territory'::text]))),
    CONSTRAINT dashboard_share_token_sha256_check CHECK ((length(token_sha256) = 32))
);

ALTER TABLE ONLY public.dashboard_share FORCE ROW LEVEL SECURITY;


ALTER TABLE public.dashboard_share OWNER TO parcours_owner;

--
-- Name: dashboard_share_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.dashboard_share ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.dashboard_share_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: follow_up; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.follow_up (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    journey_id bigint NOT NULL,
    after_months integer NOT NULL,
    situation text NOT NULL,
    recorded_on date NOT NULL,
    note text,
    staff_id bigint NOT NULL,
    qualification_gained boolean,
    CONSTRAINT follow_up_after_months_check CHECK (((after_months >= 0) AND (after_months <= 60))),
    CONSTRAINT follow_up_note_limit CHECK ((length(note) <= 2000)),
    CONSTRAINT follow_up_qualification_at_exit CHECK (((qualification_gained IS NULL) OR (after_months = 0))),
    CONSTRAINT follow_up_recorded_on_limit CHECK ((recorded_on >= '1900-01-01'::date)),
    CONSTRAINT follow_up_situation_check CHECK ((situation = ANY (ARRAY['employed'::text, 'self_employed'::text, 'training'::text, 'job_seeking'::text, 'inactive'::text, 'unknown'::text])))
);

ALTER TABLE ONLY public.follow_up FORCE ROW LEVEL SECURITY;


ALTER TABLE public.follow_up OWNER TO parcours_owner;

--
-- Name: follow_up_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.follow_up ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.follow_up_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: funder; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.funder (
    id bigint NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT funder_kind_check CHECK ((kind = ANY (ARRAY['esf_plus'::text, 'leader_feader'::text, 'region'::text, 'state'::text, 'department'::text, 'intercommunality'::text, 'foundation'::text, 'other'::text]))),
    CONSTRAINT funder_name_check CHECK ((btrim(name) <> ''::text)),
    CONSTRAINT funder_name_limit CHECK ((length(name) <= 200))
);

ALTER TABLE ONLY public.funder FORCE ROW LEVEL SECURITY;


ALTER TABLE public.funder OWNER TO parcours_owner;

--
-- Name: funder_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.funder ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.funder_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: funding_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.funding ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.funding_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: intake_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.intake ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.intake_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: journey_event; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.journey_event (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    journey_id bigint NOT NULL,
    seq integer NOT NULL,
    kind text NOT NULL,
    from_state text,
    to_state text NOT NULL,
    effective_on date NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    staff_id bigint NOT NULL,
    reason text,
    CONSTRAINT journey_event_effective_on_limit CHECK ((effective_on >= '1900-01-01'::date)),
    CONSTRAINT journey_event_kind_check CHECK ((kind = ANY (ARRAY['open'::text, 'advance'::text, 'rework'::text, 'pause'::text, 'resume'::text, 'exit'::text]))),
    CONSTRAINT journey_event_reason_limit CHECK ((length(reason) <= 2000)),
    CONSTRAINT journey_event_seq_check CHECK ((seq >= 1))
);

ALTER TABLE ONLY public.journey_event FORCE ROW LEVEL SECURITY;


ALTER TABLE public.journey_event OWNER TO parcours_owner;

--
-- Name: journey_event_correction; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.journey_event_correction (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    journey_id bigint NOT NULL,
    event_id bigint NOT NULL,
    seq integer NOT NULL,
    kind text NOT NULL,
    from_state text,
    to_state text NOT NULL,
    effective_on date NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    staff_id bigint NOT NULL,
    reason text,
    activity_legal_form text,
    activity_created_on date,
    activity_jobs_fte numeric(6,2),
    activity_name text,
    cancelled boolean NOT NULL,
    correction_reason text NOT NULL,
    corrected_by bigint NOT NULL,
    corrected_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT journey_event_correction_kind_check CHECK ((kind = ANY (ARRAY['advance'::text, 'rework'::text, 'pause'::text, 'resume'::text, 'exit'::text]))),
    CONSTRAINT journey_event_correction_reason_limit CHECK ((length(reason) <= 2000)),
    CONSTRAINT journey_event_correction_seq_check CHECK ((seq >= 2)),
    CONSTRAINT journey_event_correction_why CHECK (((length(btrim(correction_reason)) >= 1) AND (length(btrim(correction_reason)) <= 2000)))
);

ALTER TABLE ONLY public.journey_event_correction FORCE ROW LEVEL SECURITY;


ALTER TABLE public.journey_event_correction OWNER TO parcours_owner;

--
-- Name: journey_event_correction_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.journey_event_correction ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.journey_event_correction_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: journey_event_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.journey_event ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.journey_event_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: journey_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.journey ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.journey_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: jury_decision; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.jury_decision (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    journey_id bigint NOT NULL,
    decision text NOT NULL,
    decided_on date NOT NULL,
    note text,
    staff_id bigint NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT jury_decision_decided_on_limit CHECK ((decided_on >= '1900-01-01'::date)),
    CONSTRAINT jury_decision_decision_check CHECK ((decision = ANY (ARRAY['go'::text, 'rework'::text, 'no_go'::text]))),
    CONSTRAINT jury_decision_note_limit CHECK ((length(note) <= 2000))
);

ALTER TABLE ONLY public.jury_decision FORCE ROW LEVEL SECURITY;


ALTER TABLE public.jury_decision OWNER TO parcours_owner;

--
-- Name: jury_decision_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.jury_decision ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.jury_decision_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: mail_outbox; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.mail_outbox (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    referral_link_id bigint,
    purpose text NOT NULL,
    recipient text NOT NULL,
    base_url text NOT NULL,
    queued_at timestamp with time zone DEFAULT now() NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    last_attempt_at timestamp with time zone,
    last_error text,
    sent_at timestamp with time zone,
    dropped_at timestamp with time zone,
    questionnaire_link_id bigint,
    CONSTRAINT mail_outbox_base_url_check CHECK (((base_url ~ '^https?://'::text) AND (length(base_url) <= 300))),
    CONSTRAINT mail_outbox_last_error_check CHECK ((length(last_error) <= 500)),
    CONSTRAINT mail_outbox_one_link CHECK ((num_nonnulls(referral_link_id, questionnaire_link_id) = 1)),
    CONSTRAINT mail_outbox_purpose_check CHECK ((((purpose = ANY (ARRAY['referral_link'::text, 'referral_reminder'::text])) AND (referral_link_id IS NOT NULL)) OR ((purpose = ANY (ARRAY['questionnaire_link'::text, 'questionnaire_reminder'::text])) AND (questionnaire_link_id IS NOT NULL)))),
    CONSTRAINT mail_outbox_recipient_check CHECK (((recipient ~ '^[^@\s<>"]+@[^@\s<>"]+\.[^@\s<>"]+$'::text) AND (length(recipient) <= 254)))
);

ALTER TABLE ONLY public.mail_outbox FORCE ROW LEVEL SECURITY;


ALTER TABLE public.mail_outbox OWNER TO parcours_owner;

--
-- Name: mail_outbox_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.mail_outbox ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.mail_outbox_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: operator; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.operator (
    id bigint NOT NULL,
    name text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    idle_days integer DEFAULT 45 NOT NULL,
    referral_expiry_days integer DEFAULT 30 NOT NULL,
    CONSTRAINT operator_idle_days_check CHECK ((idle_days > 0)),
    CONSTRAINT operator_name_check CHECK ((btrim(name) <> ''::text)),
    CONSTRAINT operator_name_limit CHECK ((length(name) <= 200)),
    CONSTRAINT operator_referral_expiry_days_check CHECK (((referral_expiry_days >= 1) AND (referral_expiry_days <= 365)))
);

ALTER TABLE ONLY public.operator FORCE ROW LEVEL SECURITY;


ALTER TABLE public.operator OWNER TO parcours_owner;

--
-- Name: operator_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.operator ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.operator_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: operator_territory; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.operator_territory (
    operator_id bigint NOT NULL,
    territory_id bigint NOT NULL
);

ALTER TABLE ONLY public.operator_territory FORCE ROW LEVEL SECURITY;


ALTER TABLE public.operator_territory OWNER TO parcours_owner;

--
-- Name: parcours_secret; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.parcours_secret (
    singleton boolean DEFAULT true NOT NULL,
    identity_key text NOT NULL,
    CONSTRAINT parcours_secret_identity_key_check CHECK ((length(identity_key) >= 64)),
    CONSTRAINT parcours_secret_singleton_check CHECK (singleton)
);


ALTER TABLE public.parcours_secret OWNER TO parcours_owner;

--
-- Name: participant_quality; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.participant_quality (
    funding_id bigint NOT NULL,
    carrier_id bigint NOT NULL,
    operator_id bigint NOT NULL,
    entry_on date NOT NULL,
    reachable boolean NOT NULL,
    incomplete_from date
);

ALTER TABLE ONLY public.participant_quality FORCE ROW LEVEL SECURITY;


ALTER TABLE public.participant_quality OWNER TO parcours_owner;

--
-- Name: partner; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.partner (
    id bigint NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    contact text,
    operator_id bigint,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    email text,
    CONSTRAINT partner_contact_limit CHECK ((length(contact) <= 254)),
    CONSTRAINT partner_email_check CHECK (((email ~ '^[^@\s<>"]+@[^@\s<>"]+\.[^@\s<>"]+$'::text) AND (length(email) <= 254))),
    CONSTRAINT partner_kind_check CHECK ((kind = ANY (ARRAY['financing'::text, 'cae'::text, 'couveuse'::text, 'incubator'::text, 'nursery'::text, 'network'::text, 'public_service'::text, 'training'::text, 'support'::text, 'cluster'::text]))),
    CONSTRAINT partner_name_check CHECK ((btrim(name) <> ''::text)),
    CONSTRAINT partner_name_limit CHECK ((length(name) <= 200))
);

ALTER TABLE ONLY public.partner FORCE ROW LEVEL SECURITY;


ALTER TABLE public.partner OWNER TO parcours_owner;

--
-- Name: partner_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.partner ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.partner_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: partner_territory; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.partner_territory (
    partner_id bigint NOT NULL,
    territory_id bigint NOT NULL
);

ALTER TABLE ONLY public.partner_territory FORCE ROW LEVEL SECURITY;


ALTER TABLE public.partner_territory OWNER TO parcours_owner;

--
-- Name: programme; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.programme (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    name text NOT NULL,
    phases text[] NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    jury_rework_phase text,
    CONSTRAINT programme_jury_rework_phase_check CHECK (((jury_rework_phase IS NULL) OR (public.parcours_phase_rank(jury_rework_phase) IS NOT NULL))),
    CONSTRAINT programme_name_check CHECK ((btrim(name) <> ''::text)),
    CONSTRAINT programme_name_limit CHECK ((length(name) <= 200)),
    CONSTRAINT programme_phases_check CHECK (public.parcours_valid_phases(phases))
);

ALTER TABLE ONLY public.programme FORCE ROW LEVEL SECURITY;


ALTER TABLE public.programme OWNER TO parcours_owner;

--
-- Name: programme_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.programme ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.programme_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: questionnaire_link; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.questionnaire_link (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    carrier_id bigint NOT NULL,
    kind text NOT NULL,
    staff_id bigint NOT NULL,
    token_sha256 bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone,
    signed_at timestamp with time zone,
    journey_id bigint,
    CONSTRAINT questionnaire_link_journey_of_exit CHECK (((kind = 'entry'::text) = (journey_id IS NULL))),
    CONSTRAINT questionnaire_link_kind_check CHECK ((kind = ANY (ARRAY['entry'::text, 'exit'::text, 'six_months'::text]))),
    CONSTRAINT questionnaire_link_lifetime CHECK (((expires_at > created_at) AND (expires_at <= (created_at + '60 days'::interval)))),
    CONSTRAINT questionnaire_link_token_sha256_check CHECK ((length(token_sha256) = 32))
);

ALTER TABLE ONLY public.questionnaire_link FORCE ROW LEVEL SECURITY;


ALTER TABLE public.questionnaire_link OWNER TO parcours_owner;

--
-- Name: questionnaire_link_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.questionnaire_link ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.questionnaire_link_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: questionnaire_signature; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.questionnaire_signature (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    carrier_id bigint NOT NULL,
    link_id bigint NOT NULL,
    kind text NOT NULL,
    signed_name text NOT NULL,
    signed_on date NOT NULL,
    signed_at timestamp with time zone DEFAULT now() NOT NULL,
    answers text NOT NULL,
    answers_sha256 bytea NOT NULL,
    CONSTRAINT questionnaire_signature_answers_check CHECK ((length(answers) <= 4000)),
    CONSTRAINT questionnaire_signature_digest CHECK ((answers_sha256 = sha256(convert_to(answers, 'UTF8'::name)))),
    CONSTRAINT questionnaire_signature_kind_check CHECK ((kind = ANY (ARRAY['entry'::text, 'exit'::text, 'six_months'::text]))),
    CONSTRAINT questionnaire_signature_name_check CHECK (((btrim(signed_name) <> ''::text) AND (length(signed_name) <= 200)))
);

ALTER TABLE ONLY public.questionnaire_signature FORCE ROW LEVEL SECURITY;


ALTER TABLE public.questionnaire_signature OWNER TO parcours_owner;

--
-- Name: questionnaire_signature_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.questionnaire_signature ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.questionnaire_signature_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: referral; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.referral (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    journey_id bigint NOT NULL,
    partner_id bigint NOT NULL,
    reason text NOT NULL,
    status text DEFAULT 'proposed'::text NOT NULL,
    proposed_on date NOT NULL,
    answered_on date,
    note text,
    consent_to_share boolean DEFAULT false NOT NULL,
    carrier_first_name text NOT NULL,
    carrier_last_name text NOT NULL,
    carrier_email text,
    carrier_phone text,
    carrier_name text GENERATED ALWAYS AS (((carrier_first_name || ' '::text) || carrier_last_name)) STORED,
    carrier_contact text GENERATED ALWAYS AS (NULLIF(((COALESCE(carrier_email, ''::text) ||
CASE
    WHEN ((carrier_email IS NOT NULL) AND (carrier_phone IS NOT NULL)) THEN ' · '::text
    ELSE ''::text
END) || COALESCE(carrier_phone, ''::text)), ''::text)) STORED,
    staff_id bigint NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    decline_reason text,
    proposed_action text,
    taken_charge_on date,
    CONSTRAINT referral_answer_after_proposal CHECK ((answered_on >= proposed_on)),
    CONSTRAINT referral_answer_dated CHECK (((status = 'proposed'::text) = (answered_on IS NULL))),
    CONSTRAINT referral_carrier_email_limit CHECK ((length(carrier_email) <= 254)),
    CONSTRAINT referral_carrier_first_name_limit CHECK ((length(carrier_first_name) <= 100)),
    CONSTRAINT referral_carrier_last_name_limit CHECK ((length(carrier_last_name) <= 100)),
    CONSTRAINT referral_carrier_phone_limit CHECK ((length(carrier_phone) <= 40)),
    CONSTRAINT referral_decline_reason_check CHECK ((decline_reason = ANY (ARRAY['not_eligible'::text, 'no_capacity'::text, 'outside_territory'::text, 'not_ready'::text, 'followed_elsewhere'::text, 'carrier_withdrew'::text, 'unreachable'::text, 'other'::text]))),
    CONSTRAINT referral_declined_with_its_reason CHECK ((((decline_reason IS NULL) AND (proposed_action IS NULL)) OR (status = 'declined'::text))),
    CONSTRAINT referral_note_limit CHECK ((length(note) <= 2000)),
    CONSTRAINT referral_proposed_action_check CHECK ((proposed_action = ANY (ARRAY['redirect'::text, 'recontact_later'::text, 'mature_project'::text, 'none'::text]))),
    CONSTRAINT referral_proposed_on_limit CHECK ((proposed_on >= '1900-01-01'::date)),
    CONSTRAINT referral_reason_check CHECK ((btrim(reason) <> ''::text)),
    CONSTRAINT referral_reason_limit CHECK ((length(reason) <= 2000)),
    CONSTRAINT referral_status_check CHECK ((status = ANY (ARRAY['proposed'::text, 'studying'::text, 'accepted'::text, 'declined'::text, 'completed'::text]))),
    CONSTRAINT referral_taken_charge_when_completed CHECK (((taken_charge_on IS NULL) OR ((status = 'completed'::text) AND (taken_charge_on >= proposed_on))))
);

ALTER TABLE ONLY public.referral FORCE ROW LEVEL SECURITY;


ALTER TABLE public.referral OWNER TO parcours_owner;

--
-- Name: referral_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.referral ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.referral_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: referral_link; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.referral_link (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    referral_id bigint NOT NULL,
    staff_id bigint NOT NULL,
    token_sha256 bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone,
    answered_at timestamp with time zone,
    CONSTRAINT referral_link_lifetime CHECK (((expires_at > created_at) AND (expires_at <= (created_at + '90 days'::interval)))),
    CONSTRAINT referral_link_token_sha256_check CHECK ((length(token_sha256) = 32))
);

ALTER TABLE ONLY public.referral_link FORCE ROW LEVEL SECURITY;


ALTER TABLE public.referral_link OWNER TO parcours_owner;

--
-- Name: referral_link_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.referral_link ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.referral_link_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: registration_page; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.registration_page (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    staff_id bigint NOT NULL,
    token_sha256 bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone,
    CONSTRAINT registration_page_lifetime CHECK (((expires_at > created_at) AND (expires_at <= (created_at + '400 days'::interval)))),
    CONSTRAINT registration_page_token_sha256_check CHECK ((length(token_sha256) = 32))
);

ALTER TABLE ONLY public.registration_page FORCE ROW LEVEL SECURITY;


ALTER TABLE public.registration_page OWNER TO parcours_owner;

--
-- Name: registration_page_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.registration_page ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.registration_page_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: schema_definitions; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.schema_definitions (
    path text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);


ALTER TABLE public.schema_definitions OWNER TO parcours_owner;

--
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.schema_migrations (
    version integer NOT NULL,
    file text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);


ALTER TABLE public.schema_migrations OWNER TO parcours_owner;

--
-- Name: session; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.session (
    id bigint NOT NULL,
    operator_id bigint NOT NULL,
    programme_id bigint NOT NULL,
    cohort_id bigint,
    kind text NOT NULL,
    title text NOT NULL,
    starts_at timestamp with time zone NOT NULL,
    duration_minutes integer NOT NULL,
    facilitator text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    attendance_recorded boolean DEFAULT false NOT NULL,
    CONSTRAINT session_duration_minutes_check CHECK (((duration_minutes >= 1) AND (duration_minutes <= 1440))),
    CONSTRAINT session_facilitator_limit CHECK ((length(facilitator) <= 200)),
    CONSTRAINT session_kind_check CHECK ((kind = ANY (ARRAY['information'::text, 'workshop'::text, 'module'::text, 'appointment'::text, 'visit'::text, 'pitch'::text]))),
    CONSTRAINT session_starts_at_limit CHECK ((starts_at >= '1900-01-01 00:00:00+00'::timestamp with time zone)),
    CONSTRAINT session_title_check CHECK ((btrim(title) <> ''::text)),
    CONSTRAINT session_title_limit CHECK ((length(title) <= 200))
);

ALTER TABLE ONLY public.session FORCE ROW LEVEL SECURITY;


ALTER TABLE public.session OWNER TO parcours_owner;

--
-- Name: session_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.session ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.session_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: staff_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.staff ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.staff_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: territory; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.territory (
    id bigint NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    parent_id bigint,
    rural boolean DEFAULT false NOT NULL,
    insee_code text GENERATED ALWAYS AS (
CASE
    WHEN ((kind = 'region'::text) AND (code ~ '^R[0-9]{2}$'::text)) THEN substr(code, 2)
    WHEN (kind = ANY (ARRAY['department'::text, 'commune'::text])) THEN code
    ELSE NULL::text
END) STORED,
    official boolean DEFAULT false NOT NULL,
    department_id bigint,
    CONSTRAINT territory_code_check CHECK ((code ~ '^[0-9A-Za-z][0-9A-Za-z_.-]*$'::text)),
    CONSTRAINT territory_code_limit CHECK ((length(code) <= 100)),
    CONSTRAINT territory_kind_check CHECK ((kind = ANY (ARRAY['region'::text, 'department'::text, 'epci'::text, 'pays'::text, 'park'::text, 'commune'::text]))),
    CONSTRAINT territory_name_check CHECK ((btrim(name) <> ''::text)),
    CONSTRAINT territory_name_limit CHECK ((length(name) <= 200)),
    CONSTRAINT territory_region_is_root CHECK (((kind <> 'region'::text) OR (parent_id IS NULL)))
);

ALTER TABLE ONLY public.territory FORCE ROW LEVEL SECURITY;


ALTER TABLE public.territory OWNER TO parcours_owner;

--
-- Name: territory_ancestor; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.territory_ancestor (
    ancestor_id bigint NOT NULL,
    territory_id bigint NOT NULL,
    ancestor_kind text NOT NULL,
    official boolean NOT NULL
);

ALTER TABLE ONLY public.territory_ancestor FORCE ROW LEVEL SECURITY;


ALTER TABLE public.territory_ancestor OWNER TO parcours_owner;

--
-- Name: territory_former_code; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.territory_former_code (
    code text NOT NULL,
    commune_id bigint NOT NULL
);

ALTER TABLE ONLY public.territory_former_code FORCE ROW LEVEL SECURITY;


ALTER TABLE public.territory_former_code OWNER TO parcours_owner;

--
-- Name: territory_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.territory ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.territory_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: territory_member; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.territory_member (
    grouping_id bigint NOT NULL,
    member_id bigint NOT NULL
);

ALTER TABLE ONLY public.territory_member FORCE ROW LEVEL SECURITY;


ALTER TABLE public.territory_member OWNER TO parcours_owner;

--
-- Name: territory_place; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.territory_place (
    territory_id bigint NOT NULL,
    level smallint NOT NULL,
    label text NOT NULL,
    CONSTRAINT territory_place_level_check CHECK (((level >= 0) AND (level <= 5)))
);

ALTER TABLE ONLY public.territory_place FORCE ROW LEVEL SECURITY;


ALTER TABLE public.territory_place OWNER TO parcours_owner;

--
-- Name: territory_reference; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.territory_reference (
    file text NOT NULL,
    checksum text NOT NULL,
    loaded_at timestamp with time zone DEFAULT now() NOT NULL,
    created integer NOT NULL,
    updated integer NOT NULL
);

ALTER TABLE ONLY public.territory_reference FORCE ROW LEVEL SECURITY;


ALTER TABLE public.territory_reference OWNER TO parcours_owner;

--
-- Name: territory_zoning; Type: TABLE; Schema: public; Owner: parcours_owner
--

CREATE TABLE public.territory_zoning (
    id bigint NOT NULL,
    territory_id bigint NOT NULL,
    kind text NOT NULL,
    valid_from date NOT NULL,
    valid_to date,
    source text,
    CONSTRAINT territory_zoning_kind_check CHECK ((kind = ANY (ARRAY['frr'::text, 'frr-plus'::text, 'zrr'::text]))),
    CONSTRAINT territory_zoning_period CHECK (((valid_to IS NULL) OR (valid_to >= valid_from))),
    CONSTRAINT territory_zoning_source_check CHECK ((length(source) <= 200))
);

ALTER TABLE ONLY public.territory_zoning FORCE ROW LEVEL SECURITY;


ALTER TABLE public.territory_zoning OWNER TO parcours_owner;

--
-- Name: territory_zoning_id_seq; Type: SEQUENCE; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.territory_zoning ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.territory_zoning_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: audit_event id; Type: DEFAULT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.audit_event ALTER COLUMN id SET DEFAULT nextval('public.audit_event_id_seq'::regclass);


--
-- Name: activity activity_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.activity
    ADD CONSTRAINT activity_pkey PRIMARY KEY (journey_id, operator_id);


--
-- Name: api_idempotency api_idempotency_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.api_idempotency
    ADD CONSTRAINT api_idempotency_pkey PRIMARY KEY (staff_id, idempotency_key);


--
-- Name: api_token api_token_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.api_token
    ADD CONSTRAINT api_token_pkey PRIMARY KEY (id);


--
-- Name: api_token api_token_sha256_key; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.api_token
    ADD CONSTRAINT api_token_sha256_key UNIQUE (token_sha256);


--
-- Name: attendance attendance_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.attendance
    ADD CONSTRAINT attendance_pkey PRIMARY KEY (session_id, journey_id, operator_id);


--
-- Name: attendance_sheet_scan attendance_sheet_scan_once; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.attendance_sheet_scan
    ADD CONSTRAINT attendance_sheet_scan_once UNIQUE (session_id, sha256, operator_id);


--
-- Name: attendance_sheet_scan attendance_sheet_scan_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.attendance_sheet_scan
    ADD CONSTRAINT attendance_sheet_scan_pkey PRIMARY KEY (id, operator_id);


--
-- Name: audit_event audit_event_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.audit_event
    ADD CONSTRAINT audit_event_pkey PRIMARY KEY (id);


--
-- Name: audit_event audit_event_sealed_seq_key; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.audit_event
    ADD CONSTRAINT audit_event_sealed_seq_key UNIQUE (sealed_seq);


--
-- Name: audit_head audit_head_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.audit_head
    ADD CONSTRAINT audit_head_pkey PRIMARY KEY (singleton);


--
-- Name: cape_contract cape_contract_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.cape_contract
    ADD CONSTRAINT cape_contract_pkey PRIMARY KEY (id, operator_id);


--
-- Name: cape_period cape_period_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.cape_period
    ADD CONSTRAINT cape_period_pkey PRIMARY KEY (contract_id, seq, operator_id);


--
-- Name: cape_turnover cape_turnover_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.cape_turnover
    ADD CONSTRAINT cape_turnover_pkey PRIMARY KEY (contract_id, month, operator_id);


--
-- Name: carrier_event carrier_event_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.carrier_event
    ADD CONSTRAINT carrier_event_pkey PRIMARY KEY (id, operator_id);


--
-- Name: carrier carrier_external_ref_key; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.carrier
    ADD CONSTRAINT carrier_external_ref_key UNIQUE (operator_id, external_ref);


--
-- Name: carrier carrier_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.carrier
    ADD CONSTRAINT carrier_pkey PRIMARY KEY (id, operator_id);


--
-- Name: carrier_profile carrier_profile_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.carrier_profile
    ADD CONSTRAINT carrier_profile_pkey PRIMARY KEY (id, operator_id);


--
-- Name: cohort cohort_name_key; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.cohort
    ADD CONSTRAINT cohort_name_key UNIQUE (programme_id, name, operator_id);


--
-- Name: cohort cohort_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.cohort
    ADD CONSTRAINT cohort_pkey PRIMARY KEY (id, operator_id);


--
-- Name: cohort cohort_programme_key; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.cohort
    ADD CONSTRAINT cohort_programme_key UNIQUE (operator_id, programme_id, id);


--
-- Name: dashboard_share dashboard_share_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.dashboard_share
    ADD CONSTRAINT dashboard_share_pkey PRIMARY KEY (id);


--
-- Name: dashboard_share dashboard_share_sha256_key; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.dashboard_share
    ADD CONSTRAINT dashboard_share_sha256_key UNIQUE (token_sha256);


--
-- Name: follow_up follow_up_once_per_delay; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.follow_up
    ADD CONSTRAINT follow_up_once_per_delay UNIQUE (journey_id, after_months, operator_id);


--
-- Name: follow_up follow_up_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.follow_up
    ADD CONSTRAINT follow_up_pkey PRIMARY KEY (id, operator_id);


--
-- Name: funder funder_name_key; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.funder
    ADD CONSTRAINT funder_name_key UNIQUE (name);


--
-- Name: funder funder_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.funder
    ADD CONSTRAINT funder_pkey PRIMARY KEY (id);


--
-- Name: funding funding_code_key; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.funding
    ADD CONSTRAINT funding_code_key UNIQUE (code);


--
-- Name: funding_cohort funding_cohort_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.funding_cohort
    ADD CONSTRAINT funding_cohort_pkey PRIMARY KEY (funding_id, cohort_id, operator_id);


--
-- Name: funding funding_operator_id_key; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.funding
    ADD CONSTRAINT funding_operator_id_key UNIQUE (operator_id, id);


--
-- Name: funding funding_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.funding
    ADD CONSTRAINT funding_pkey PRIMARY KEY (id);


--
-- Name: funding_programme funding_programme_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.funding_programme
    ADD CONSTRAINT funding_programme_pkey PRIMARY KEY (funding_id, programme_id, operator_id);


--
-- Name: funding_territory funding_territory_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.funding_territory
    ADD CONSTRAINT funding_territory_pkey PRIMARY KEY (funding_id, territory_id, operator_id);


--
-- Name: intake intake_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.intake
    ADD CONSTRAINT intake_pkey PRIMARY KEY (id, operator_id);


--
-- Name: journey_event_correction journey_event_correction_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.journey_event_correction
    ADD CONSTRAINT journey_event_correction_pkey PRIMARY KEY (id, operator_id);


--
-- Name: journey_event journey_event_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.journey_event
    ADD CONSTRAINT journey_event_pkey PRIMARY KEY (id, operator_id);


--
-- Name: journey_event journey_event_seq_key; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.journey_event
    ADD CONSTRAINT journey_event_seq_key UNIQUE (journey_id, seq, operator_id);


--
-- Name: journey journey_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.journey
    ADD CONSTRAINT journey_pkey PRIMARY KEY (id, operator_id);


--
-- Name: jury_decision jury_decision_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.jury_decision
    ADD CONSTRAINT jury_decision_pkey PRIMARY KEY (id, operator_id);


--
-- Name: mail_outbox mail_outbox_link_key; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.mail_outbox
    ADD CONSTRAINT mail_outbox_link_key UNIQUE (referral_link_id, operator_id);


--
-- Name: mail_outbox mail_outbox_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.mail_outbox
    ADD CONSTRAINT mail_outbox_pkey PRIMARY KEY (id, operator_id);


--
-- Name: mail_outbox mail_outbox_questionnaire_link_key; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.mail_outbox
    ADD CONSTRAINT mail_outbox_questionnaire_link_key UNIQUE (questionnaire_link_id, operator_id);


--
-- Name: operator operator_name_key; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.operator
    ADD CONSTRAINT operator_name_key UNIQUE (name);


--
-- Name: operator operator_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.operator
    ADD CONSTRAINT operator_pkey PRIMARY KEY (id);


--
-- Name: operator_territory operator_territory_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.operator_territory
    ADD CONSTRAINT operator_territory_pkey PRIMARY KEY (operator_id, territory_id);


--
-- Name: parcours_secret parcours_secret_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.parcours_secret
    ADD CONSTRAINT parcours_secret_pkey PRIMARY KEY (singleton);


--
-- Name: participant_quality participant_quality_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.participant_quality
    ADD CONSTRAINT participant_quality_pkey PRIMARY KEY (funding_id, carrier_id, operator_id) INCLUDE (entry_on, reachable, incomplete_from);


--
-- Name: partner partner_name_key; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.partner
    ADD CONSTRAINT partner_name_key UNIQUE (name);


--
-- Name: partner partner_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.partner
    ADD CONSTRAINT partner_pkey PRIMARY KEY (id);


--
-- Name: partner_territory partner_territory_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.partner_territory
    ADD CONSTRAINT partner_territory_pkey PRIMARY KEY (partner_id, territory_id);


--
-- Name: programme programme_name_key; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.programme
    ADD CONSTRAINT programme_name_key UNIQUE (operator_id, name);


--
-- Name: programme programme_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.programme
    ADD CONSTRAINT programme_pkey PRIMARY KEY (id, operator_id);


--
-- Name: qpv qpv_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.qpv
    ADD CONSTRAINT qpv_pkey PRIMARY KEY (code);


--
-- Name: questionnaire_link questionnaire_link_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.questionnaire_link
    ADD CONSTRAINT questionnaire_link_pkey PRIMARY KEY (id, operator_id);


--
-- Name: questionnaire_link questionnaire_link_sha256_key; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.questionnaire_link
    ADD CONSTRAINT questionnaire_link_sha256_key UNIQUE (token_sha256, operator_id);


--
-- Name: questionnaire_signature questionnaire_signature_link_key; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.questionnaire_signature
    ADD CONSTRAINT questionnaire_signature_link_key UNIQUE (link_id, operator_id);


--
-- Name: questionnaire_signature questionnaire_signature_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.questionnaire_signature
    ADD CONSTRAINT questionnaire_signature_pkey PRIMARY KEY (id, operator_id);


--
-- Name: referral_link referral_link_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.referral_link
    ADD CONSTRAINT referral_link_pkey PRIMARY KEY (id, operator_id);


--
-- Name: referral_link referral_link_sha256_key; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.referral_link
    ADD CONSTRAINT referral_link_sha256_key UNIQUE (token_sha256, operator_id);


--
-- Name: referral referral_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.referral
    ADD CONSTRAINT referral_pkey PRIMARY KEY (id, operator_id);


--
-- Name: registration_page registration_page_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.registration_page
    ADD CONSTRAINT registration_page_pkey PRIMARY KEY (id, operator_id);


--
-- Name: registration_page registration_page_sha256_key; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.registration_page
    ADD CONSTRAINT registration_page_sha256_key UNIQUE (token_sha256, operator_id);


--
-- Name: schema_definitions schema_definitions_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.schema_definitions
    ADD CONSTRAINT schema_definitions_pkey PRIMARY KEY (path);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


--
-- Name: session session_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.session
    ADD CONSTRAINT session_pkey PRIMARY KEY (id, operator_id);


--
-- Name: staff staff_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.staff
    ADD CONSTRAINT staff_pkey PRIMARY KEY (id);


--
-- Name: territory_ancestor territory_ancestor_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.territory_ancestor
    ADD CONSTRAINT territory_ancestor_pkey PRIMARY KEY (ancestor_id, territory_id);


--
-- Name: territory territory_code_key; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.territory
    ADD CONSTRAINT territory_code_key UNIQUE (code);


--
-- Name: territory_former_code territory_former_code_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.territory_former_code
    ADD CONSTRAINT territory_former_code_pkey PRIMARY KEY (code);


--
-- Name: territory_member territory_member_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.territory_member
    ADD CONSTRAINT territory_member_pkey PRIMARY KEY (grouping_id, member_id);


--
-- Name: territory territory_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.territory
    ADD CONSTRAINT territory_pkey PRIMARY KEY (id);


--
-- Name: territory_place territory_place_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.territory_place
    ADD CONSTRAINT territory_place_pkey PRIMARY KEY (territory_id, level);


--
-- Name: territory_reference territory_reference_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.territory_reference
    ADD CONSTRAINT territory_reference_pkey PRIMARY KEY (checksum);


--
-- Name: territory_zoning territory_zoning_key; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.territory_zoning
    ADD CONSTRAINT territory_zoning_key UNIQUE (territory_id, kind, valid_from);


--
-- Name: territory_zoning territory_zoning_pkey; Type: CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.territory_zoning
    ADD CONSTRAINT territory_zoning_pkey PRIMARY KEY (id);


--
-- Name: api_idempotency_carrier_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX api_idempotency_carrier_idx ON public.api_idempotency USING gin (carrier_ids);


--
-- Name: attendance_journey_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX attendance_journey_idx ON public.attendance USING btree (journey_id);


--
-- Name: audit_event_carrier_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX audit_event_carrier_idx ON public.audit_event USING btree (carrier_id, id);


--
-- Name: audit_event_staff_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX audit_event_staff_idx ON public.audit_event USING btree (staff_id, id);


--
-- Name: audit_event_unsealed_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX audit_event_unsealed_idx ON public.audit_event USING btree (id) WHERE (sealed_seq IS NULL);


--
-- Name: cape_contract_journey_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX cape_contract_journey_idx ON public.cape_contract USING btree (journey_id);


--
-- Name: cape_contract_running_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX cape_contract_running_idx ON public.cape_contract USING btree (period_ends_on) INCLUDE (operator_id, journey_id) WHERE (ended_on IS NULL);


--
-- Name: carrier_commune_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX carrier_commune_idx ON public.carrier USING btree (commune_id);


--
-- Name: carrier_counsellor_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX carrier_counsellor_idx ON public.carrier USING btree (counsellor_id);


--
-- Name: carrier_email_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX carrier_email_idx ON public.carrier USING btree (operator_id, lower(email)) WHERE (email IS NOT NULL);


--
-- Name: carrier_event_carrier_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX carrier_event_carrier_idx ON public.carrier_event USING btree (carrier_id, id);


--
-- Name: carrier_event_merged_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX carrier_event_merged_idx ON public.carrier_event USING btree (merged_carrier_id) WHERE (merged_carrier_id IS NOT NULL);


--
-- Name: carrier_name_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX carrier_name_idx ON public.carrier USING btree (operator_id, lower(last_name), lower(first_name));


--
-- Name: carrier_name_key_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX carrier_name_key_idx ON public.carrier USING btree (operator_id, public.parcours_name_key(first_name, last_name), birth_date);


--
-- Name: carrier_person_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX carrier_person_idx ON public.carrier USING btree (id) INCLUDE (operator_id, commune_id, gender, birth_date, entered_on);


--
-- Name: carrier_profile_carrier_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX carrier_profile_carrier_idx ON public.carrier_profile USING btree (carrier_id, recorded_on DESC, id DESC);


--
-- Name: intake_carrier_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX intake_carrier_idx ON public.intake USING btree (carrier_id);


--
-- Name: intake_operator_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX intake_operator_idx ON public.intake USING btree (operator_id, contacted_on);


--
-- Name: journey_carrier_programme_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX journey_carrier_programme_idx ON public.journey USING btree (carrier_id, programme_id);


--
-- Name: journey_cohort_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX journey_cohort_idx ON public.journey USING btree (cohort_id);


--
-- Name: journey_event_correction_journey_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX journey_event_correction_journey_idx ON public.journey_event_correction USING btree (journey_id);


--
-- Name: journey_event_effective_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX journey_event_effective_idx ON public.journey_event USING btree (effective_on);


--
-- Name: journey_event_operator_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX journey_event_operator_idx ON public.journey_event USING btree (operator_id, effective_on);


--
-- Name: journey_exit_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX journey_exit_idx ON public.journey USING btree (closed_on) INCLUDE (id, operator_id, carrier_id) WHERE (closed_on IS NOT NULL);


--
-- Name: journey_one_open_per_programme; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE UNIQUE INDEX journey_one_open_per_programme ON public.journey USING btree (carrier_id, programme_id) WHERE (closed_on IS NULL);


--
-- Name: journey_open_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX journey_open_idx ON public.journey USING btree (operator_id, seen_on) INCLUDE (id, carrier_id, phase) WHERE (closed_on IS NULL);


--
-- Name: journey_opened_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX journey_opened_idx ON public.journey USING btree (opened_on);


--
-- Name: journey_operator_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX journey_operator_idx ON public.journey USING btree (operator_id);


--
-- Name: journey_programme_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX journey_programme_idx ON public.journey USING btree (programme_id);


--
-- Name: jury_decision_journey_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX jury_decision_journey_idx ON public.jury_decision USING btree (journey_id, decided_on);


--
-- Name: mail_outbox_waiting; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX mail_outbox_waiting ON public.mail_outbox USING btree (queued_at) WHERE ((sent_at IS NULL) AND (dropped_at IS NULL));


--
-- Name: participant_quality_carrier_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX participant_quality_carrier_idx ON public.participant_quality USING btree (carrier_id);


--
-- Name: questionnaire_link_carrier; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX questionnaire_link_carrier ON public.questionnaire_link USING btree (carrier_id);


--
-- Name: questionnaire_link_sha256; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX questionnaire_link_sha256 ON public.questionnaire_link USING btree (token_sha256);


--
-- Name: questionnaire_signature_carrier; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX questionnaire_signature_carrier ON public.questionnaire_signature USING btree (carrier_id, kind);


--
-- Name: referral_declined_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX referral_declined_idx ON public.referral USING btree (answered_on) INCLUDE (journey_id, operator_id, partner_id) WHERE ((status = 'declined'::text) AND (decline_reason IS NOT NULL));


--
-- Name: referral_journey_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX referral_journey_idx ON public.referral USING btree (journey_id);


--
-- Name: referral_link_referral; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX referral_link_referral ON public.referral_link USING btree (referral_id);


--
-- Name: referral_link_sha256; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX referral_link_sha256 ON public.referral_link USING btree (token_sha256);


--
-- Name: referral_partner_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX referral_partner_idx ON public.referral USING btree (partner_id, status);


--
-- Name: referral_pending_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX referral_pending_idx ON public.referral USING btree (status, proposed_on) INCLUDE (id, operator_id, journey_id, partner_id) WHERE (status = ANY (ARRAY['proposed'::text, 'studying'::text]));


--
-- Name: referral_proposed_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX referral_proposed_idx ON public.referral USING btree (proposed_on);


--
-- Name: registration_page_sha256; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX registration_page_sha256 ON public.registration_page USING btree (token_sha256);


--
-- Name: session_cohort_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX session_cohort_idx ON public.session USING btree (cohort_id, starts_at);


--
-- Name: session_day_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX session_day_idx ON public.session USING btree ((((starts_at AT TIME ZONE 'Europe/Paris'::text))::date));


--
-- Name: session_unrecorded_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX session_unrecorded_idx ON public.session USING btree (starts_at) INCLUDE (id, operator_id) WHERE (NOT attendance_recorded);


--
-- Name: staff_email_key; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE UNIQUE INDEX staff_email_key ON public.staff USING btree (lower(email));


--
-- Name: territory_ancestor_of_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX territory_ancestor_of_idx ON public.territory_ancestor USING btree (territory_id, ancestor_kind);


--
-- Name: territory_department_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX territory_department_idx ON public.territory USING btree (department_id);


--
-- Name: territory_former_code_commune_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX territory_former_code_commune_idx ON public.territory_former_code USING btree (commune_id);


--
-- Name: territory_kind_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX territory_kind_idx ON public.territory USING btree (kind);


--
-- Name: territory_member_member_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX territory_member_member_idx ON public.territory_member USING btree (member_id);


--
-- Name: territory_parent_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX territory_parent_idx ON public.territory USING btree (parent_id);


--
-- Name: territory_place_key_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX territory_place_key_idx ON public.territory USING btree (public.parcours_place_key(name));


--
-- Name: territory_zoning_territory_idx; Type: INDEX; Schema: public; Owner: parcours_owner
--

CREATE INDEX territory_zoning_territory_idx ON public.territory_zoning USING btree (territory_id);


--
-- Name: attendance attendance_checked; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER attendance_checked AFTER INSERT ON public.attendance REFERENCING NEW TABLE AS new_attendance FOR EACH STATEMENT EXECUTE FUNCTION public.attendance_checked();


--
-- Name: attendance attendance_facts_delete; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER attendance_facts_delete AFTER DELETE ON public.attendance REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.attendance_facts_follow();


--
-- Name: attendance attendance_facts_insert; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER attendance_facts_insert AFTER INSERT ON public.attendance REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.attendance_facts_follow();


--
-- Name: attendance attendance_facts_update; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER attendance_facts_update AFTER UPDATE ON public.attendance REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.attendance_facts_follow();


--
-- Name: attendance attendance_participant_quality_delete; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER attendance_participant_quality_delete AFTER DELETE ON public.attendance REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.participant_quality_follows();


--
-- Name: attendance attendance_participant_quality_insert; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER attendance_participant_quality_insert AFTER INSERT ON public.attendance REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.participant_quality_follows();


--
-- Name: attendance attendance_participant_quality_update; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER attendance_participant_quality_update AFTER UPDATE ON public.attendance REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.participant_quality_follows();


--
-- Name: attendance attendance_rechecked; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER attendance_rechecked AFTER UPDATE ON public.attendance REFERENCING NEW TABLE AS new_attendance FOR EACH STATEMENT EXECUTE FUNCTION public.attendance_checked();


--
-- Name: attendance_sheet_scan attendance_sheet_scan_acting_staff; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER attendance_sheet_scan_acting_staff BEFORE INSERT ON public.attendance_sheet_scan FOR EACH ROW WHEN ((new.staff_id IS DISTINCT FROM (NULLIF(split_part(current_setting('parcours.identity'::text, true), '|'::text, 1), ''::text))::bigint)) EXECUTE FUNCTION public.parcours_set_acting_staff();


--
-- Name: attendance attendance_stamp; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER attendance_stamp BEFORE INSERT OR UPDATE ON public.attendance FOR EACH ROW WHEN (((new.staff_id IS DISTINCT FROM (NULLIF(split_part(current_setting('parcours.identity'::text, true), '|'::text, 1), ''::text))::bigint) OR (new.recorded_at IS DISTINCT FROM now()))) EXECUTE FUNCTION public.attendance_stamp();


--
-- Name: audit_event audit_event_append_only; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER audit_event_append_only BEFORE DELETE OR UPDATE ON public.audit_event FOR EACH ROW EXECUTE FUNCTION public.audit_event_append_only();


--
-- Name: audit_event audit_event_no_truncate; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON public.audit_event FOR EACH STATEMENT EXECUTE FUNCTION public.audit_event_append_only();


--
-- Name: cape_contract cape_contract_period_kept; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER cape_contract_period_kept BEFORE UPDATE ON public.cape_contract FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (old.period_ends_on IS DISTINCT FROM new.period_ends_on))) EXECUTE FUNCTION public.cape_contract_period_follows();


--
-- Name: cape_period cape_period_check; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER cape_period_check BEFORE INSERT ON public.cape_period FOR EACH ROW EXECUTE FUNCTION public.cape_period_check();


--
-- Name: cape_period cape_period_running_delete; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER cape_period_running_delete AFTER DELETE ON public.cape_period REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.cape_contract_period_follows();


--
-- Name: cape_period cape_period_running_insert; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER cape_period_running_insert AFTER INSERT ON public.cape_period REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.cape_contract_period_follows();


--
-- Name: cape_period cape_period_running_update; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER cape_period_running_update AFTER UPDATE ON public.cape_period REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.cape_contract_period_follows();


--
-- Name: carrier carrier_counsellor_check; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER carrier_counsellor_check BEFORE INSERT OR UPDATE OF counsellor_id ON public.carrier FOR EACH ROW WHEN ((new.counsellor_id IS NOT NULL)) EXECUTE FUNCTION public.carrier_counsellor_check();


--
-- Name: carrier carrier_default_counsellor; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER carrier_default_counsellor BEFORE INSERT ON public.carrier FOR EACH ROW WHEN (((new.counsellor_id IS NULL) AND (split_part(current_setting('parcours.identity'::text, true), '|'::text, 2) = 'counsellor'::text))) EXECUTE FUNCTION public.carrier_default_counsellor();


--
-- Name: carrier_event carrier_event_acting_staff; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER carrier_event_acting_staff BEFORE INSERT ON public.carrier_event FOR EACH ROW WHEN ((new.staff_id IS DISTINCT FROM (NULLIF(split_part(current_setting('parcours.identity'::text, true), '|'::text, 1), ''::text))::bigint)) EXECUTE FUNCTION public.parcours_set_acting_staff();


--
-- Name: carrier carrier_event_erased; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER carrier_event_erased AFTER UPDATE OF first_name ON public.carrier FOR EACH ROW WHEN (((new.first_name = public.parcours_erased()) AND (old.first_name IS DISTINCT FROM new.first_name))) EXECUTE FUNCTION public.carrier_event_erased();


--
-- Name: carrier carrier_participant_quality; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER carrier_participant_quality AFTER UPDATE ON public.carrier FOR EACH ROW WHEN (((((((old.gender IS DISTINCT FROM new.gender) OR (old.birth_date IS DISTINCT FROM new.birth_date)) OR (old.commune_id IS DISTINCT FROM new.commune_id)) OR (old.email IS DISTINCT FROM new.email)) OR (old.phone IS DISTINCT FROM new.phone)) OR (old.operator_id IS DISTINCT FROM new.operator_id))) EXECUTE FUNCTION public.participant_quality_follows();


--
-- Name: carrier_profile carrier_profile_acting_staff; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER carrier_profile_acting_staff BEFORE INSERT ON public.carrier_profile FOR EACH ROW WHEN ((new.staff_id IS DISTINCT FROM (NULLIF(split_part(current_setting('parcours.identity'::text, true), '|'::text, 1), ''::text))::bigint)) EXECUTE FUNCTION public.parcours_set_acting_staff();


--
-- Name: carrier_profile carrier_profile_participant_quality_delete; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER carrier_profile_participant_quality_delete AFTER DELETE ON public.carrier_profile REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.participant_quality_follows();


--
-- Name: carrier_profile carrier_profile_participant_quality_insert; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER carrier_profile_participant_quality_insert AFTER INSERT ON public.carrier_profile REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.participant_quality_follows();


--
-- Name: carrier_profile carrier_profile_participant_quality_update; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER carrier_profile_participant_quality_update AFTER UPDATE ON public.carrier_profile REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.participant_quality_follows();


--
-- Name: carrier carrier_stays_erased; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER carrier_stays_erased BEFORE UPDATE ON public.carrier FOR EACH ROW EXECUTE FUNCTION public.carrier_stays_erased();


--
-- Name: follow_up follow_up_acting_staff; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER follow_up_acting_staff BEFORE INSERT ON public.follow_up FOR EACH ROW WHEN ((new.staff_id IS DISTINCT FROM (NULLIF(split_part(current_setting('parcours.identity'::text, true), '|'::text, 1), ''::text))::bigint)) EXECUTE FUNCTION public.parcours_set_acting_staff();


--
-- Name: follow_up follow_up_participant_quality_delete; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER follow_up_participant_quality_delete AFTER DELETE ON public.follow_up REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.participant_quality_follows();


--
-- Name: follow_up follow_up_participant_quality_insert; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER follow_up_participant_quality_insert AFTER INSERT ON public.follow_up REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.participant_quality_follows();


--
-- Name: follow_up follow_up_participant_quality_update; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER follow_up_participant_quality_update AFTER UPDATE ON public.follow_up REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.participant_quality_follows();


--
-- Name: funder funder_participant_quality; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER funder_participant_quality AFTER UPDATE ON public.funder FOR EACH ROW WHEN ((old.kind IS DISTINCT FROM new.kind)) EXECUTE FUNCTION public.participant_quality_follows();


--
-- Name: funding_cohort funding_cohort_participant_quality; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER funding_cohort_participant_quality AFTER INSERT OR DELETE OR UPDATE ON public.funding_cohort FOR EACH ROW EXECUTE FUNCTION public.participant_quality_follows();


--
-- Name: funding funding_participant_quality_insert; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER funding_participant_quality_insert AFTER INSERT ON public.funding FOR EACH ROW EXECUTE FUNCTION public.participant_quality_follows();


--
-- Name: funding funding_participant_quality_update; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER funding_participant_quality_update AFTER UPDATE ON public.funding FOR EACH ROW WHEN (((((old.starts_on IS DISTINCT FROM new.starts_on) OR (old.ends_on IS DISTINCT FROM new.ends_on)) OR (old.operator_id IS DISTINCT FROM new.operator_id)) OR (old.funder_id IS DISTINCT FROM new.funder_id))) EXECUTE FUNCTION public.participant_quality_follows();


--
-- Name: funding_programme funding_programme_participant_quality; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER funding_programme_participant_quality AFTER INSERT OR DELETE OR UPDATE ON public.funding_programme FOR EACH ROW EXECUTE FUNCTION public.participant_quality_follows();


--
-- Name: funding_territory funding_territory_participant_quality; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER funding_territory_participant_quality AFTER INSERT OR DELETE OR UPDATE ON public.funding_territory FOR EACH ROW EXECUTE FUNCTION public.participant_quality_follows();


--
-- Name: carrier intake_carrier_erased; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER intake_carrier_erased AFTER UPDATE OF first_name ON public.carrier FOR EACH ROW WHEN (((new.first_name = public.parcours_erased()) AND (old.first_name IS DISTINCT FROM new.first_name))) EXECUTE FUNCTION public.intake_carrier_erased();


--
-- Name: intake intake_decided_is_final; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER intake_decided_is_final BEFORE UPDATE ON public.intake FOR EACH ROW EXECUTE FUNCTION public.intake_decided_is_final();


--
-- Name: journey journey_before_insert; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER journey_before_insert BEFORE INSERT ON public.journey FOR EACH ROW EXECUTE FUNCTION public.journey_before_insert();


--
-- Name: journey journey_before_update; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER journey_before_update BEFORE UPDATE ON public.journey FOR EACH ROW WHEN (((pg_trigger_depth() = 0) OR ((((new.operator_id IS DISTINCT FROM old.operator_id) OR (new.carrier_id IS DISTINCT FROM old.carrier_id)) OR (new.programme_id IS DISTINCT FROM old.programme_id)) OR (new.opened_on IS DISTINCT FROM old.opened_on)))) EXECUTE FUNCTION public.journey_before_update();


--
-- Name: journey journey_entry_deleted; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER journey_entry_deleted AFTER DELETE ON public.journey REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION public.journey_entry_follows();


--
-- Name: journey journey_entry_inserted; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER journey_entry_inserted AFTER INSERT ON public.journey REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION public.journey_entry_follows();


--
-- Name: journey journey_entry_updated; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER journey_entry_updated AFTER UPDATE OF carrier_id, opened_on ON public.journey FOR EACH ROW WHEN (((old.carrier_id IS DISTINCT FROM new.carrier_id) OR (old.opened_on IS DISTINCT FROM new.opened_on))) EXECUTE FUNCTION public.journey_entry_follows();


--
-- Name: journey_event journey_event_append_only; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER journey_event_append_only BEFORE DELETE OR UPDATE ON public.journey_event FOR EACH ROW EXECUTE FUNCTION public.journey_event_append_only();


--
-- Name: journey_event journey_event_checked; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER journey_event_checked AFTER INSERT ON public.journey_event REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION public.journey_event_checked();


--
-- Name: journey_event_correction journey_event_correction_kept; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER journey_event_correction_kept BEFORE DELETE OR UPDATE ON public.journey_event_correction FOR EACH ROW EXECUTE FUNCTION public.journey_event_correction_kept();


--
-- Name: journey_event_correction journey_event_correction_no_truncate; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER journey_event_correction_no_truncate BEFORE TRUNCATE ON public.journey_event_correction FOR EACH STATEMENT EXECUTE FUNCTION public.journey_event_correction_kept();


--
-- Name: journey_event_correction journey_event_correction_replaced; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE CONSTRAINT TRIGGER journey_event_correction_replaced AFTER INSERT ON public.journey_event_correction DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.journey_event_correction_replaced();


--
-- Name: journey_event journey_event_no_truncate; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER journey_event_no_truncate BEFORE TRUNCATE ON public.journey_event FOR EACH STATEMENT EXECUTE FUNCTION public.journey_event_append_only();


--
-- Name: journey_event journey_event_stamp; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER journey_event_stamp BEFORE INSERT ON public.journey_event FOR EACH ROW WHEN (((new.staff_id IS DISTINCT FROM (NULLIF(split_part(current_setting('parcours.identity'::text, true), '|'::text, 1), ''::text))::bigint) OR (new.recorded_at IS DISTINCT FROM now()) OR ((new.kind <> 'open'::text) AND (new.from_state IS NULL)))) EXECUTE FUNCTION public.journey_event_stamp();


--
-- Name: journey journey_participant_quality_delete; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER journey_participant_quality_delete AFTER DELETE ON public.journey REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.participant_quality_follows();


--
-- Name: journey journey_participant_quality_insert; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER journey_participant_quality_insert AFTER INSERT ON public.journey REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.participant_quality_follows();


--
-- Name: journey journey_participant_quality_update; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER journey_participant_quality_update AFTER UPDATE ON public.journey FOR EACH ROW WHEN ((((((((old.opened_on IS DISTINCT FROM new.opened_on) OR (old.closed_on IS DISTINCT FROM new.closed_on)) OR (old.carrier_id IS DISTINCT FROM new.carrier_id)) OR (old.operator_id IS DISTINCT FROM new.operator_id)) OR (old.programme_id IS DISTINCT FROM new.programme_id)) OR (old.cohort_id IS DISTINCT FROM new.cohort_id)) OR ((new.closed_on IS NOT NULL) AND (old.phase IS DISTINCT FROM new.phase)))) EXECUTE FUNCTION public.participant_quality_follows();


--
-- Name: jury_decision jury_decision_check; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER jury_decision_check BEFORE INSERT ON public.jury_decision FOR EACH ROW EXECUTE FUNCTION public.jury_decision_check();


--
-- Name: referral referral_acting_staff; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER referral_acting_staff BEFORE INSERT ON public.referral FOR EACH ROW WHEN ((new.staff_id IS DISTINCT FROM (NULLIF(split_part(current_setting('parcours.identity'::text, true), '|'::text, 1), ''::text))::bigint)) EXECUTE FUNCTION public.parcours_set_acting_staff();


--
-- Name: referral referral_update_guard; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER referral_update_guard BEFORE UPDATE ON public.referral FOR EACH ROW EXECUTE FUNCTION public.referral_update_guard();


--
-- Name: session session_attendance_kept; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER session_attendance_kept BEFORE UPDATE ON public.session FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (old.attendance_recorded IS DISTINCT FROM new.attendance_recorded))) EXECUTE FUNCTION public.attendance_facts_follow();


--
-- Name: session session_facts; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER session_facts AFTER UPDATE ON public.session FOR EACH ROW WHEN ((old.starts_at IS DISTINCT FROM new.starts_at)) EXECUTE FUNCTION public.attendance_facts_follow();


--
-- Name: session session_participant_quality; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER session_participant_quality AFTER UPDATE ON public.session FOR EACH ROW WHEN ((old.starts_at IS DISTINCT FROM new.starts_at)) EXECUTE FUNCTION public.participant_quality_follows();


--
-- Name: territory_ancestor territory_ancestor_participant_quality; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER territory_ancestor_participant_quality AFTER INSERT OR DELETE OR UPDATE ON public.territory_ancestor FOR EACH STATEMENT EXECUTE FUNCTION public.participant_quality_follows();


--
-- Name: territory territory_ancestors_insert; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER territory_ancestors_insert AFTER INSERT ON public.territory REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.territory_ancestors_follow();


--
-- Name: territory territory_ancestors_update; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER territory_ancestors_update AFTER UPDATE ON public.territory REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.territory_ancestors_follow();


--
-- Name: territory territory_check_nesting; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER territory_check_nesting BEFORE INSERT OR UPDATE OF parent_id, kind ON public.territory FOR EACH ROW EXECUTE FUNCTION public.territory_check_nesting();


--
-- Name: territory_member territory_member_ancestors_delete; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER territory_member_ancestors_delete AFTER DELETE ON public.territory_member REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.territory_ancestors_follow();


--
-- Name: territory_member territory_member_ancestors_insert; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER territory_member_ancestors_insert AFTER INSERT ON public.territory_member REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.territory_ancestors_follow();


--
-- Name: territory_member territory_member_check; Type: TRIGGER; Schema: public; Owner: parcours_owner
--

CREATE TRIGGER territory_member_check BEFORE INSERT OR UPDATE ON public.territory_member FOR EACH ROW EXECUTE FUNCTION public.territory_member_check();


--
-- Name: activity activity_operator_id_journey_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.activity
    ADD CONSTRAINT activity_operator_id_journey_id_fkey FOREIGN KEY (operator_id, journey_id) REFERENCES public.journey(operator_id, id);


--
-- Name: api_idempotency api_idempotency_staff_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.api_idempotency
    ADD CONSTRAINT api_idempotency_staff_id_fkey FOREIGN KEY (staff_id) REFERENCES public.staff(id);


--
-- Name: api_token api_token_staff_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.api_token
    ADD CONSTRAINT api_token_staff_id_fkey FOREIGN KEY (staff_id) REFERENCES public.staff(id);


--
-- Name: attendance attendance_operator_id_journey_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.attendance
    ADD CONSTRAINT attendance_operator_id_journey_id_fkey FOREIGN KEY (operator_id, journey_id) REFERENCES public.journey(operator_id, id);


--
-- Name: attendance attendance_operator_id_session_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.attendance
    ADD CONSTRAINT attendance_operator_id_session_id_fkey FOREIGN KEY (operator_id, session_id) REFERENCES public.session(operator_id, id);


--
-- Name: attendance_sheet_scan attendance_sheet_scan_operator_id_session_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.attendance_sheet_scan
    ADD CONSTRAINT attendance_sheet_scan_operator_id_session_id_fkey FOREIGN KEY (operator_id, session_id) REFERENCES public.session(operator_id, id);


--
-- Name: attendance_sheet_scan attendance_sheet_scan_staff_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.attendance_sheet_scan
    ADD CONSTRAINT attendance_sheet_scan_staff_id_fkey FOREIGN KEY (staff_id) REFERENCES public.staff(id);


--
-- Name: attendance attendance_staff_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.attendance
    ADD CONSTRAINT attendance_staff_id_fkey FOREIGN KEY (staff_id) REFERENCES public.staff(id);


--
-- Name: audit_event audit_event_staff_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.audit_event
    ADD CONSTRAINT audit_event_staff_id_fkey FOREIGN KEY (staff_id) REFERENCES public.staff(id);


--
-- Name: cape_contract cape_contract_couveuse_partner_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.cape_contract
    ADD CONSTRAINT cape_contract_couveuse_partner_id_fkey FOREIGN KEY (couveuse_partner_id) REFERENCES public.partner(id);


--
-- Name: cape_contract cape_contract_operator_id_journey_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.cape_contract
    ADD CONSTRAINT cape_contract_operator_id_journey_id_fkey FOREIGN KEY (operator_id, journey_id) REFERENCES public.journey(operator_id, id);


--
-- Name: cape_period cape_period_operator_id_contract_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.cape_period
    ADD CONSTRAINT cape_period_operator_id_contract_id_fkey FOREIGN KEY (operator_id, contract_id) REFERENCES public.cape_contract(operator_id, id);


--
-- Name: cape_turnover cape_turnover_operator_id_contract_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.cape_turnover
    ADD CONSTRAINT cape_turnover_operator_id_contract_id_fkey FOREIGN KEY (operator_id, contract_id) REFERENCES public.cape_contract(operator_id, id);


--
-- Name: carrier carrier_commune_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.carrier
    ADD CONSTRAINT carrier_commune_id_fkey FOREIGN KEY (commune_id) REFERENCES public.territory(id);


--
-- Name: carrier carrier_counsellor_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.carrier
    ADD CONSTRAINT carrier_counsellor_id_fkey FOREIGN KEY (counsellor_id) REFERENCES public.staff(id);


--
-- Name: carrier_event carrier_event_operator_id_carrier_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.carrier_event
    ADD CONSTRAINT carrier_event_operator_id_carrier_id_fkey FOREIGN KEY (operator_id, carrier_id) REFERENCES public.carrier(operator_id, id);


--
-- Name: carrier carrier_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.carrier
    ADD CONSTRAINT carrier_operator_id_fkey FOREIGN KEY (operator_id) REFERENCES public.operator(id);


--
-- Name: carrier_profile carrier_profile_operator_id_carrier_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.carrier_profile
    ADD CONSTRAINT carrier_profile_operator_id_carrier_id_fkey FOREIGN KEY (operator_id, carrier_id) REFERENCES public.carrier(operator_id, id);


--
-- Name: carrier_profile carrier_profile_staff_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.carrier_profile
    ADD CONSTRAINT carrier_profile_staff_id_fkey FOREIGN KEY (staff_id) REFERENCES public.staff(id);


--
-- Name: carrier carrier_qpv_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.carrier
    ADD CONSTRAINT carrier_qpv_code_fkey FOREIGN KEY (qpv_code) REFERENCES public.qpv(code);


--
-- Name: cohort cohort_operator_id_programme_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.cohort
    ADD CONSTRAINT cohort_operator_id_programme_id_fkey FOREIGN KEY (operator_id, programme_id) REFERENCES public.programme(operator_id, id);


--
-- Name: dashboard_share dashboard_share_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.dashboard_share
    ADD CONSTRAINT dashboard_share_operator_id_fkey FOREIGN KEY (operator_id) REFERENCES public.operator(id);


--
-- Name: dashboard_share dashboard_share_revoked_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.dashboard_share
    ADD CONSTRAINT dashboard_share_revoked_by_fkey FOREIGN KEY (revoked_by) REFERENCES public.staff(id);


--
-- Name: dashboard_share dashboard_share_staff_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.dashboard_share
    ADD CONSTRAINT dashboard_share_staff_id_fkey FOREIGN KEY (staff_id) REFERENCES public.staff(id);


--
-- Name: follow_up follow_up_operator_id_journey_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.follow_up
    ADD CONSTRAINT follow_up_operator_id_journey_id_fkey FOREIGN KEY (operator_id, journey_id) REFERENCES public.journey(operator_id, id);


--
-- Name: follow_up follow_up_staff_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.follow_up
    ADD CONSTRAINT follow_up_staff_id_fkey FOREIGN KEY (staff_id) REFERENCES public.staff(id);


--
-- Name: funding_cohort funding_cohort_operator_id_cohort_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.funding_cohort
    ADD CONSTRAINT funding_cohort_operator_id_cohort_id_fkey FOREIGN KEY (operator_id, cohort_id) REFERENCES public.cohort(operator_id, id);


--
-- Name: funding_cohort funding_cohort_operator_id_funding_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.funding_cohort
    ADD CONSTRAINT funding_cohort_operator_id_funding_id_fkey FOREIGN KEY (operator_id, funding_id) REFERENCES public.funding(operator_id, id);


--
-- Name: funding funding_funder_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.funding
    ADD CONSTRAINT funding_funder_id_fkey FOREIGN KEY (funder_id) REFERENCES public.funder(id);


--
-- Name: funding funding_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.funding
    ADD CONSTRAINT funding_operator_id_fkey FOREIGN KEY (operator_id) REFERENCES public.operator(id);


--
-- Name: funding_programme funding_programme_operator_id_funding_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.funding_programme
    ADD CONSTRAINT funding_programme_operator_id_funding_id_fkey FOREIGN KEY (operator_id, funding_id) REFERENCES public.funding(operator_id, id);


--
-- Name: funding_programme funding_programme_operator_id_programme_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.funding_programme
    ADD CONSTRAINT funding_programme_operator_id_programme_id_fkey FOREIGN KEY (operator_id, programme_id) REFERENCES public.programme(operator_id, id);


--
-- Name: funding_territory funding_territory_operator_id_funding_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.funding_territory
    ADD CONSTRAINT funding_territory_operator_id_funding_id_fkey FOREIGN KEY (operator_id, funding_id) REFERENCES public.funding(operator_id, id);


--
-- Name: funding_territory funding_territory_territory_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.funding_territory
    ADD CONSTRAINT funding_territory_territory_id_fkey FOREIGN KEY (territory_id) REFERENCES public.territory(id);


--
-- Name: intake intake_commune_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.intake
    ADD CONSTRAINT intake_commune_id_fkey FOREIGN KEY (commune_id) REFERENCES public.territory(id);


--
-- Name: intake intake_info_session_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.intake
    ADD CONSTRAINT intake_info_session_fkey FOREIGN KEY (info_session_id, operator_id) REFERENCES public.session(id, operator_id);


--
-- Name: intake intake_operator_id_carrier_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.intake
    ADD CONSTRAINT intake_operator_id_carrier_id_fkey FOREIGN KEY (operator_id, carrier_id) REFERENCES public.carrier(operator_id, id);


--
-- Name: intake intake_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.intake
    ADD CONSTRAINT intake_operator_id_fkey FOREIGN KEY (operator_id) REFERENCES public.operator(id);


--
-- Name: intake intake_operator_id_journey_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.intake
    ADD CONSTRAINT intake_operator_id_journey_id_fkey FOREIGN KEY (operator_id, journey_id) REFERENCES public.journey(operator_id, id);


--
-- Name: intake intake_redirected_to_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.intake
    ADD CONSTRAINT intake_redirected_to_fkey FOREIGN KEY (redirected_to) REFERENCES public.partner(id);


--
-- Name: intake intake_registration_page_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.intake
    ADD CONSTRAINT intake_registration_page_fkey FOREIGN KEY (registration_page_id, operator_id) REFERENCES public.registration_page(id, operator_id);


--
-- Name: journey_event_correction journey_event_correction_corrected_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.journey_event_correction
    ADD CONSTRAINT journey_event_correction_corrected_by_fkey FOREIGN KEY (corrected_by) REFERENCES public.staff(id);


--
-- Name: journey_event_correction journey_event_correction_operator_id_journey_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.journey_event_correction
    ADD CONSTRAINT journey_event_correction_operator_id_journey_id_fkey FOREIGN KEY (operator_id, journey_id) REFERENCES public.journey(operator_id, id);


--
-- Name: journey_event_correction journey_event_correction_staff_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.journey_event_correction
    ADD CONSTRAINT journey_event_correction_staff_id_fkey FOREIGN KEY (staff_id) REFERENCES public.staff(id);


--
-- Name: journey_event journey_event_operator_id_journey_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.journey_event
    ADD CONSTRAINT journey_event_operator_id_journey_id_fkey FOREIGN KEY (operator_id, journey_id) REFERENCES public.journey(operator_id, id);


--
-- Name: journey_event journey_event_staff_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.journey_event
    ADD CONSTRAINT journey_event_staff_id_fkey FOREIGN KEY (staff_id) REFERENCES public.staff(id);


--
-- Name: journey journey_operator_id_carrier_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.journey
    ADD CONSTRAINT journey_operator_id_carrier_id_fkey FOREIGN KEY (operator_id, carrier_id) REFERENCES public.carrier(operator_id, id);


--
-- Name: journey journey_operator_id_programme_id_cohort_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.journey
    ADD CONSTRAINT journey_operator_id_programme_id_cohort_id_fkey FOREIGN KEY (operator_id, programme_id, cohort_id) REFERENCES public.cohort(operator_id, programme_id, id);


--
-- Name: journey journey_operator_id_programme_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.journey
    ADD CONSTRAINT journey_operator_id_programme_id_fkey FOREIGN KEY (operator_id, programme_id) REFERENCES public.programme(operator_id, id);


--
-- Name: jury_decision jury_decision_operator_id_journey_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.jury_decision
    ADD CONSTRAINT jury_decision_operator_id_journey_id_fkey FOREIGN KEY (operator_id, journey_id) REFERENCES public.journey(operator_id, id);


--
-- Name: jury_decision jury_decision_staff_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.jury_decision
    ADD CONSTRAINT jury_decision_staff_id_fkey FOREIGN KEY (staff_id) REFERENCES public.staff(id);


--
-- Name: mail_outbox mail_outbox_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.mail_outbox
    ADD CONSTRAINT mail_outbox_operator_id_fkey FOREIGN KEY (operator_id) REFERENCES public.operator(id);


--
-- Name: mail_outbox mail_outbox_questionnaire_link_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.mail_outbox
    ADD CONSTRAINT mail_outbox_questionnaire_link_fkey FOREIGN KEY (questionnaire_link_id, operator_id) REFERENCES public.questionnaire_link(id, operator_id) ON DELETE CASCADE;


--
-- Name: mail_outbox mail_outbox_referral_link_id_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.mail_outbox
    ADD CONSTRAINT mail_outbox_referral_link_id_operator_id_fkey FOREIGN KEY (referral_link_id, operator_id) REFERENCES public.referral_link(id, operator_id) ON DELETE CASCADE;


--
-- Name: operator_territory operator_territory_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.operator_territory
    ADD CONSTRAINT operator_territory_operator_id_fkey FOREIGN KEY (operator_id) REFERENCES public.operator(id);


--
-- Name: operator_territory operator_territory_territory_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.operator_territory
    ADD CONSTRAINT operator_territory_territory_id_fkey FOREIGN KEY (territory_id) REFERENCES public.territory(id);


--
-- Name: participant_quality participant_quality_carrier_id_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.participant_quality
    ADD CONSTRAINT participant_quality_carrier_id_operator_id_fkey FOREIGN KEY (carrier_id, operator_id) REFERENCES public.carrier(id, operator_id) ON DELETE CASCADE;


--
-- Name: participant_quality participant_quality_funding_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.participant_quality
    ADD CONSTRAINT participant_quality_funding_id_fkey FOREIGN KEY (funding_id) REFERENCES public.funding(id) ON DELETE CASCADE;


--
-- Name: partner partner_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.partner
    ADD CONSTRAINT partner_operator_id_fkey FOREIGN KEY (operator_id) REFERENCES public.operator(id);


--
-- Name: partner_territory partner_territory_partner_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.partner_territory
    ADD CONSTRAINT partner_territory_partner_id_fkey FOREIGN KEY (partner_id) REFERENCES public.partner(id);


--
-- Name: partner_territory partner_territory_territory_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.partner_territory
    ADD CONSTRAINT partner_territory_territory_id_fkey FOREIGN KEY (territory_id) REFERENCES public.territory(id);


--
-- Name: programme programme_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.programme
    ADD CONSTRAINT programme_operator_id_fkey FOREIGN KEY (operator_id) REFERENCES public.operator(id);


--
-- Name: qpv qpv_commune_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.qpv
    ADD CONSTRAINT qpv_commune_id_fkey FOREIGN KEY (commune_id) REFERENCES public.territory(id);


--
-- Name: questionnaire_link questionnaire_link_carrier_id_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.questionnaire_link
    ADD CONSTRAINT questionnaire_link_carrier_id_operator_id_fkey FOREIGN KEY (carrier_id, operator_id) REFERENCES public.carrier(id, operator_id);


--
-- Name: questionnaire_link questionnaire_link_journey_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.questionnaire_link
    ADD CONSTRAINT questionnaire_link_journey_fkey FOREIGN KEY (journey_id, operator_id) REFERENCES public.journey(id, operator_id);


--
-- Name: questionnaire_link questionnaire_link_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.questionnaire_link
    ADD CONSTRAINT questionnaire_link_operator_id_fkey FOREIGN KEY (operator_id) REFERENCES public.operator(id);


--
-- Name: questionnaire_link questionnaire_link_staff_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.questionnaire_link
    ADD CONSTRAINT questionnaire_link_staff_id_fkey FOREIGN KEY (staff_id) REFERENCES public.staff(id);


--
-- Name: questionnaire_signature questionnaire_signature_carrier_id_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.questionnaire_signature
    ADD CONSTRAINT questionnaire_signature_carrier_id_operator_id_fkey FOREIGN KEY (carrier_id, operator_id) REFERENCES public.carrier(id, operator_id);


--
-- Name: questionnaire_signature questionnaire_signature_link_id_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.questionnaire_signature
    ADD CONSTRAINT questionnaire_signature_link_id_operator_id_fkey FOREIGN KEY (link_id, operator_id) REFERENCES public.questionnaire_link(id, operator_id);


--
-- Name: questionnaire_signature questionnaire_signature_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.questionnaire_signature
    ADD CONSTRAINT questionnaire_signature_operator_id_fkey FOREIGN KEY (operator_id) REFERENCES public.operator(id);


--
-- Name: referral_link referral_link_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.referral_link
    ADD CONSTRAINT referral_link_operator_id_fkey FOREIGN KEY (operator_id) REFERENCES public.operator(id);


--
-- Name: referral_link referral_link_referral_id_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.referral_link
    ADD CONSTRAINT referral_link_referral_id_operator_id_fkey FOREIGN KEY (referral_id, operator_id) REFERENCES public.referral(id, operator_id);


--
-- Name: referral_link referral_link_staff_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.referral_link
    ADD CONSTRAINT referral_link_staff_id_fkey FOREIGN KEY (staff_id) REFERENCES public.staff(id);


--
-- Name: referral referral_operator_id_journey_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.referral
    ADD CONSTRAINT referral_operator_id_journey_id_fkey FOREIGN KEY (operator_id, journey_id) REFERENCES public.journey(operator_id, id);


--
-- Name: referral referral_partner_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.referral
    ADD CONSTRAINT referral_partner_id_fkey FOREIGN KEY (partner_id) REFERENCES public.partner(id);


--
-- Name: referral referral_staff_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.referral
    ADD CONSTRAINT referral_staff_id_fkey FOREIGN KEY (staff_id) REFERENCES public.staff(id);


--
-- Name: registration_page registration_page_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.registration_page
    ADD CONSTRAINT registration_page_operator_id_fkey FOREIGN KEY (operator_id) REFERENCES public.operator(id);


--
-- Name: registration_page registration_page_staff_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.registration_page
    ADD CONSTRAINT registration_page_staff_id_fkey FOREIGN KEY (staff_id) REFERENCES public.staff(id);


--
-- Name: session session_operator_id_programme_id_cohort_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.session
    ADD CONSTRAINT session_operator_id_programme_id_cohort_id_fkey FOREIGN KEY (operator_id, programme_id, cohort_id) REFERENCES public.cohort(operator_id, programme_id, id);


--
-- Name: session session_operator_id_programme_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.session
    ADD CONSTRAINT session_operator_id_programme_id_fkey FOREIGN KEY (operator_id, programme_id) REFERENCES public.programme(operator_id, id);


--
-- Name: staff staff_funder_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.staff
    ADD CONSTRAINT staff_funder_id_fkey FOREIGN KEY (funder_id) REFERENCES public.funder(id);


--
-- Name: staff staff_operator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.staff
    ADD CONSTRAINT staff_operator_id_fkey FOREIGN KEY (operator_id) REFERENCES public.operator(id);


--
-- Name: territory_ancestor territory_ancestor_ancestor_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.territory_ancestor
    ADD CONSTRAINT territory_ancestor_ancestor_id_fkey FOREIGN KEY (ancestor_id) REFERENCES public.territory(id) ON DELETE CASCADE;


--
-- Name: territory_ancestor territory_ancestor_territory_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.territory_ancestor
    ADD CONSTRAINT territory_ancestor_territory_id_fkey FOREIGN KEY (territory_id) REFERENCES public.territory(id) ON DELETE CASCADE;


--
-- Name: territory territory_department_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.territory
    ADD CONSTRAINT territory_department_id_fkey FOREIGN KEY (department_id) REFERENCES public.territory(id);


--
-- Name: territory_former_code territory_former_code_commune_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.territory_former_code
    ADD CONSTRAINT territory_former_code_commune_id_fkey FOREIGN KEY (commune_id) REFERENCES public.territory(id) ON DELETE CASCADE;


--
-- Name: territory_member territory_member_grouping_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.territory_member
    ADD CONSTRAINT territory_member_grouping_id_fkey FOREIGN KEY (grouping_id) REFERENCES public.territory(id) ON DELETE CASCADE;


--
-- Name: territory_member territory_member_member_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.territory_member
    ADD CONSTRAINT territory_member_member_id_fkey FOREIGN KEY (member_id) REFERENCES public.territory(id) ON DELETE CASCADE;


--
-- Name: territory territory_parent_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.territory
    ADD CONSTRAINT territory_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.territory(id);


--
-- Name: territory_place territory_place_territory_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.territory_place
    ADD CONSTRAINT territory_place_territory_id_fkey FOREIGN KEY (territory_id) REFERENCES public.territory(id) ON DELETE CASCADE;


--
-- Name: territory_zoning territory_zoning_territory_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: parcours_owner
--

ALTER TABLE ONLY public.territory_zoning
    ADD CONSTRAINT territory_zoning_territory_id_fkey FOREIGN KEY (territory_id) REFERENCES public.territory(id) ON DELETE CASCADE;


--
-- Name: activity; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.activity ENABLE ROW LEVEL SECURITY;

--
-- Name: activity activity_caseload; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY activity_caseload ON public.activity AS RESTRICTIVE TO parcours_app USING (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR public.parcours_follows_journey(journey_id))) WITH CHECK (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR public.parcours_follows_journey(journey_id)));


--
-- Name: activity activity_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY activity_owner ON public.activity TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: activity activity_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY activity_read ON public.activity FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: activity activity_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY activity_write ON public.activity TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all))) WITH CHECK (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all)));


--
-- Name: api_idempotency; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.api_idempotency ENABLE ROW LEVEL SECURITY;

--
-- Name: api_idempotency api_idempotency_own; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY api_idempotency_own ON public.api_idempotency TO parcours_app USING ((staff_id = ( SELECT public.parcours_current_staff() AS parcours_current_staff))) WITH CHECK ((staff_id = ( SELECT public.parcours_current_staff() AS parcours_current_staff)));


--
-- Name: api_idempotency api_idempotency_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY api_idempotency_owner ON public.api_idempotency TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: api_token; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.api_token ENABLE ROW LEVEL SECURITY;

--
-- Name: api_token api_token_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY api_token_owner ON public.api_token TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: api_token api_token_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY api_token_read ON public.api_token FOR SELECT TO parcours_app USING (((staff_id = ( SELECT public.parcours_current_staff() AS parcours_current_staff)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all)));


--
-- Name: api_token api_token_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY api_token_write ON public.api_token TO parcours_app USING (( SELECT public.parcours_writes_all() AS parcours_writes_all)) WITH CHECK (( SELECT public.parcours_writes_all() AS parcours_writes_all));


--
-- Name: attendance; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.attendance ENABLE ROW LEVEL SECURITY;

--
-- Name: attendance attendance_caseload; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY attendance_caseload ON public.attendance AS RESTRICTIVE TO parcours_app USING (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR public.parcours_follows_journey(journey_id))) WITH CHECK (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR public.parcours_follows_journey(journey_id)));


--
-- Name: attendance attendance_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY attendance_owner ON public.attendance TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: attendance attendance_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY attendance_read ON public.attendance FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: attendance_sheet_scan; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.attendance_sheet_scan ENABLE ROW LEVEL SECURITY;

--
-- Name: attendance_sheet_scan attendance_sheet_scan_add; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY attendance_sheet_scan_add ON public.attendance_sheet_scan FOR INSERT TO parcours_app WITH CHECK (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all)));


--
-- Name: attendance_sheet_scan attendance_sheet_scan_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY attendance_sheet_scan_read ON public.attendance_sheet_scan FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: attendance attendance_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY attendance_write ON public.attendance TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all))) WITH CHECK (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all)));


--
-- Name: audit_event; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.audit_event ENABLE ROW LEVEL SECURITY;

--
-- Name: audit_event audit_event_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY audit_event_owner ON public.audit_event TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: audit_head; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.audit_head ENABLE ROW LEVEL SECURITY;

--
-- Name: audit_head audit_head_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY audit_head_owner ON public.audit_head TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: cape_contract; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.cape_contract ENABLE ROW LEVEL SECURITY;

--
-- Name: cape_contract cape_contract_caseload; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY cape_contract_caseload ON public.cape_contract AS RESTRICTIVE TO parcours_app USING (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR public.parcours_follows_journey(journey_id))) WITH CHECK (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR public.parcours_follows_journey(journey_id)));


--
-- Name: cape_contract cape_contract_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY cape_contract_owner ON public.cape_contract TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: cape_contract cape_contract_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY cape_contract_read ON public.cape_contract FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: cape_contract cape_contract_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY cape_contract_write ON public.cape_contract TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all))) WITH CHECK (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all)));


--
-- Name: cape_period; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.cape_period ENABLE ROW LEVEL SECURITY;

--
-- Name: cape_period cape_period_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY cape_period_owner ON public.cape_period TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: cape_period cape_period_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY cape_period_read ON public.cape_period FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: cape_period cape_period_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY cape_period_write ON public.cape_period TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all))) WITH CHECK (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all)));


--
-- Name: cape_turnover; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.cape_turnover ENABLE ROW LEVEL SECURITY;

--
-- Name: cape_turnover cape_turnover_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY cape_turnover_owner ON public.cape_turnover TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: cape_turnover cape_turnover_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY cape_turnover_read ON public.cape_turnover FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: cape_turnover cape_turnover_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY cape_turnover_write ON public.cape_turnover TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all))) WITH CHECK (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all)));


--
-- Name: carrier; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.carrier ENABLE ROW LEVEL SECURITY;

--
-- Name: carrier carrier_caseload; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY carrier_caseload ON public.carrier AS RESTRICTIVE TO parcours_app USING (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR (counsellor_id IS NULL) OR (counsellor_id = ( SELECT public.parcours_current_staff() AS parcours_current_staff)))) WITH CHECK (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR (counsellor_id IS NULL) OR (counsellor_id = ( SELECT public.parcours_current_staff() AS parcours_current_staff))));


--
-- Name: carrier_event; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.carrier_event ENABLE ROW LEVEL SECURITY;

--
-- Name: carrier_event carrier_event_caseload; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY carrier_event_caseload ON public.carrier_event AS RESTRICTIVE TO parcours_app USING (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR public.parcours_follows_carrier(carrier_id))) WITH CHECK (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR public.parcours_follows_carrier(carrier_id)));


--
-- Name: carrier_event carrier_event_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY carrier_event_owner ON public.carrier_event TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: carrier_event carrier_event_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY carrier_event_read ON public.carrier_event FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: carrier_event carrier_event_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY carrier_event_write ON public.carrier_event FOR INSERT TO parcours_app WITH CHECK (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all)));


--
-- Name: carrier carrier_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY carrier_owner ON public.carrier TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: carrier_profile; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.carrier_profile ENABLE ROW LEVEL SECURITY;

--
-- Name: carrier_profile carrier_profile_caseload; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY carrier_profile_caseload ON public.carrier_profile AS RESTRICTIVE FOR SELECT TO parcours_app USING (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR public.parcours_follows_carrier(carrier_id)));


--
-- Name: carrier_profile carrier_profile_caseload_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY carrier_profile_caseload_write ON public.carrier_profile AS RESTRICTIVE FOR INSERT TO parcours_app WITH CHECK (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR public.parcours_follows_carrier(carrier_id)));


--
-- Name: carrier_profile carrier_profile_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY carrier_profile_owner ON public.carrier_profile TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: carrier_profile carrier_profile_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY carrier_profile_read ON public.carrier_profile FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: carrier_profile carrier_profile_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY carrier_profile_write ON public.carrier_profile TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all))) WITH CHECK (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all)));


--
-- Name: carrier carrier_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY carrier_read ON public.carrier FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: carrier carrier_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY carrier_write ON public.carrier TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all))) WITH CHECK (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all)));


--
-- Name: cohort; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.cohort ENABLE ROW LEVEL SECURITY;

--
-- Name: cohort cohort_funder_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY cohort_funder_read ON public.cohort FOR SELECT TO parcours_app USING (((( SELECT public.parcours_current_role() AS parcours_current_role) = 'funder'::text) AND public.parcours_funder_covers_operator(operator_id)));


--
-- Name: cohort cohort_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY cohort_owner ON public.cohort TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: cohort cohort_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY cohort_read ON public.cohort FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: cohort cohort_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY cohort_write ON public.cohort TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all))) WITH CHECK (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all)));


--
-- Name: dashboard_share; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.dashboard_share ENABLE ROW LEVEL SECURITY;

--
-- Name: dashboard_share dashboard_share_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY dashboard_share_owner ON public.dashboard_share TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: dashboard_share dashboard_share_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY dashboard_share_read ON public.dashboard_share FOR SELECT TO parcours_app USING (((staff_id = ( SELECT public.parcours_current_staff() AS parcours_current_staff)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all) OR ((( SELECT public.parcours_current_role() AS parcours_current_role) = 'coordinator'::text) AND (operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)))));


--
-- Name: follow_up; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.follow_up ENABLE ROW LEVEL SECURITY;

--
-- Name: follow_up follow_up_caseload; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY follow_up_caseload ON public.follow_up AS RESTRICTIVE TO parcours_app USING (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR public.parcours_follows_journey(journey_id))) WITH CHECK (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR public.parcours_follows_journey(journey_id)));


--
-- Name: follow_up follow_up_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY follow_up_owner ON public.follow_up TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: follow_up follow_up_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY follow_up_read ON public.follow_up FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: follow_up follow_up_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY follow_up_write ON public.follow_up TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all))) WITH CHECK (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all)));


--
-- Name: funder; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.funder ENABLE ROW LEVEL SECURITY;

--
-- Name: funder funder_add; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY funder_add ON public.funder FOR INSERT TO parcours_app WITH CHECK (((( SELECT public.parcours_current_operator() AS parcours_current_operator) IS NOT NULL) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all)));


--
-- Name: funder funder_edit; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY funder_edit ON public.funder FOR UPDATE TO parcours_app USING (( SELECT public.parcours_writes_all() AS parcours_writes_all)) WITH CHECK (( SELECT public.parcours_writes_all() AS parcours_writes_all));


--
-- Name: funder funder_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY funder_owner ON public.funder TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: funder funder_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY funder_read ON public.funder FOR SELECT TO parcours_app USING ((( SELECT public.parcours_current_role() AS parcours_current_role) IS NOT NULL));


--
-- Name: funding; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.funding ENABLE ROW LEVEL SECURITY;

--
-- Name: funding_cohort; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.funding_cohort ENABLE ROW LEVEL SECURITY;

--
-- Name: funding_cohort funding_cohort_funder_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY funding_cohort_funder_read ON public.funding_cohort FOR SELECT TO parcours_app USING (((( SELECT public.parcours_current_role() AS parcours_current_role) = 'funder'::text) AND public.parcours_funder_covers_operator(operator_id)));


--
-- Name: funding_cohort funding_cohort_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY funding_cohort_owner ON public.funding_cohort TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: funding_cohort funding_cohort_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY funding_cohort_read ON public.funding_cohort FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: funding_cohort funding_cohort_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY funding_cohort_write ON public.funding_cohort TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all))) WITH CHECK (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all)));


--
-- Name: funding funding_funder_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY funding_funder_read ON public.funding FOR SELECT TO parcours_app USING ((funder_id = ( SELECT public.parcours_current_funder() AS parcours_current_funder)));


--
-- Name: funding funding_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY funding_owner ON public.funding TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: funding_programme; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.funding_programme ENABLE ROW LEVEL SECURITY;

--
-- Name: funding_programme funding_programme_funder_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY funding_programme_funder_read ON public.funding_programme FOR SELECT TO parcours_app USING (((( SELECT public.parcours_current_role() AS parcours_current_role) = 'funder'::text) AND public.parcours_funder_covers_operator(operator_id)));


--
-- Name: funding_programme funding_programme_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY funding_programme_owner ON public.funding_programme TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: funding_programme funding_programme_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY funding_programme_read ON public.funding_programme FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: funding_programme funding_programme_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY funding_programme_write ON public.funding_programme TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all))) WITH CHECK (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all)));


--
-- Name: funding funding_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY funding_read ON public.funding FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: funding_territory; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.funding_territory ENABLE ROW LEVEL SECURITY;

--
-- Name: funding_territory funding_territory_funder_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY funding_territory_funder_read ON public.funding_territory FOR SELECT TO parcours_app USING (((( SELECT public.parcours_current_role() AS parcours_current_role) = 'funder'::text) AND public.parcours_funder_covers_operator(operator_id)));


--
-- Name: funding_territory funding_territory_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY funding_territory_owner ON public.funding_territory TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: funding_territory funding_territory_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY funding_territory_read ON public.funding_territory FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: funding_territory funding_territory_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY funding_territory_write ON public.funding_territory TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all))) WITH CHECK (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all)));


--
-- Name: funding funding_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY funding_write ON public.funding TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all))) WITH CHECK (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all)));


--
-- Name: intake; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.intake ENABLE ROW LEVEL SECURITY;

--
-- Name: intake intake_caseload; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY intake_caseload ON public.intake AS RESTRICTIVE TO parcours_app USING (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR (carrier_id IS NULL) OR public.parcours_follows_carrier(carrier_id))) WITH CHECK (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR (carrier_id IS NULL) OR public.parcours_follows_carrier(carrier_id)));


--
-- Name: intake intake_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY intake_owner ON public.intake TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: intake intake_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY intake_read ON public.intake FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: intake intake_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY intake_write ON public.intake TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all))) WITH CHECK (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all)));


--
-- Name: journey; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.journey ENABLE ROW LEVEL SECURITY;

--
-- Name: journey journey_caseload; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY journey_caseload ON public.journey AS RESTRICTIVE TO parcours_app USING (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR public.parcours_follows_carrier(carrier_id))) WITH CHECK (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR public.parcours_follows_carrier(carrier_id)));


--
-- Name: journey_event; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.journey_event ENABLE ROW LEVEL SECURITY;

--
-- Name: journey_event journey_event_append; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY journey_event_append ON public.journey_event FOR INSERT TO parcours_app WITH CHECK (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all)));


--
-- Name: journey_event journey_event_caseload; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY journey_event_caseload ON public.journey_event AS RESTRICTIVE TO parcours_app USING (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR public.parcours_follows_journey(journey_id))) WITH CHECK (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR public.parcours_follows_journey(journey_id)));


--
-- Name: journey_event_correction; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.journey_event_correction ENABLE ROW LEVEL SECURITY;

--
-- Name: journey_event_correction journey_event_correction_caseload; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY journey_event_correction_caseload ON public.journey_event_correction AS RESTRICTIVE TO parcours_app USING (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR public.parcours_follows_journey(journey_id))) WITH CHECK (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR public.parcours_follows_journey(journey_id)));


--
-- Name: journey_event_correction journey_event_correction_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY journey_event_correction_owner ON public.journey_event_correction TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: journey_event_correction journey_event_correction_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY journey_event_correction_read ON public.journey_event_correction FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: journey_event journey_event_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY journey_event_owner ON public.journey_event TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: journey_event journey_event_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY journey_event_read ON public.journey_event FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: journey journey_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY journey_owner ON public.journey TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: journey journey_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY journey_read ON public.journey FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: journey journey_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY journey_write ON public.journey TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all))) WITH CHECK (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all)));


--
-- Name: jury_decision; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.jury_decision ENABLE ROW LEVEL SECURITY;

--
-- Name: jury_decision jury_decision_caseload; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY jury_decision_caseload ON public.jury_decision AS RESTRICTIVE TO parcours_app USING (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR public.parcours_follows_journey(journey_id))) WITH CHECK (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR public.parcours_follows_journey(journey_id)));


--
-- Name: jury_decision jury_decision_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY jury_decision_owner ON public.jury_decision TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: jury_decision jury_decision_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY jury_decision_read ON public.jury_decision FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: jury_decision jury_decision_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY jury_decision_write ON public.jury_decision TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all))) WITH CHECK (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all)));


--
-- Name: mail_outbox; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.mail_outbox ENABLE ROW LEVEL SECURITY;

--
-- Name: mail_outbox mail_outbox_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY mail_outbox_owner ON public.mail_outbox TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: mail_outbox mail_outbox_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY mail_outbox_read ON public.mail_outbox FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: operator; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.operator ENABLE ROW LEVEL SECURITY;

--
-- Name: operator operator_funder_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY operator_funder_read ON public.operator FOR SELECT TO parcours_app USING (((( SELECT public.parcours_current_role() AS parcours_current_role) = 'funder'::text) AND public.parcours_funder_covers_operator(id)));


--
-- Name: operator operator_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY operator_owner ON public.operator TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: operator operator_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY operator_read ON public.operator FOR SELECT TO parcours_app USING (((id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: operator_territory; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.operator_territory ENABLE ROW LEVEL SECURITY;

--
-- Name: operator_territory operator_territory_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY operator_territory_owner ON public.operator_territory TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: operator_territory operator_territory_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY operator_territory_read ON public.operator_territory FOR SELECT TO parcours_app USING ((( SELECT public.parcours_current_role() AS parcours_current_role) IS NOT NULL));


--
-- Name: operator_territory operator_territory_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY operator_territory_write ON public.operator_territory TO parcours_app USING (( SELECT public.parcours_writes_all() AS parcours_writes_all)) WITH CHECK (( SELECT public.parcours_writes_all() AS parcours_writes_all));


--
-- Name: operator operator_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY operator_write ON public.operator TO parcours_app USING (( SELECT public.parcours_writes_all() AS parcours_writes_all)) WITH CHECK (( SELECT public.parcours_writes_all() AS parcours_writes_all));


--
-- Name: participant_quality; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.participant_quality ENABLE ROW LEVEL SECURITY;

--
-- Name: participant_quality participant_quality_caseload; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY participant_quality_caseload ON public.participant_quality AS RESTRICTIVE FOR SELECT TO parcours_app USING (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR public.parcours_follows_carrier(carrier_id)));


--
-- Name: participant_quality participant_quality_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY participant_quality_owner ON public.participant_quality TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: participant_quality participant_quality_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY participant_quality_read ON public.participant_quality FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: partner; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.partner ENABLE ROW LEVEL SECURITY;

--
-- Name: partner partner_add; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY partner_add ON public.partner FOR INSERT TO parcours_app WITH CHECK (((( SELECT public.parcours_current_operator() AS parcours_current_operator) IS NOT NULL) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all)));


--
-- Name: partner partner_edit; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY partner_edit ON public.partner FOR UPDATE TO parcours_app USING (( SELECT public.parcours_writes_all() AS parcours_writes_all)) WITH CHECK (( SELECT public.parcours_writes_all() AS parcours_writes_all));


--
-- Name: partner partner_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY partner_owner ON public.partner TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: partner partner_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY partner_read ON public.partner FOR SELECT TO parcours_app USING ((( SELECT public.parcours_current_role() AS parcours_current_role) IS NOT NULL));


--
-- Name: partner_territory; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.partner_territory ENABLE ROW LEVEL SECURITY;

--
-- Name: partner_territory partner_territory_add; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY partner_territory_add ON public.partner_territory FOR INSERT TO parcours_app WITH CHECK (((( SELECT public.parcours_current_operator() AS parcours_current_operator) IS NOT NULL) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all)));


--
-- Name: partner_territory partner_territory_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY partner_territory_owner ON public.partner_territory TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: partner_territory partner_territory_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY partner_territory_read ON public.partner_territory FOR SELECT TO parcours_app USING ((( SELECT public.parcours_current_role() AS parcours_current_role) IS NOT NULL));


--
-- Name: programme; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.programme ENABLE ROW LEVEL SECURITY;

--
-- Name: programme programme_funder_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY programme_funder_read ON public.programme FOR SELECT TO parcours_app USING (((( SELECT public.parcours_current_role() AS parcours_current_role) = 'funder'::text) AND public.parcours_funder_covers_operator(operator_id)));


--
-- Name: programme programme_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY programme_owner ON public.programme TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: programme programme_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY programme_read ON public.programme FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: programme programme_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY programme_write ON public.programme TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all))) WITH CHECK (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all)));


--
-- Name: qpv; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.qpv ENABLE ROW LEVEL SECURITY;

--
-- Name: qpv qpv_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY qpv_owner ON public.qpv TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: qpv qpv_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY qpv_read ON public.qpv FOR SELECT TO parcours_app USING ((( SELECT public.parcours_current_role() AS parcours_current_role) IS NOT NULL));


--
-- Name: qpv qpv_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY qpv_write ON public.qpv TO parcours_app USING (( SELECT public.parcours_writes_all() AS parcours_writes_all)) WITH CHECK (( SELECT public.parcours_writes_all() AS parcours_writes_all));


--
-- Name: questionnaire_link; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.questionnaire_link ENABLE ROW LEVEL SECURITY;

--
-- Name: questionnaire_link questionnaire_link_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY questionnaire_link_owner ON public.questionnaire_link TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: questionnaire_link questionnaire_link_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY questionnaire_link_read ON public.questionnaire_link FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: questionnaire_signature; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.questionnaire_signature ENABLE ROW LEVEL SECURITY;

--
-- Name: questionnaire_signature questionnaire_signature_caseload; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY questionnaire_signature_caseload ON public.questionnaire_signature AS RESTRICTIVE FOR SELECT TO parcours_app USING (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR public.parcours_follows_carrier(carrier_id)));


--
-- Name: questionnaire_signature questionnaire_signature_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY questionnaire_signature_owner ON public.questionnaire_signature TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: questionnaire_signature questionnaire_signature_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY questionnaire_signature_read ON public.questionnaire_signature FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: referral; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.referral ENABLE ROW LEVEL SECURITY;

--
-- Name: referral referral_add; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY referral_add ON public.referral FOR INSERT TO parcours_app WITH CHECK (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all)));


--
-- Name: referral referral_answer; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY referral_answer ON public.referral FOR UPDATE TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all) OR (partner_id IN ( SELECT partner.id
   FROM public.partner
  WHERE (partner.operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)))))) WITH CHECK (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all) OR (partner_id IN ( SELECT partner.id
   FROM public.partner
  WHERE (partner.operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator))))));


--
-- Name: referral referral_caseload; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY referral_caseload ON public.referral AS RESTRICTIVE TO parcours_app USING (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR (operator_id IS DISTINCT FROM ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR public.parcours_follows_journey(journey_id))) WITH CHECK (((( SELECT public.parcours_current_role() AS parcours_current_role) IS DISTINCT FROM 'counsellor'::text) OR (operator_id IS DISTINCT FROM ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR public.parcours_follows_journey(journey_id)));


--
-- Name: referral_link; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.referral_link ENABLE ROW LEVEL SECURITY;

--
-- Name: referral_link referral_link_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY referral_link_owner ON public.referral_link TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: referral_link referral_link_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY referral_link_read ON public.referral_link FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: referral referral_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY referral_owner ON public.referral TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: referral referral_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY referral_read ON public.referral FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all) OR (partner_id IN ( SELECT partner.id
   FROM public.partner
  WHERE (partner.operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator))))));


--
-- Name: registration_page; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.registration_page ENABLE ROW LEVEL SECURITY;

--
-- Name: registration_page registration_page_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY registration_page_owner ON public.registration_page TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: registration_page registration_page_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY registration_page_read ON public.registration_page FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: session; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.session ENABLE ROW LEVEL SECURITY;

--
-- Name: session session_funder_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY session_funder_read ON public.session FOR SELECT TO parcours_app USING (((( SELECT public.parcours_current_role() AS parcours_current_role) = 'funder'::text) AND public.parcours_funder_covers_operator(operator_id)));


--
-- Name: session session_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY session_owner ON public.session TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: session session_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY session_read ON public.session FOR SELECT TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: session session_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY session_write ON public.session TO parcours_app USING (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all))) WITH CHECK (((operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_writes_all() AS parcours_writes_all)));


--
-- Name: staff; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.staff ENABLE ROW LEVEL SECURITY;

--
-- Name: staff staff_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY staff_owner ON public.staff TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: staff staff_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY staff_read ON public.staff FOR SELECT TO parcours_app USING (((id = ( SELECT public.parcours_current_staff() AS parcours_current_staff)) OR (operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) OR ( SELECT public.parcours_reads_all() AS parcours_reads_all)));


--
-- Name: staff staff_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY staff_write ON public.staff TO parcours_app USING ((( SELECT public.parcours_writes_all() AS parcours_writes_all) OR ((( SELECT public.parcours_current_role() AS parcours_current_role) = 'coordinator'::text) AND (operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator))))) WITH CHECK ((( SELECT public.parcours_writes_all() AS parcours_writes_all) OR ((( SELECT public.parcours_current_role() AS parcours_current_role) = 'coordinator'::text) AND (operator_id = ( SELECT public.parcours_current_operator() AS parcours_current_operator)) AND (role = ANY (ARRAY['counsellor'::text, 'coordinator'::text])))));


--
-- Name: territory; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.territory ENABLE ROW LEVEL SECURITY;

--
-- Name: territory_ancestor; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.territory_ancestor ENABLE ROW LEVEL SECURITY;

--
-- Name: territory_ancestor territory_ancestor_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY territory_ancestor_owner ON public.territory_ancestor TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: territory_ancestor territory_ancestor_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY territory_ancestor_read ON public.territory_ancestor FOR SELECT TO parcours_app USING ((( SELECT public.parcours_current_role() AS parcours_current_role) IS NOT NULL));


--
-- Name: territory_former_code; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.territory_former_code ENABLE ROW LEVEL SECURITY;

--
-- Name: territory_former_code territory_former_code_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY territory_former_code_owner ON public.territory_former_code TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: territory_former_code territory_former_code_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY territory_former_code_read ON public.territory_former_code FOR SELECT TO parcours_app USING ((( SELECT public.parcours_current_role() AS parcours_current_role) IS NOT NULL));


--
-- Name: territory_former_code territory_former_code_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY territory_former_code_write ON public.territory_former_code TO parcours_app USING (( SELECT public.parcours_writes_all() AS parcours_writes_all)) WITH CHECK (( SELECT public.parcours_writes_all() AS parcours_writes_all));


--
-- Name: territory_member; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.territory_member ENABLE ROW LEVEL SECURITY;

--
-- Name: territory_member territory_member_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY territory_member_owner ON public.territory_member TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: territory_member territory_member_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY territory_member_read ON public.territory_member FOR SELECT TO parcours_app USING ((( SELECT public.parcours_current_role() AS parcours_current_role) IS NOT NULL));


--
-- Name: territory_member territory_member_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY territory_member_write ON public.territory_member TO parcours_app USING (( SELECT public.parcours_writes_all() AS parcours_writes_all)) WITH CHECK (( SELECT public.parcours_writes_all() AS parcours_writes_all));


--
-- Name: territory territory_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY territory_owner ON public.territory TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: territory_place; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.territory_place ENABLE ROW LEVEL SECURITY;

--
-- Name: territory_place territory_place_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY territory_place_owner ON public.territory_place TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: territory_place territory_place_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY territory_place_read ON public.territory_place FOR SELECT TO parcours_app USING ((( SELECT public.parcours_current_role() AS parcours_current_role) IS NOT NULL));


--
-- Name: territory territory_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY territory_read ON public.territory FOR SELECT TO parcours_app USING ((( SELECT public.parcours_current_role() AS parcours_current_role) IS NOT NULL));


--
-- Name: territory_reference; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.territory_reference ENABLE ROW LEVEL SECURITY;

--
-- Name: territory_reference territory_reference_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY territory_reference_owner ON public.territory_reference TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: territory_reference territory_reference_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY territory_reference_read ON public.territory_reference FOR SELECT TO parcours_app USING ((( SELECT public.parcours_current_role() AS parcours_current_role) IS NOT NULL));


--
-- Name: territory_reference territory_reference_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY territory_reference_write ON public.territory_reference TO parcours_app USING (( SELECT public.parcours_writes_all() AS parcours_writes_all)) WITH CHECK (( SELECT public.parcours_writes_all() AS parcours_writes_all));


--
-- Name: territory territory_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY territory_write ON public.territory TO parcours_app USING (( SELECT public.parcours_writes_all() AS parcours_writes_all)) WITH CHECK (( SELECT public.parcours_writes_all() AS parcours_writes_all));


--
-- Name: territory_zoning; Type: ROW SECURITY; Schema: public; Owner: parcours_owner
--

ALTER TABLE public.territory_zoning ENABLE ROW LEVEL SECURITY;

--
-- Name: territory_zoning territory_zoning_owner; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY territory_zoning_owner ON public.territory_zoning TO pg_database_owner USING (true) WITH CHECK (true);


--
-- Name: territory_zoning territory_zoning_read; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY territory_zoning_read ON public.territory_zoning FOR SELECT TO parcours_app USING ((( SELECT public.parcours_current_role() AS parcours_current_role) IS NOT NULL));


--
-- Name: territory_zoning territory_zoning_write; Type: POLICY; Schema: public; Owner: parcours_owner
--

CREATE POLICY territory_zoning_write ON public.territory_zoning TO parcours_app USING (( SELECT public.parcours_writes_all() AS parcours_writes_all)) WITH CHECK (( SELECT public.parcours_writes_all() AS parcours_writes_all));


--
-- Name: SCHEMA public; Type: ACL; Schema: -; Owner: pg_database_owner
--

GRANT USAGE ON SCHEMA public TO parcours_app;


--
-- Name: FUNCTION attendance_checked(); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.attendance_checked() FROM PUBLIC;


--
-- Name: FUNCTION attendance_facts_follow(); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.attendance_facts_follow() FROM PUBLIC;


--
-- Name: FUNCTION attendance_stamp(); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.attendance_stamp() FROM PUBLIC;


--
-- Name: FUNCTION cape_contract_period_follows(); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.cape_contract_period_follows() FROM PUBLIC;


--
-- Name: FUNCTION carrier_counsellor_check(); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.carrier_counsellor_check() FROM PUBLIC;


--
-- Name: FUNCTION journey_entry_follows(); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.journey_entry_follows() FROM PUBLIC;


--
-- Name: FUNCTION journey_event_checked(); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.journey_event_checked() FROM PUBLIC;


--
-- Name: FUNCTION journey_event_correction_replaced(); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.journey_event_correction_replaced() FROM PUBLIC;


--
-- Name: FUNCTION journey_event_stamp(); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.journey_event_stamp() FROM PUBLIC;


--
-- Name: FUNCTION parcours_act_as(acting_email text); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_act_as(acting_email text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_act_as(acting_email text) TO parcours_app;


--
-- Name: FUNCTION parcours_act_with_share(presented_sha256 bytea); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_act_with_share(presented_sha256 bytea) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_act_with_share(presented_sha256 bytea) TO parcours_app;


--
-- Name: FUNCTION parcours_act_with_token(presented_sha256 bytea); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_act_with_token(presented_sha256 bytea) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_act_with_token(presented_sha256 bytea) TO parcours_app;


--
-- Name: FUNCTION parcours_acts_on_journey(claim text, journey_operator bigint, counsellor bigint); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_acts_on_journey(claim text, journey_operator bigint, counsellor bigint) FROM PUBLIC;


--
-- Name: FUNCTION parcours_answer_by_link(presented_sha256 bytea, new_status text, new_decline_reason text, new_proposed_action text, new_note text, answered date); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_answer_by_link(presented_sha256 bytea, new_status text, new_decline_reason text, new_proposed_action text, new_note text, answered date) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_answer_by_link(presented_sha256 bytea, new_status text, new_decline_reason text, new_proposed_action text, new_note text, answered date) TO parcours_app;


--
-- Name: FUNCTION parcours_audit(audit_action text, carriers bigint[], audit_channel text, audit_detail text); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_audit(audit_action text, carriers bigint[], audit_channel text, audit_detail text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_audit(audit_action text, carriers bigint[], audit_channel text, audit_detail text) TO parcours_app;


--
-- Name: FUNCTION parcours_audit_checkpoint(OUT entries bigint, OUT head_hash text, OUT sealed_through timestamp with time zone); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_audit_checkpoint(OUT entries bigint, OUT head_hash text, OUT sealed_through timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_audit_checkpoint(OUT entries bigint, OUT head_hash text, OUT sealed_through timestamp with time zone) TO parcours_app;


--
-- Name: FUNCTION parcours_audit_checkpoint_holds(entry bigint, expected text); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_audit_checkpoint_holds(entry bigint, expected text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_audit_checkpoint_holds(entry bigint, expected text) TO parcours_app;


--
-- Name: FUNCTION parcours_audit_entries(of_carrier bigint, of_staff_email text, since timestamp with time zone, max_entries integer); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_audit_entries(of_carrier bigint, of_staff_email text, since timestamp with time zone, max_entries integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_audit_entries(of_carrier bigint, of_staff_email text, since timestamp with time zone, max_entries integer) TO parcours_app;


--
-- Name: FUNCTION parcours_audit_read(carriers bigint[], audit_channel text, audit_detail text, as_receipt boolean); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_audit_read(carriers bigint[], audit_channel text, audit_detail text, as_receipt boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_audit_read(carriers bigint[], audit_channel text, audit_detail text, as_receipt boolean) TO parcours_app;


--
-- Name: FUNCTION parcours_audit_seal(); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_audit_seal() FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_audit_seal() TO parcours_app;


--
-- Name: FUNCTION parcours_audit_verify(OUT checked bigint, OUT first_broken bigint); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_audit_verify(OUT checked bigint, OUT first_broken bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_audit_verify(OUT checked bigint, OUT first_broken bigint) TO parcours_app;


--
-- Name: FUNCTION parcours_audited_carriers(claim text, carriers bigint[]); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_audited_carriers(claim text, carriers bigint[]) FROM PUBLIC;


--
-- Name: FUNCTION parcours_claim_mail(presented bytea[], presented_personal bytea[]); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_claim_mail(presented bytea[], presented_personal bytea[]) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_claim_mail(presented bytea[], presented_personal bytea[]) TO parcours_app;


--
-- Name: FUNCTION parcours_counted_people(people public.parcours_counted_person[]); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_counted_people(people public.parcours_counted_person[]) FROM PUBLIC;


--
-- Name: FUNCTION parcours_verified_identity(); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_verified_identity() FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_verified_identity() TO parcours_app;


--
-- Name: FUNCTION parcours_current_funder(); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_current_funder() FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_current_funder() TO parcours_app;


--
-- Name: FUNCTION parcours_current_operator(); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_current_operator() FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_current_operator() TO parcours_app;


--
-- Name: FUNCTION parcours_current_role(); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_current_role() FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_current_role() TO parcours_app;


--
-- Name: FUNCTION parcours_current_staff(); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_current_staff() FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_current_staff() TO parcours_app;


--
-- Name: TABLE carrier_profile; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT ON TABLE public.carrier_profile TO parcours_app;


--
-- Name: FUNCTION parcours_erase_carrier(of_carrier bigint, audit_action text, audit_channel text, audit_reason text); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_erase_carrier(of_carrier bigint, audit_action text, audit_channel text, audit_reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_erase_carrier(of_carrier bigint, audit_action text, audit_channel text, audit_reason text) TO parcours_app;


--
-- Name: FUNCTION parcours_erase_intake(of_intake bigint); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_erase_intake(of_intake bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_erase_intake(of_intake bigint) TO parcours_app;


--
-- Name: FUNCTION parcours_establish_identity(staff bigint, mode text); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_establish_identity(staff bigint, mode text) FROM PUBLIC;


--
-- Name: FUNCTION parcours_exit_groups(pages jsonb, breakdown text[], from_date date, to_date date); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_exit_groups(pages jsonb, breakdown text[], from_date date, to_date date) FROM PUBLIC;


--
-- Name: TABLE carrier; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.carrier TO parcours_app;


--
-- Name: FUNCTION parcours_follows_carrier(of_carrier bigint); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_follows_carrier(of_carrier bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_follows_carrier(of_carrier bigint) TO parcours_app;


--
-- Name: TABLE journey; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.journey TO parcours_app;


--
-- Name: FUNCTION parcours_follows_journey(of_journey bigint); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_follows_journey(of_journey bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_follows_journey(of_journey bigint) TO parcours_app;


--
-- Name: FUNCTION parcours_france_staging(); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_france_staging() FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_france_staging() TO parcours_app;


--
-- Name: FUNCTION parcours_territory_containers(of_territory bigint); Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT ALL ON FUNCTION public.parcours_territory_containers(of_territory bigint) TO parcours_app;


--
-- Name: TABLE funding; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT INSERT,UPDATE ON TABLE public.funding TO parcours_app;


--
-- Name: COLUMN funding.id; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(id) ON TABLE public.funding TO parcours_app;


--
-- Name: COLUMN funding.operator_id; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(operator_id) ON TABLE public.funding TO parcours_app;


--
-- Name: COLUMN funding.funder_id; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(funder_id) ON TABLE public.funding TO parcours_app;


--
-- Name: COLUMN funding.code; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(code) ON TABLE public.funding TO parcours_app;


--
-- Name: COLUMN funding.title; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(title) ON TABLE public.funding TO parcours_app;


--
-- Name: COLUMN funding.starts_on; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(starts_on) ON TABLE public.funding TO parcours_app;


--
-- Name: COLUMN funding.ends_on; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(ends_on) ON TABLE public.funding TO parcours_app;


--
-- Name: COLUMN funding.budget; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(budget) ON TABLE public.funding TO parcours_app;


--
-- Name: COLUMN funding.share_percent; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(share_percent) ON TABLE public.funding TO parcours_app;


--
-- Name: COLUMN funding.names_required; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(names_required) ON TABLE public.funding TO parcours_app;


--
-- Name: COLUMN funding.created_at; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(created_at) ON TABLE public.funding TO parcours_app;


--
-- Name: TABLE funding_cohort; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,DELETE ON TABLE public.funding_cohort TO parcours_app;


--
-- Name: TABLE funding_programme; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,DELETE ON TABLE public.funding_programme TO parcours_app;


--
-- Name: TABLE funding_territory; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,DELETE ON TABLE public.funding_territory TO parcours_app;


--
-- Name: TABLE funding_journey; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT ON TABLE public.funding_journey TO parcours_app;


--
-- Name: FUNCTION parcours_funder_covers_journey(of_journey bigint); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_funder_covers_journey(of_journey bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_funder_covers_journey(of_journey bigint) TO parcours_app;


--
-- Name: FUNCTION parcours_funder_covers_carrier(of_carrier bigint); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_funder_covers_carrier(of_carrier bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_funder_covers_carrier(of_carrier bigint) TO parcours_app;


--
-- Name: FUNCTION parcours_funder_covers_operator(of_operator bigint); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_funder_covers_operator(of_operator bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_funder_covers_operator(of_operator bigint) TO parcours_app;


--
-- Name: FUNCTION parcours_identity_digest(identity_key text, claim text); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_identity_digest(identity_key text, claim text) FROM PUBLIC;


--
-- Name: TABLE qpv; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.qpv TO parcours_app;


--
-- Name: FUNCTION parcours_in_qpv(code text, on_date date); Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT ALL ON FUNCTION public.parcours_in_qpv(code text, on_date date) TO parcours_app;


--
-- Name: FUNCTION parcours_intake_rows(pages jsonb, breakdown text[], from_date date, to_date date); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_intake_rows(pages jsonb, breakdown text[], from_date date, to_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_intake_rows(pages jsonb, breakdown text[], from_date date, to_date date) TO parcours_app;


--
-- Name: FUNCTION parcours_journey_stays(journeys bigint[]); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_journey_stays(journeys bigint[]) FROM PUBLIC;


--
-- Name: FUNCTION parcours_known_contact(of_operator bigint, first_name text, last_name text, email text, phone text, excluding bigint); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_known_contact(of_operator bigint, first_name text, last_name text, email text, phone text, excluding bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_known_contact(of_operator bigint, first_name text, last_name text, email text, phone text, excluding bigint) TO parcours_app;


--
-- Name: FUNCTION parcours_last_exits(from_date date, to_date date); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_last_exits(from_date date, to_date date) FROM PUBLIC;


--
-- Name: FUNCTION parcours_link_questionnaire(presented_sha256 bytea, of_carrier bigint, of_kind text, of_journey bigint, expires timestamp with time zone, audit_channel text); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_link_questionnaire(presented_sha256 bytea, of_carrier bigint, of_kind text, of_journey bigint, expires timestamp with time zone, audit_channel text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_link_questionnaire(presented_sha256 bytea, of_carrier bigint, of_kind text, of_journey bigint, expires timestamp with time zone, audit_channel text) TO parcours_app;


--
-- Name: FUNCTION parcours_link_referral(presented_sha256 bytea, of_referral bigint, expires timestamp with time zone, audit_channel text); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_link_referral(presented_sha256 bytea, of_referral bigint, expires timestamp with time zone, audit_channel text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_link_referral(presented_sha256 bytea, of_referral bigint, expires timestamp with time zone, audit_channel text) TO parcours_app;


--
-- Name: FUNCTION parcours_load_france(reference_file text, reference_checksum text); Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT ALL ON FUNCTION public.parcours_load_france(reference_file text, reference_checksum text) TO parcours_app;


--
-- Name: FUNCTION parcours_mail_outcome(of_mail bigint, of_operator bigint, failure text); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_mail_outcome(of_mail bigint, of_operator bigint, failure text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_mail_outcome(of_mail bigint, of_operator bigint, failure text) TO parcours_app;


--
-- Name: FUNCTION parcours_mail_questionnaire_link(of_link bigint, recipient text, base_url text); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_mail_questionnaire_link(of_link bigint, recipient text, base_url text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_mail_questionnaire_link(of_link bigint, recipient text, base_url text) TO parcours_app;


--
-- Name: FUNCTION parcours_mail_referral_link(of_link bigint, recipient text, base_url text); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_mail_referral_link(of_link bigint, recipient text, base_url text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_mail_referral_link(of_link bigint, recipient text, base_url text) TO parcours_app;


--
-- Name: FUNCTION parcours_manages_carrier(of_carrier bigint); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_manages_carrier(of_carrier bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_manages_carrier(of_carrier bigint) TO parcours_app;


--
-- Name: TABLE intake; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.intake TO parcours_app;


--
-- Name: FUNCTION parcours_manages_intake(of_intake bigint); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_manages_intake(of_intake bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_manages_intake(of_intake bigint) TO parcours_app;


--
-- Name: FUNCTION parcours_may_withdraw(made_by bigint, of_operator bigint); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_may_withdraw(made_by bigint, of_operator bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_may_withdraw(made_by bigint, of_operator bigint) TO parcours_app;


--
-- Name: FUNCTION parcours_merge_carriers(keep bigint, duplicate bigint, merge_reason text, audit_channel text); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_merge_carriers(keep bigint, duplicate bigint, merge_reason text, audit_channel text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_merge_carriers(keep bigint, duplicate bigint, merge_reason text, audit_channel text) TO parcours_app;


--
-- Name: FUNCTION parcours_merge_intakes(keep bigint, duplicate bigint); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_merge_intakes(keep bigint, duplicate bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_merge_intakes(keep bigint, duplicate bigint) TO parcours_app;


--
-- Name: FUNCTION parcours_open_staging(staging text); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_open_staging(staging text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_open_staging(staging text) TO parcours_app;


--
-- Name: FUNCTION parcours_participant_pseudonym(salt text, of_carrier bigint); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_participant_pseudonym(salt text, of_carrier bigint) FROM PUBLIC;


--
-- Name: FUNCTION parcours_participant_pseudonym(of_funding bigint, of_carrier bigint); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_participant_pseudonym(of_funding bigint, of_carrier bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_participant_pseudonym(of_funding bigint, of_carrier bigint) TO parcours_app;


--
-- Name: FUNCTION parcours_participant_rows(of_funding bigint, from_date date, to_date date); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_participant_rows(of_funding bigint, from_date date, to_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_participant_rows(of_funding bigint, from_date date, to_date date) TO parcours_app;


--
-- Name: FUNCTION parcours_period_attendance(from_date date, to_date date); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_period_attendance(from_date date, to_date date) FROM PUBLIC;


--
-- Name: FUNCTION parcours_place_key(name text); Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT ALL ON FUNCTION public.parcours_place_key(name text) TO parcours_app;


--
-- Name: FUNCTION parcours_places(typed text[], kinds text[]); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_places(typed text[], kinds text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_places(typed text[], kinds text[]) TO parcours_app;


--
-- Name: FUNCTION parcours_publish_registration(presented_sha256 bytea, of_operator bigint, expires timestamp with time zone, audit_channel text); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_publish_registration(presented_sha256 bytea, of_operator bigint, expires timestamp with time zone, audit_channel text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_publish_registration(presented_sha256 bytea, of_operator bigint, expires timestamp with time zone, audit_channel text) TO parcours_app;


--
-- Name: FUNCTION parcours_purge_idempotency(older_than interval); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_purge_idempotency(older_than interval) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_purge_idempotency(older_than interval) TO parcours_app;


--
-- Name: FUNCTION parcours_questionnaire_by_link(presented_sha256 bytea); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_questionnaire_by_link(presented_sha256 bytea) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_questionnaire_by_link(presented_sha256 bytea) TO parcours_app;


--
-- Name: FUNCTION parcours_queue_questionnaire_reminders(); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_queue_questionnaire_reminders() FROM PUBLIC;


--
-- Name: FUNCTION parcours_queue_referral_reminders(); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_queue_referral_reminders() FROM PUBLIC;


--
-- Name: FUNCTION parcours_receipt_digest(identity_key text, receipt text); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_receipt_digest(identity_key text, receipt text) FROM PUBLIC;


--
-- Name: FUNCTION parcours_record_reads(receipts text[]); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_record_reads(receipts text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_record_reads(receipts text[]) TO parcours_app;


--
-- Name: FUNCTION parcours_referral_by_link(presented_sha256 bytea); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_referral_by_link(presented_sha256 bytea) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_referral_by_link(presented_sha256 bytea) TO parcours_app;


--
-- Name: FUNCTION parcours_referred_carrier(referral bigint); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_referred_carrier(referral bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_referred_carrier(referral bigint) TO parcours_app;


--
-- Name: FUNCTION parcours_refresh_participant_quality(carriers bigint[]); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_refresh_participant_quality(carriers bigint[]) FROM PUBLIC;


--
-- Name: FUNCTION parcours_refresh_statistics(relation text, rows_written bigint); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_refresh_statistics(relation text, rows_written bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_refresh_statistics(relation text, rows_written bigint) TO parcours_app;


--
-- Name: FUNCTION parcours_refresh_territory_ancestors(changed bigint[]); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_refresh_territory_ancestors(changed bigint[]) FROM PUBLIC;


--
-- Name: FUNCTION parcours_refresh_territory_places(territories bigint[]); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_refresh_territory_places(territories bigint[]) FROM PUBLIC;


--
-- Name: FUNCTION parcours_register_by_page(presented_sha256 bytea, new_first_name text, new_last_name text, new_email text, new_phone text, new_commune text, new_prescriber text, of_session bigint, registered date); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_register_by_page(presented_sha256 bytea, new_first_name text, new_last_name text, new_email text, new_phone text, new_commune text, new_prescriber text, of_session bigint, registered date) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_register_by_page(presented_sha256 bytea, new_first_name text, new_last_name text, new_email text, new_phone text, new_commune text, new_prescriber text, of_session bigint, registered date) TO parcours_app;


--
-- Name: FUNCTION parcours_registration_by_page(presented_sha256 bytea); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_registration_by_page(presented_sha256 bytea) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_registration_by_page(presented_sha256 bytea) TO parcours_app;


--
-- Name: FUNCTION parcours_report_rows(report text, pages jsonb, breakdown text[], from_date date, to_date date); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_report_rows(report text, pages jsonb, breakdown text[], from_date date, to_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_report_rows(report text, pages jsonb, breakdown text[], from_date date, to_date date) TO parcours_app;


--
-- Name: FUNCTION parcours_reports_on(acting_role text, acting_operator bigint, acting_staff bigint, acting_funder bigint, of_journey bigint, of_operator bigint, of_counsellor bigint); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_reports_on(acting_role text, acting_operator bigint, acting_staff bigint, acting_funder bigint, of_journey bigint, of_operator bigint, of_counsellor bigint) FROM PUBLIC;


--
-- Name: FUNCTION parcours_retention_due(kept_for interval, on_date date); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_retention_due(kept_for interval, on_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_retention_due(kept_for interval, on_date date) TO parcours_app;


--
-- Name: FUNCTION parcours_retention_intakes_due(kept_for interval, on_date date); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_retention_intakes_due(kept_for interval, on_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_retention_intakes_due(kept_for interval, on_date date) TO parcours_app;


--
-- Name: FUNCTION parcours_rural_zoning(commune bigint, on_date date); Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT ALL ON FUNCTION public.parcours_rural_zoning(commune bigint, on_date date) TO parcours_app;


--
-- Name: FUNCTION parcours_scope_carrier(pages jsonb, breakdown text[], with_profile boolean, people public.parcours_counted_person[]); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_scope_carrier(pages jsonb, breakdown text[], with_profile boolean, people public.parcours_counted_person[]) FROM PUBLIC;


--
-- Name: FUNCTION parcours_scope_intake(pages jsonb, breakdown text[]); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_scope_intake(pages jsonb, breakdown text[]) FROM PUBLIC;


--
-- Name: FUNCTION parcours_scope_journey(pages jsonb); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_scope_journey(pages jsonb) FROM PUBLIC;


--
-- Name: FUNCTION parcours_scope_period(pages jsonb, from_date date, to_date date, which text, with_entry boolean); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_scope_period(pages jsonb, from_date date, to_date date, which text, with_entry boolean) FROM PUBLIC;


--
-- Name: FUNCTION parcours_set_referral_expiry(of_operator bigint, days integer); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_set_referral_expiry(of_operator bigint, days integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_set_referral_expiry(of_operator bigint, days integer) TO parcours_app;


--
-- Name: FUNCTION parcours_share_dashboard(presented_sha256 bytea, of_scope_kind text, of_scope_id bigint, is_public boolean, expires timestamp with time zone, share_label text, audit_channel text); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_share_dashboard(presented_sha256 bytea, of_scope_kind text, of_scope_id bigint, is_public boolean, expires timestamp with time zone, share_label text, audit_channel text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_share_dashboard(presented_sha256 bytea, of_scope_kind text, of_scope_id bigint, is_public boolean, expires timestamp with time zone, share_label text, audit_channel text) TO parcours_app;


--
-- Name: FUNCTION parcours_share_reference_table(t regclass); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_share_reference_table(t regclass) FROM PUBLIC;


--
-- Name: FUNCTION parcours_sign_follow_up_questionnaire(presented_sha256 bytea, new_situation text, gained boolean, typed_name text, signed date); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_sign_follow_up_questionnaire(presented_sha256 bytea, new_situation text, gained boolean, typed_name text, signed date) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_sign_follow_up_questionnaire(presented_sha256 bytea, new_situation text, gained boolean, typed_name text, signed date) TO parcours_app;


--
-- Name: FUNCTION parcours_sign_questionnaire(presented_sha256 bytea, new_gender text, new_birth_date date, new_email text, new_phone text, new_labour text, new_education text, consented boolean, new_disability boolean, new_third_country_national boolean, new_foreign_background boolean, new_minority boolean, new_homeless boolean, new_declined text[], typed_name text, signed date); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_sign_questionnaire(presented_sha256 bytea, new_gender text, new_birth_date date, new_email text, new_phone text, new_labour text, new_education text, consented boolean, new_disability boolean, new_third_country_national boolean, new_foreign_background boolean, new_minority boolean, new_homeless boolean, new_declined text[], typed_name text, signed date) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_sign_questionnaire(presented_sha256 bytea, new_gender text, new_birth_date date, new_email text, new_phone text, new_labour text, new_education text, consented boolean, new_disability boolean, new_third_country_national boolean, new_foreign_background boolean, new_minority boolean, new_homeless boolean, new_declined text[], typed_name text, signed date) TO parcours_app;


--
-- Name: TABLE staff; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.staff TO parcours_app;


--
-- Name: FUNCTION parcours_staff_email(staff_id bigint); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_staff_email(staff_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_staff_email(staff_id bigint) TO parcours_app;


--
-- Name: FUNCTION parcours_subject_access(of_carrier bigint, audit_channel text); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_subject_access(of_carrier bigint, audit_channel text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_subject_access(of_carrier bigint, audit_channel text) TO parcours_app;


--
-- Name: FUNCTION parcours_subject_access_document(of_carrier bigint, audit_channel text); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_subject_access_document(of_carrier bigint, audit_channel text) FROM PUBLIC;


--
-- Name: FUNCTION parcours_unlink_questionnaire(of_link bigint, audit_channel text); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_unlink_questionnaire(of_link bigint, audit_channel text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_unlink_questionnaire(of_link bigint, audit_channel text) TO parcours_app;


--
-- Name: FUNCTION parcours_unlink_referral(of_link bigint, audit_channel text); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_unlink_referral(of_link bigint, audit_channel text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_unlink_referral(of_link bigint, audit_channel text) TO parcours_app;


--
-- Name: FUNCTION parcours_unshare_dashboard(of_share bigint, audit_channel text); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_unshare_dashboard(of_share bigint, audit_channel text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_unshare_dashboard(of_share bigint, audit_channel text) TO parcours_app;


--
-- Name: FUNCTION parcours_withdraw_consent(of_carrier bigint, audit_channel text); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_withdraw_consent(of_carrier bigint, audit_channel text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_withdraw_consent(of_carrier bigint, audit_channel text) TO parcours_app;


--
-- Name: FUNCTION parcours_withdraw_last_step(of_journey bigint, expected_version integer, cancelled boolean, correction_reason text, audit_channel text); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_withdraw_last_step(of_journey bigint, expected_version integer, cancelled boolean, correction_reason text, audit_channel text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_withdraw_last_step(of_journey bigint, expected_version integer, cancelled boolean, correction_reason text, audit_channel text) TO parcours_app;


--
-- Name: FUNCTION parcours_withdraw_registration(of_page bigint, audit_channel text); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.parcours_withdraw_registration(of_page bigint, audit_channel text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.parcours_withdraw_registration(of_page bigint, audit_channel text) TO parcours_app;


--
-- Name: FUNCTION participant_quality_follows(); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.participant_quality_follows() FROM PUBLIC;


--
-- Name: FUNCTION territory_ancestors_follow(); Type: ACL; Schema: public; Owner: parcours_owner
--

REVOKE ALL ON FUNCTION public.territory_ancestors_follow() FROM PUBLIC;


--
-- Name: TABLE activity; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.activity TO parcours_app;


--
-- Name: TABLE api_idempotency; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT ON TABLE public.api_idempotency TO parcours_app;


--
-- Name: TABLE api_token; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.api_token TO parcours_app;


--
-- Name: TABLE attendance; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.attendance TO parcours_app;


--
-- Name: TABLE attendance_sheet_scan; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT ON TABLE public.attendance_sheet_scan TO parcours_app;


--
-- Name: TABLE cape_contract; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.cape_contract TO parcours_app;


--
-- Name: TABLE cape_period; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.cape_period TO parcours_app;


--
-- Name: TABLE cape_turnover; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.cape_turnover TO parcours_app;


--
-- Name: TABLE carrier_event; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT ON TABLE public.carrier_event TO parcours_app;


--
-- Name: SEQUENCE carrier_id_seq; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT USAGE ON SEQUENCE public.carrier_id_seq TO parcours_app;


--
-- Name: TABLE cohort; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.cohort TO parcours_app;


--
-- Name: COLUMN dashboard_share.id; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(id) ON TABLE public.dashboard_share TO parcours_app;


--
-- Name: COLUMN dashboard_share.staff_id; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(staff_id) ON TABLE public.dashboard_share TO parcours_app;


--
-- Name: COLUMN dashboard_share.scope_kind; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(scope_kind) ON TABLE public.dashboard_share TO parcours_app;


--
-- Name: COLUMN dashboard_share.scope_id; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(scope_id) ON TABLE public.dashboard_share TO parcours_app;


--
-- Name: COLUMN dashboard_share.operator_id; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(operator_id) ON TABLE public.dashboard_share TO parcours_app;


--
-- Name: COLUMN dashboard_share.public; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(public) ON TABLE public.dashboard_share TO parcours_app;


--
-- Name: COLUMN dashboard_share.label; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(label) ON TABLE public.dashboard_share TO parcours_app;


--
-- Name: COLUMN dashboard_share.created_at; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(created_at) ON TABLE public.dashboard_share TO parcours_app;


--
-- Name: COLUMN dashboard_share.expires_at; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(expires_at) ON TABLE public.dashboard_share TO parcours_app;


--
-- Name: COLUMN dashboard_share.revoked_at; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(revoked_at) ON TABLE public.dashboard_share TO parcours_app;


--
-- Name: COLUMN dashboard_share.revoked_by; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(revoked_by) ON TABLE public.dashboard_share TO parcours_app;


--
-- Name: TABLE follow_up; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.follow_up TO parcours_app;


--
-- Name: TABLE funder; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.funder TO parcours_app;


--
-- Name: TABLE journey_event; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT ON TABLE public.journey_event TO parcours_app;


--
-- Name: TABLE journey_event_correction; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT ON TABLE public.journey_event_correction TO parcours_app;


--
-- Name: TABLE jury_decision; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT ON TABLE public.jury_decision TO parcours_app;


--
-- Name: TABLE mail_outbox; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT ON TABLE public.mail_outbox TO parcours_app;


--
-- Name: TABLE operator; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.operator TO parcours_app;


--
-- Name: TABLE operator_territory; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,DELETE ON TABLE public.operator_territory TO parcours_app;


--
-- Name: TABLE participant_quality; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT ON TABLE public.participant_quality TO parcours_app;


--
-- Name: TABLE partner; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.partner TO parcours_app;


--
-- Name: TABLE partner_territory; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT ON TABLE public.partner_territory TO parcours_app;


--
-- Name: TABLE programme; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.programme TO parcours_app;


--
-- Name: COLUMN questionnaire_link.id; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(id) ON TABLE public.questionnaire_link TO parcours_app;


--
-- Name: COLUMN questionnaire_link.operator_id; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(operator_id) ON TABLE public.questionnaire_link TO parcours_app;


--
-- Name: COLUMN questionnaire_link.carrier_id; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(carrier_id) ON TABLE public.questionnaire_link TO parcours_app;


--
-- Name: COLUMN questionnaire_link.kind; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(kind) ON TABLE public.questionnaire_link TO parcours_app;


--
-- Name: COLUMN questionnaire_link.staff_id; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(staff_id) ON TABLE public.questionnaire_link TO parcours_app;


--
-- Name: COLUMN questionnaire_link.created_at; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(created_at) ON TABLE public.questionnaire_link TO parcours_app;


--
-- Name: COLUMN questionnaire_link.expires_at; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(expires_at) ON TABLE public.questionnaire_link TO parcours_app;


--
-- Name: COLUMN questionnaire_link.revoked_at; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(revoked_at) ON TABLE public.questionnaire_link TO parcours_app;


--
-- Name: COLUMN questionnaire_link.signed_at; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(signed_at) ON TABLE public.questionnaire_link TO parcours_app;


--
-- Name: COLUMN questionnaire_link.journey_id; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(journey_id) ON TABLE public.questionnaire_link TO parcours_app;


--
-- Name: TABLE questionnaire_signature; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT ON TABLE public.questionnaire_signature TO parcours_app;


--
-- Name: TABLE referral; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.referral TO parcours_app;


--
-- Name: COLUMN referral_link.id; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(id) ON TABLE public.referral_link TO parcours_app;


--
-- Name: COLUMN referral_link.operator_id; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(operator_id) ON TABLE public.referral_link TO parcours_app;


--
-- Name: COLUMN referral_link.referral_id; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(referral_id) ON TABLE public.referral_link TO parcours_app;


--
-- Name: COLUMN referral_link.staff_id; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(staff_id) ON TABLE public.referral_link TO parcours_app;


--
-- Name: COLUMN referral_link.created_at; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(created_at) ON TABLE public.referral_link TO parcours_app;


--
-- Name: COLUMN referral_link.expires_at; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(expires_at) ON TABLE public.referral_link TO parcours_app;


--
-- Name: COLUMN referral_link.revoked_at; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(revoked_at) ON TABLE public.referral_link TO parcours_app;


--
-- Name: COLUMN referral_link.answered_at; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(answered_at) ON TABLE public.referral_link TO parcours_app;


--
-- Name: COLUMN registration_page.id; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(id) ON TABLE public.registration_page TO parcours_app;


--
-- Name: COLUMN registration_page.operator_id; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(operator_id) ON TABLE public.registration_page TO parcours_app;


--
-- Name: COLUMN registration_page.staff_id; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(staff_id) ON TABLE public.registration_page TO parcours_app;


--
-- Name: COLUMN registration_page.created_at; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(created_at) ON TABLE public.registration_page TO parcours_app;


--
-- Name: COLUMN registration_page.expires_at; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(expires_at) ON TABLE public.registration_page TO parcours_app;


--
-- Name: COLUMN registration_page.revoked_at; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT(revoked_at) ON TABLE public.registration_page TO parcours_app;


--
-- Name: TABLE schema_migrations; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT ON TABLE public.schema_migrations TO parcours_app;
GRANT SELECT ON TABLE public.schema_migrations TO PUBLIC;


--
-- Name: TABLE session; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.session TO parcours_app;


--
-- Name: TABLE territory; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.territory TO parcours_app;


--
-- Name: TABLE territory_ancestor; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT ON TABLE public.territory_ancestor TO parcours_app;


--
-- Name: TABLE territory_former_code; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.territory_former_code TO parcours_app;


--
-- Name: TABLE territory_member; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.territory_member TO parcours_app;


--
-- Name: TABLE territory_place; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT ON TABLE public.territory_place TO parcours_app;


--
-- Name: TABLE territory_reference; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.territory_reference TO parcours_app;


--
-- Name: TABLE territory_zoning; Type: ACL; Schema: public; Owner: parcours_owner
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.territory_zoning TO parcours_app;


--
-- PostgreSQL database dump complete
--


