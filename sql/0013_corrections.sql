-- Records that can be corrected, duplicates that can be found and merged, and attendance that
-- stays a fact: nobody attends a session that has not started, nor one held while their journey
-- was not open. Refusals raised here carry their code in DETAIL (the API's `code`), which the
-- application words in the user's language.

-- MARK: a carrier's own history (corrections and merges)

-- What changed in a person's record, by whom and why. The old values are not kept: a correction
-- replaces a wrong value (rectification), and the erasure of a person must not find copies here.
CREATE TABLE carrier_event (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    operator_id        bigint NOT NULL,
    carrier_id         bigint NOT NULL,
    kind               text NOT NULL CHECK (kind IN ('update', 'merge')),
    -- The fields an update changed (snake_case names, as the API spells them).
    fields             text[] NOT NULL DEFAULT '{}',
    -- For a merge: the duplicate record that was folded into this one (it no longer exists).
    merged_carrier_id  bigint,
    reason             text CONSTRAINT carrier_event_reason_limit CHECK (char_length(reason) <= 2000),
    staff_id           bigint NOT NULL,
    recorded_at        timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (operator_id, carrier_id) REFERENCES carrier (operator_id, id),
    CONSTRAINT carrier_event_merge_names_duplicate CHECK ((kind = 'merge') = (merged_carrier_id IS NOT NULL))
);
CREATE INDEX carrier_event_carrier_idx ON carrier_event (carrier_id, id);
CREATE INDEX carrier_event_merged_idx ON carrier_event (merged_carrier_id) WHERE merged_carrier_id IS NOT NULL;

CREATE TRIGGER carrier_event_acting_staff BEFORE INSERT ON carrier_event
    FOR EACH ROW EXECUTE FUNCTION parcours_set_acting_staff();

ALTER TABLE carrier_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE carrier_event FORCE ROW LEVEL SECURITY;
CREATE POLICY carrier_event_read ON carrier_event FOR SELECT TO parcours_app
    USING (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_reads_all()));
CREATE POLICY carrier_event_write ON carrier_event FOR INSERT TO parcours_app
    WITH CHECK (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_writes_all()));
CREATE POLICY carrier_event_caseload ON carrier_event AS RESTRICTIVE FOR ALL TO parcours_app
    USING ((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor' OR parcours_follows_carrier(carrier_id))
    WITH CHECK ((SELECT parcours_current_role()) IS DISTINCT FROM 'counsellor' OR parcours_follows_carrier(carrier_id));
CREATE POLICY carrier_event_owner ON carrier_event FOR ALL TO pg_database_owner USING (true) WITH CHECK (true);
-- Append-only for the application: no UPDATE, no DELETE.
GRANT SELECT, INSERT ON carrier_event TO parcours_app;

-- MARK: probable duplicates

-- A person's name as duplicates are compared: case, accents, spaces, hyphens and apostrophes
-- folded away ("Noémie Lefèvre" = "noemie  LEFEVRE" = "Noemie Le-Fevre").
CREATE FUNCTION parcours_name_key(first_name text, last_name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN regexp_replace(
        translate(lower(first_name || ' ' || last_name),
                  'àáâãäåçèéêëìíîïñòóôõöùúûüýÿœæ', 'aaaaaaceeeeiiiinooooouuuuyyoa'),
        '[^a-z0-9]', '', 'g');

CREATE INDEX carrier_name_key_idx ON carrier (operator_id, parcours_name_key(first_name, last_name), birth_date);
CREATE INDEX carrier_email_idx ON carrier (operator_id, lower(email)) WHERE email IS NOT NULL;

-- MARK: merging a duplicate into the record kept

-- A journey's carrier changes only when a duplicate is merged, which the definer function below
-- does as the schema's owner; everything else about the journey stays as 0002 wrote it.
CREATE OR REPLACE FUNCTION journey_before_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    latest record;
    programme_row record;
    refusal text;
    merging boolean := NEW.carrier_id IS DISTINCT FROM OLD.carrier_id
                       AND pg_has_role(current_user, 'pg_database_owner', 'MEMBER');
BEGIN
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

-- Folds the record `duplicate` into `keep`: journeys (with their attendance, CAPE, jury, referrals
-- and follow-ups), profiles and corrections move to `keep`; the fields `keep` lacks are taken from
-- `duplicate`; the merge is recorded with who and why, and `duplicate` is deleted. Only those who
-- manage both records' data (the operator's coordinators, the administrator) merge.
CREATE FUNCTION parcours_merge_carriers(keep bigint, duplicate bigint, merge_reason text, audit_channel text)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
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
REVOKE ALL ON FUNCTION parcours_merge_carriers(bigint, bigint, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION parcours_merge_carriers(bigint, bigint, text, text) TO parcours_app;

-- MARK: attendance is a fact

-- Attendance is recorded for a session that has started, and for a journey open on its day.
CREATE FUNCTION attendance_is_fact() RETURNS trigger
    LANGUAGE plpgsql AS $$
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
CREATE TRIGGER attendance_is_fact BEFORE INSERT OR UPDATE ON attendance
    FOR EACH ROW EXECUTE FUNCTION attendance_is_fact();

-- MARK: erasure reaches the corrections' reasons

-- The erasure of a person (0012) replaces their names; the reasons given for correcting or merging
-- their record go with them.
CREATE FUNCTION carrier_event_erased() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE carrier_event SET reason = parcours_erased() WHERE carrier_id = NEW.id AND reason IS NOT NULL;
    RETURN NEW;
END
$$;
CREATE TRIGGER carrier_event_erased AFTER UPDATE OF first_name ON carrier
    FOR EACH ROW WHEN (NEW.first_name = parcours_erased() AND OLD.first_name IS DISTINCT FROM NEW.first_name)
    EXECUTE FUNCTION carrier_event_erased();
