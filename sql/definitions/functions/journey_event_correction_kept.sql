-- A correction is history: never changed or removed, except that an erasure rewrites the texts a
-- person may be named in (the step's reason, the correction's, the activity's name).
CREATE OR REPLACE FUNCTION journey_event_correction_kept() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
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
