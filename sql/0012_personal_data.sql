-- Personal data has a lifecycle (DESIGN.md §9): erasure, consent withdrawal, retention, and an
-- append-only, hash-chained audit of who read or changed which person's record.

-- What replaces an erased text: what a person reading the history later sees.
CREATE FUNCTION parcours_erased() RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN '[effacé]';

-- MARK: the audit log

CREATE TABLE audit_event (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT clock_timestamp(),
    staff_id       bigint NOT NULL REFERENCES staff (id),
    -- Through which edge: the command line or the HTTP service.
    channel        text NOT NULL CHECK (channel IN ('cli', 'http')),
    action         text NOT NULL CHECK (action IN ('read', 'change', 'export', 'erase', 'consent_withdrawn', 'retention')),
    carrier_id     bigint NOT NULL,
    operator_id    bigint NOT NULL,
    -- What was read or done (a command, a route): never personal data.
    detail         text NOT NULL CHECK (length(detail) <= 200),
    previous_hash  text NOT NULL,
    hash           text NOT NULL
);
CREATE INDEX audit_event_carrier_idx ON audit_event (carrier_id, id);
CREATE INDEX audit_event_staff_idx ON audit_event (staff_id, id);

-- The chain's head: the last entry and its hash (a deleted tail shows as a head no entry matches).
CREATE TABLE audit_head (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    last_id    bigint NOT NULL DEFAULT 0,
    hash       text NOT NULL DEFAULT repeat('0', 64)
);
INSERT INTO audit_head DEFAULT VALUES;

CREATE FUNCTION parcours_audit_hash(previous text, e audit_event) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN encode(sha256(convert_to(concat_ws('|', previous, e.id, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
                                              e.staff_id, e.channel, e.action, e.carrier_id, e.operator_id, e.detail), 'UTF8')), 'hex');

-- Each entry is chained to the previous one, in commit order of the head's lock: entries are
-- serialised, so the chain has no fork.
CREATE FUNCTION audit_event_chain() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    head record;
BEGIN
    SELECT last_id, hash INTO head FROM audit_head FOR UPDATE;
    NEW.previous_hash := head.hash;
    NEW.hash := parcours_audit_hash(head.hash, NEW);
    UPDATE audit_head SET last_id = NEW.id, hash = NEW.hash;
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_chain();

CREATE FUNCTION audit_event_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'PA001';
END
$$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();

-- Records that the acting staff member read or changed these carriers' records. The staff member
-- is the established identity, never an argument; carriers the caller cannot see are skipped.
CREATE FUNCTION parcours_audit(audit_action text, carriers bigint[], audit_channel text, audit_detail text) RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    INSERT INTO audit_event (staff_id, channel, action, carrier_id, operator_id, detail)
    SELECT parcours_current_staff(), audit_channel, audit_action, c.id, c.operator_id, left(audit_detail, 200)
    FROM carrier AS c
    WHERE c.id = ANY (carriers) AND parcours_current_staff() IS NOT NULL
      AND (parcours_reads_all() OR c.operator_id = parcours_current_operator())
    ORDER BY c.id
$$;

-- The entries the caller may read: all for the administrator and the network, their operator's
-- people for a coordinator; nothing for anyone else.
CREATE FUNCTION parcours_audit_entries(of_carrier bigint, of_staff_email text, since timestamptz, max_entries integer)
    RETURNS TABLE (id bigint, at timestamptz, staff_email text, channel text, action text, carrier_id bigint, detail text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT a.id, a.at, s.email, a.channel, a.action, a.carrier_id, a.detail
    FROM audit_event AS a JOIN staff AS s ON s.id = a.staff_id
    WHERE (parcours_current_role() IN ('admin', 'network')
           OR (parcours_current_role() = 'coordinator' AND a.operator_id = parcours_current_operator()))
      AND (of_carrier IS NULL OR a.carrier_id = of_carrier)
      AND (of_staff_email IS NULL OR lower(s.email) = lower(of_staff_email))
      AND (since IS NULL OR a.at >= since)
    ORDER BY a.id
    LIMIT max_entries
$$;

-- Walks the whole chain: the number of entries checked and the first one that does not verify
-- (altered, or the one after a deleted entry; -1 when the tail was deleted). Administrator only.
CREATE FUNCTION parcours_audit_verify(OUT checked bigint, OUT first_broken bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    e audit_event;
    previous text := repeat('0', 64);
    head record;
BEGIN
    IF parcours_current_role() IS DISTINCT FROM 'admin' THEN
        RAISE EXCEPTION 'only the administrator verifies the audit log' USING ERRCODE = 'PA403';
    END IF;
    checked := 0;
    FOR e IN SELECT * FROM audit_event ORDER BY id LOOP
        IF e.previous_hash <> previous OR e.hash <> parcours_audit_hash(previous, e) THEN
            first_broken := e.id;
            RETURN;
        END IF;
        previous := e.hash;
        checked := checked + 1;
    END LOOP;
    SELECT h.last_id, h.hash INTO head FROM audit_head AS h;
    IF head.hash <> previous THEN
        first_broken := -1;
    END IF;
END
$$;

ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_event FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_event_owner ON audit_event FOR ALL TO pg_database_owner USING (true) WITH CHECK (true);
ALTER TABLE audit_head ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_head FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_head_owner ON audit_head FOR ALL TO pg_database_owner USING (true) WITH CHECK (true);
REVOKE ALL ON audit_event, audit_head FROM PUBLIC;

-- MARK: erasure

-- An erasure rewrites the reasons of its events: the only change history ever takes.
CREATE OR REPLACE FUNCTION journey_event_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.reason = parcours_erased()
       AND (NEW.id, NEW.operator_id, NEW.journey_id, NEW.seq, NEW.kind, NEW.from_state, NEW.to_state, NEW.effective_on,
            NEW.recorded_at, NEW.staff_id)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.operator_id, OLD.journey_id, OLD.seq, OLD.kind, OLD.from_state, OLD.to_state, OLD.effective_on,
            OLD.recorded_at, OLD.staff_id) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'journey_event is append-only: a recorded event is never changed or removed'
        USING ERRCODE = 'PA001';
END
$$;

-- Whether the person exists and the acting staff member may manage their data: a coordinator of
-- their operator, or the administrator.
CREATE FUNCTION parcours_manages_carrier(of_carrier bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    RETURN EXISTS (SELECT FROM carrier AS c
                   WHERE c.id = of_carrier
                     AND (coalesce(parcours_writes_all(), false)
                          OR (parcours_current_role() = 'coordinator' AND c.operator_id = parcours_current_operator())));

-- Erases a person (right to erasure): every personal field, in every table, is replaced or removed;
-- what reports count stays. Names become parcours_erased(); contact, reference and free texts go;
-- the birth date becomes the one that gives the same age at their first entry (age bands and ESF+
-- aggregates unchanged, the day itself gone); stored API answers that quoted them are dropped.
-- `audit_action` is 'erase' (on request) or 'retention'.
CREATE FUNCTION parcours_erase_carrier(of_carrier bigint, audit_action text, audit_channel text, audit_reason text)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    person record;
    first_entry date;
BEGIN
    IF NOT parcours_manages_carrier(of_carrier) THEN
        RAISE EXCEPTION 'carrier % not found', of_carrier USING ERRCODE = 'PA404';
    END IF;
    SELECT c.id, c.first_name, c.last_name, c.email, c.phone, c.birth_date INTO person FROM carrier AS c WHERE c.id = of_carrier;
    SELECT min(j.opened_on) INTO first_entry FROM journey AS j WHERE j.carrier_id = of_carrier;

    -- Stored idempotent answers that quote the person (names, e-mail, phone, or their record).
    DELETE FROM api_idempotency AS i
    WHERE strpos(lower(i.response), lower(person.last_name)) > 0
       OR strpos(lower(i.response), lower(person.first_name)) > 0
       OR (person.email IS NOT NULL AND strpos(lower(i.response), lower(person.email)) > 0)
       OR (person.phone IS NOT NULL AND strpos(i.response, person.phone) > 0);

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
    UPDATE jury_decision SET note = parcours_erased()
    WHERE journey_id IN (SELECT id FROM journey WHERE carrier_id = of_carrier) AND note IS NOT NULL;
    UPDATE follow_up SET note = parcours_erased()
    WHERE journey_id IN (SELECT id FROM journey WHERE carrier_id = of_carrier) AND note IS NOT NULL;
    UPDATE cape_contract SET end_reason = parcours_erased()
    WHERE journey_id IN (SELECT id FROM journey WHERE carrier_id = of_carrier) AND end_reason IS NOT NULL;
    UPDATE activity SET name = NULL WHERE journey_id IN (SELECT id FROM journey WHERE carrier_id = of_carrier);

    PERFORM parcours_audit(audit_action, ARRAY[of_carrier], audit_channel, left(coalesce(audit_reason, ''), 200));
END
$$;

-- Withdrawn consent: the sensitive fields of every recorded profile go (the others stay).
CREATE FUNCTION parcours_withdraw_consent(of_carrier bigint, audit_channel text) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    changed integer;
BEGIN
    IF NOT (parcours_manages_carrier(of_carrier)
            OR (parcours_current_role() = 'counsellor' AND parcours_follows_carrier(of_carrier))) THEN
        RAISE EXCEPTION 'carrier % not found', of_carrier USING ERRCODE = 'PA404';
    END IF;
    UPDATE carrier_profile
    SET consent_on = NULL, disability = NULL, third_country_national = NULL, foreign_background = NULL, homeless = NULL
    WHERE carrier_id = of_carrier;
    GET DIAGNOSTICS changed = ROW_COUNT;
    PERFORM parcours_audit('consent_withdrawn', ARRAY[of_carrier], audit_channel, 'consent withdrawn');
    RETURN changed;
END
$$;

-- MARK: retention

-- People whose data has outlived its keeping: their last journey closed, and the keeping period
-- (`kept_for`, 5 years by default) has passed since the end of the last agreement that covered
-- them, or since that closure when no agreement did. Not yet erased. Visible to the caller only.
CREATE FUNCTION parcours_retention_due(kept_for interval, on_date date)
    RETURNS TABLE (carrier_id bigint, operator_id bigint, last_closed_on date, kept_until date)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
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

-- The stored answers of idempotent requests serve retries, not memory: a day is plenty.
CREATE FUNCTION parcours_purge_idempotency(older_than interval) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
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

REVOKE ALL ON FUNCTION parcours_audit(text, bigint[], text, text), parcours_audit_entries(bigint, text, timestamptz, integer),
    parcours_audit_verify(), parcours_manages_carrier(bigint), parcours_erase_carrier(bigint, text, text, text),
    parcours_withdraw_consent(bigint, text), parcours_retention_due(interval, date), parcours_purge_idempotency(interval)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION parcours_audit(text, bigint[], text, text), parcours_audit_entries(bigint, text, timestamptz, integer),
    parcours_audit_verify(), parcours_manages_carrier(bigint), parcours_erase_carrier(bigint, text, text, text),
    parcours_withdraw_consent(bigint, text), parcours_retention_due(interval, date), parcours_purge_idempotency(interval)
    TO parcours_app;

-- MARK: subject access

-- Everything held about a person, as one JSON document (right of access): their record, profiles,
-- journeys with their history and content, referrals, and who read or changed their record.
-- The caller must manage the person (their coordinator, the administrator).
CREATE FUNCTION parcours_subject_access(of_carrier bigint, audit_channel text) RETURNS text
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
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
        'audit', (SELECT coalesce(json_agg(json_build_object('at', a.at, 'staff', s.email, 'channel', a.channel, 'action', a.action,
                                                            'detail', a.detail) ORDER BY a.id), '[]')
                  FROM audit_event AS a JOIN staff AS s ON s.id = a.staff_id WHERE a.carrier_id = of_carrier)
    ) INTO document;
    RETURN document::text;
END
$$;
REVOKE ALL ON FUNCTION parcours_subject_access(bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION parcours_subject_access(bigint, text) TO parcours_app;
