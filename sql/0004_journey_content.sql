-- What an accompanier records between intake and follow-up: sessions and attendance, CAPE
-- contracts, jury decisions, partners and referrals, the activity created, follow-ups, and the
-- carrier's profile for funders. The pathway guards of DESIGN.md §4 rest on these records.

-- Contact, so that a referral can carry the minimum (name, contact) to a partner.
ALTER TABLE carrier ADD COLUMN email text CHECK (email ~ '^[^@\s]+@[^@\s]+$');
ALTER TABLE carrier ADD COLUMN phone text;

-- Priority zones funders ask about.
ALTER TABLE territory ADD COLUMN zrr boolean NOT NULL DEFAULT false;
ALTER TABLE territory ADD COLUMN qpv boolean NOT NULL DEFAULT false;

-- Days without any change after which a journey shows as idle in the worklist.
ALTER TABLE operator ADD COLUMN idle_days integer NOT NULL DEFAULT 45 CHECK (idle_days > 0);

-- Where a jury's "rework" sends a journey; NULL: 'modules' when the programme uses it, else the
-- phase just before 'pitch'.
ALTER TABLE programme ADD COLUMN jury_rework_phase text
    CHECK (jury_rework_phase IS NULL OR parcours_phase_rank(jury_rework_phase) IS NOT NULL);

-- MARK: sessions and attendance

CREATE TABLE session (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    operator_id       bigint NOT NULL,
    programme_id      bigint NOT NULL,
    -- A collective session belongs to a cohort; an individual appointment has none.
    cohort_id         bigint,
    kind              text NOT NULL CHECK (kind IN ('workshop', 'module', 'appointment', 'visit', 'pitch')),
    title             text NOT NULL CHECK (btrim(title) <> ''),
    starts_at         timestamptz NOT NULL,
    duration_minutes  integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
    facilitator       text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT session_operator_id_key UNIQUE (operator_id, id),
    FOREIGN KEY (operator_id, programme_id) REFERENCES programme (operator_id, id),
    FOREIGN KEY (operator_id, programme_id, cohort_id) REFERENCES cohort (operator_id, programme_id, id)
);
CREATE INDEX session_cohort_idx ON session (cohort_id, starts_at);

CREATE TABLE attendance (
    operator_id   bigint NOT NULL,
    session_id    bigint NOT NULL,
    journey_id    bigint NOT NULL,
    status        text NOT NULL CHECK (status IN ('present', 'excused', 'absent')),
    -- Minutes actually attended: hours of accompaniment are derived from these, never typed twice.
    minutes       integer NOT NULL CHECK (minutes >= 0),
    staff_id      bigint NOT NULL REFERENCES staff (id),
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, journey_id),
    FOREIGN KEY (operator_id, session_id) REFERENCES session (operator_id, id),
    FOREIGN KEY (operator_id, journey_id) REFERENCES journey (operator_id, id),
    CONSTRAINT attendance_minutes_match_status CHECK (status = 'present' OR minutes = 0)
);
CREATE INDEX attendance_journey_idx ON attendance (journey_id);

-- Only the session's cohort (or, for a session without cohort, its programme's journeys) attends,
-- and nobody attends longer than the session lasted.
CREATE FUNCTION attendance_check() RETURNS trigger
    LANGUAGE plpgsql AS $$
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
CREATE TRIGGER attendance_check BEFORE INSERT OR UPDATE ON attendance
    FOR EACH ROW EXECUTE FUNCTION attendance_check();

-- MARK: partners and referrals

-- A directory of partner structures, shared across operators.
CREATE TABLE partner (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text NOT NULL CHECK (btrim(name) <> ''),
    kind         text NOT NULL CHECK (kind IN ('financing', 'cae', 'couveuse', 'incubator', 'nursery', 'network',
                                                'public_service', 'training', 'support', 'cluster')),
    contact      text,
    -- When the partner is itself an operator on Parcours, referrals reach its worklist.
    operator_id  bigint REFERENCES operator (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT partner_name_key UNIQUE (name)
);

CREATE TABLE partner_territory (
    partner_id    bigint NOT NULL REFERENCES partner (id),
    territory_id  bigint NOT NULL REFERENCES territory (id),
    PRIMARY KEY (partner_id, territory_id)
);

CREATE TABLE referral (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    operator_id       bigint NOT NULL,
    journey_id        bigint NOT NULL,
    partner_id        bigint NOT NULL REFERENCES partner (id),
    reason            text NOT NULL CHECK (btrim(reason) <> ''),
    status            text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'declined', 'completed')),
    proposed_on       date NOT NULL,
    answered_on       date,
    note              text,
    -- The carrier's recorded consent to share their file with the partner.
    consent_to_share  boolean NOT NULL DEFAULT false,
    -- The minimum that crosses to the partner without consent: name and contact.
    carrier_first_name  text NOT NULL,
    carrier_last_name   text NOT NULL,
    carrier_email       text,
    carrier_phone       text,
    carrier_name        text GENERATED ALWAYS AS (carrier_first_name || ' ' || carrier_last_name) STORED,
    -- NB: spelt with || rather than concat_ws, which is not immutable.
    carrier_contact     text GENERATED ALWAYS AS (nullif(
                            coalesce(carrier_email, '')
                            || CASE WHEN carrier_email IS NOT NULL AND carrier_phone IS NOT NULL THEN ' · ' ELSE '' END
                            || coalesce(carrier_phone, ''), '')) STORED,
    staff_id          bigint NOT NULL REFERENCES staff (id),
    created_at        timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (operator_id, journey_id) REFERENCES journey (operator_id, id),
    CONSTRAINT referral_answer_dated CHECK ((status = 'proposed') = (answered_on IS NULL)),
    CONSTRAINT referral_answer_after_proposal CHECK (answered_on >= proposed_on)
);
CREATE INDEX referral_journey_idx ON referral (journey_id);
CREATE INDEX referral_partner_idx ON referral (partner_id, status);

-- MARK: CAPE contracts (test in a couveuse, Code de commerce L127-1 ff.)

CREATE TABLE cape_contract (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    operator_id          bigint NOT NULL,
    journey_id           bigint NOT NULL,
    couveuse_partner_id  bigint REFERENCES partner (id),
    ended_on             date,
    end_reason           text,
    created_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cape_contract_operator_id_key UNIQUE (operator_id, id),
    FOREIGN KEY (operator_id, journey_id) REFERENCES journey (operator_id, id),
    CONSTRAINT cape_contract_end_has_reason CHECK ((ended_on IS NULL) = (end_reason IS NULL))
);

-- The initial period (seq 0) and at most two renewals, each at most 12 months, end to end.
CREATE TABLE cape_period (
    operator_id  bigint NOT NULL,
    contract_id  bigint NOT NULL,
    seq          integer NOT NULL,
    starts_on    date NOT NULL,
    ends_on      date NOT NULL,
    -- Test turnover of the period, in euro cents (optional).
    PRIMARY KEY (contract_id, seq),
    FOREIGN KEY (operator_id, contract_id) REFERENCES cape_contract (operator_id, id),
    CONSTRAINT cape_period_at_most_two_renewals CHECK (seq BETWEEN 0 AND 2),
    CONSTRAINT cape_period_ordered CHECK (ends_on >= starts_on),
    CONSTRAINT cape_period_at_most_12_months CHECK (ends_on < (starts_on + interval '12 months')::date)
);

CREATE TABLE cape_turnover (
    operator_id   bigint NOT NULL,
    contract_id   bigint NOT NULL,
    month         date NOT NULL CHECK (extract(day FROM month) = 1),
    amount_cents  bigint NOT NULL CHECK (amount_cents >= 0),
    PRIMARY KEY (contract_id, month),
    FOREIGN KEY (operator_id, contract_id) REFERENCES cape_contract (operator_id, id)
);

-- A renewal continues the previous period the next day; a new contract starts after the previous
-- one of the journey ended; nothing before the journey opened.
CREATE FUNCTION cape_period_check() RETURNS trigger
    LANGUAGE plpgsql AS $$
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
CREATE TRIGGER cape_period_check BEFORE INSERT ON cape_period
    FOR EACH ROW EXECUTE FUNCTION cape_period_check();

-- MARK: pitch, exit, follow-up

CREATE TABLE jury_decision (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    operator_id  bigint NOT NULL,
    journey_id   bigint NOT NULL,
    decision     text NOT NULL CHECK (decision IN ('go', 'rework', 'no_go')),
    decided_on   date NOT NULL,
    note         text,
    staff_id     bigint NOT NULL REFERENCES staff (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (operator_id, journey_id) REFERENCES journey (operator_id, id)
);
CREATE INDEX jury_decision_journey_idx ON jury_decision (journey_id, decided_on);

-- The activity a journey created (exit 'activity_created').
CREATE TABLE activity (
    journey_id   bigint PRIMARY KEY,
    operator_id  bigint NOT NULL,
    legal_form   text NOT NULL CHECK (legal_form IN ('association', 'scic', 'scop', 'cae', 'micro_enterprise', 'company', 'other')),
    created_on   date NOT NULL,
    jobs_fte     numeric(6, 2) NOT NULL DEFAULT 0 CHECK (jobs_fte >= 0),
    name         text,
    FOREIGN KEY (operator_id, journey_id) REFERENCES journey (operator_id, id)
);

CREATE TABLE follow_up (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    operator_id   bigint NOT NULL,
    journey_id    bigint NOT NULL,
    after_months  integer NOT NULL CHECK (after_months BETWEEN 1 AND 60),
    situation     text NOT NULL CHECK (situation IN ('employed', 'self_employed', 'training', 'job_seeking', 'inactive', 'unknown')),
    recorded_on   date NOT NULL,
    note          text,
    staff_id      bigint NOT NULL REFERENCES staff (id),
    FOREIGN KEY (operator_id, journey_id) REFERENCES journey (operator_id, id),
    CONSTRAINT follow_up_once_per_delay UNIQUE (journey_id, after_months)
);

-- MARK: the carrier's profile at entry, for funders (ESF+), with history

CREATE TABLE carrier_profile (
    id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    operator_id             bigint NOT NULL,
    carrier_id              bigint NOT NULL,
    recorded_on             date NOT NULL,
    labour_status           text CHECK (labour_status IN ('unemployed', 'long_term_unemployed', 'inactive', 'employed', 'self_employed')),
    education_level         text CHECK (education_level IN ('isced_0_2', 'isced_3_4', 'isced_5_8')),
    -- Consent to the processing of sensitive data, and when it was given.
    consent_on              date,
    disability              boolean,
    third_country_national  boolean,
    foreign_background      boolean,
    homeless                boolean,
    staff_id                bigint NOT NULL REFERENCES staff (id),
    created_at              timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (operator_id, carrier_id) REFERENCES carrier (operator_id, id),
    CONSTRAINT carrier_profile_sensitive_needs_consent CHECK (
        consent_on IS NOT NULL
        OR (disability IS NULL AND third_country_national IS NULL AND foreign_background IS NULL AND homeless IS NULL))
);
CREATE INDEX carrier_profile_carrier_idx ON carrier_profile (carrier_id, recorded_on DESC, id DESC);

-- MARK: the pathway's guards (DESIGN.md §4), mirrored in ParcoursCore (Pathway.guardRefusal)

-- What the records say about a journey on a date, for the guarded steps (also read by the store,
-- which hands it to the core: one definition of each fact).
CREATE FUNCTION parcours_journey_evidence(
    journey bigint, on_date date,
    OUT cape_covers_date boolean, OUT jury_decided_since_pitch boolean, OUT has_referral boolean, OUT has_activity boolean
)
    LANGUAGE sql STABLE AS $$
    SELECT
        EXISTS (SELECT FROM cape_contract AS c JOIN cape_period AS p ON p.contract_id = c.id
                WHERE c.journey_id = journey AND on_date BETWEEN p.starts_on AND p.ends_on
                  AND (c.ended_on IS NULL OR c.ended_on >= on_date)),
        EXISTS (SELECT FROM jury_decision AS d
                WHERE d.journey_id = journey
                  AND d.decided_on >= (SELECT max(e.effective_on) FROM journey_event AS e
                                       WHERE e.journey_id = journey AND e.to_state = 'pitch')),
        EXISTS (SELECT FROM referral AS r WHERE r.journey_id = journey),
        EXISTS (SELECT FROM activity AS a WHERE a.journey_id = journey)
$$;

-- Why a transition that the state machine allows still lacks its records; NULL when it has them.
-- Checked by a second BEFORE INSERT trigger on journey_event, which fires after
-- journey_event_before_insert (triggers fire in name order), so transition errors come first.
CREATE FUNCTION parcours_guard_refusal(
    journey bigint, kind text, from_state text, to_state text, effective_on date
) RETURNS text
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    evidence record;
    moves boolean := kind IN ('advance', 'rework');
BEGIN
    evidence := parcours_journey_evidence(journey, effective_on);
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

CREATE FUNCTION journey_event_guards() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    refusal text;
BEGIN
    refusal := parcours_guard_refusal(NEW.journey_id, NEW.kind, NEW.from_state, NEW.to_state, NEW.effective_on);
    IF refusal IS NOT NULL THEN
        RAISE EXCEPTION 'journey % %', NEW.journey_id, refusal USING ERRCODE = 'PA001';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER journey_event_guards BEFORE INSERT ON journey_event
    FOR EACH ROW EXECUTE FUNCTION journey_event_guards();

-- A jury decides on a journey in 'pitch', on or after the day it entered it, never in the future.
CREATE FUNCTION jury_decision_check() RETURNS trigger
    LANGUAGE plpgsql AS $$
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
CREATE TRIGGER jury_decision_check BEFORE INSERT ON jury_decision
    FOR EACH ROW EXECUTE FUNCTION jury_decision_check();

-- What crosses to the operator behind a partner once it accepted a referral, to open its own
-- journey for the carrier: with the carrier's consent, their file (identity, gender, birth date,
-- commune, contact); without it, only the name and contact the referral carries.
CREATE FUNCTION parcours_referred_carrier(referral bigint)
    RETURNS TABLE (first_name text, last_name text, gender text, birth_date date, commune_id bigint, email text, phone text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
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
REVOKE ALL ON FUNCTION parcours_referred_carrier(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION parcours_referred_carrier(bigint) TO parcours_app;

-- Who records a referral, a follow-up or a profile is the acting staff member, never a client's choice.
CREATE FUNCTION parcours_set_acting_staff() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    NEW.staff_id := parcours_current_staff();
    RETURN NEW;
END
$$;
CREATE TRIGGER referral_acting_staff BEFORE INSERT ON referral
    FOR EACH ROW EXECUTE FUNCTION parcours_set_acting_staff();
CREATE TRIGGER follow_up_acting_staff BEFORE INSERT ON follow_up
    FOR EACH ROW EXECUTE FUNCTION parcours_set_acting_staff();
CREATE TRIGGER carrier_profile_acting_staff BEFORE INSERT ON carrier_profile
    FOR EACH ROW EXECUTE FUNCTION parcours_set_acting_staff();

-- MARK: row-level security for the new tables

ALTER TABLE partner ENABLE ROW LEVEL SECURITY;
ALTER TABLE partner FORCE ROW LEVEL SECURITY;
CREATE POLICY partner_read ON partner FOR SELECT TO parcours_app USING ((SELECT parcours_current_role()) IS NOT NULL);
-- Any operator's staff may add to the shared directory; editing stays with the administrator.
CREATE POLICY partner_add ON partner FOR INSERT TO parcours_app
    WITH CHECK ((SELECT parcours_current_operator()) IS NOT NULL OR (SELECT parcours_writes_all()));
CREATE POLICY partner_edit ON partner FOR UPDATE TO parcours_app
    USING ((SELECT parcours_writes_all())) WITH CHECK ((SELECT parcours_writes_all()));

ALTER TABLE partner_territory ENABLE ROW LEVEL SECURITY;
ALTER TABLE partner_territory FORCE ROW LEVEL SECURITY;
CREATE POLICY partner_territory_read ON partner_territory FOR SELECT TO parcours_app
    USING ((SELECT parcours_current_role()) IS NOT NULL);
CREATE POLICY partner_territory_add ON partner_territory FOR INSERT TO parcours_app
    WITH CHECK ((SELECT parcours_current_operator()) IS NOT NULL OR (SELECT parcours_writes_all()));

-- A referral is read by the referring operator and by the operator behind the partner, who
-- answers it; what crosses without consent is the referral row itself: name, contact, reason.
ALTER TABLE referral ENABLE ROW LEVEL SECURITY;
ALTER TABLE referral FORCE ROW LEVEL SECURITY;
CREATE POLICY referral_read ON referral FOR SELECT TO parcours_app
    USING (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_reads_all())
           OR partner_id IN (SELECT id FROM partner WHERE operator_id = (SELECT parcours_current_operator())));
CREATE POLICY referral_add ON referral FOR INSERT TO parcours_app
    WITH CHECK (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_writes_all()));
CREATE POLICY referral_answer ON referral FOR UPDATE TO parcours_app
    USING (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_writes_all())
           OR partner_id IN (SELECT id FROM partner WHERE operator_id = (SELECT parcours_current_operator())));

-- Tenant tables of the journey's content: the operator's own staff; network reads; admin writes.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['session', 'attendance', 'cape_contract', 'cape_period', 'cape_turnover',
                             'jury_decision', 'activity', 'follow_up', 'carrier_profile'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO parcours_app USING (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_reads_all()))', t || '_read', t);
        EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO parcours_app USING (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_writes_all())) WITH CHECK (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_writes_all()))', t || '_write', t);
    END LOOP;
END
$$;

GRANT SELECT, INSERT, UPDATE ON session, attendance, partner, referral, cape_contract, cape_period, cape_turnover,
    activity, follow_up TO parcours_app;
GRANT SELECT, INSERT ON partner_territory, jury_decision, carrier_profile TO parcours_app;
-- Bulk imports allocate carrier ids before inserting, to attach each line's profile to its carrier.
GRANT USAGE ON SEQUENCE carrier_id_seq TO parcours_app;
