-- A jury decides on a journey in 'pitch', on or after the day it entered it, never in the future.
CREATE OR REPLACE FUNCTION jury_decision_check() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
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
