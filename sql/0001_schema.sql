-- Parcours schema: the network (operators, territories, staff), programmes and cohorts,
-- carriers, and journeys with their append-only history.
--
-- Keys: every tenant-owned table carries operator_id and a UNIQUE (operator_id, id), so that
-- children reference their parent *within the same operator* (a journey can never point at
-- another operator's carrier) and the tables can later be distributed by operator_id.

-- The application role: no login, not superuser, no BYPASSRLS, owns nothing. The store switches
-- to it (SET LOCAL ROLE) at the start of every transaction; row-level security then applies.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'parcours_app') THEN
        CREATE ROLE parcours_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
END
$$;

-- Position of a phase in the pathway; NULL for anything else.
CREATE FUNCTION parcours_phase_rank(phase text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN array_position(ARRAY['idea', 'workshops', 'modules', 'incubation', 'pitch', 'orientation'], phase);

-- A programme's phases: at least one, all known, strictly in the pathway's order.
CREATE FUNCTION parcours_valid_phases(phases text[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN cardinality(phases) > 0
        AND NOT EXISTS (
            SELECT
            FROM unnest(phases) WITH ORDINALITY AS p (phase, n)
            WHERE parcours_phase_rank(p.phase) IS NULL
               OR (p.n > 1 AND parcours_phase_rank(p.phase) <= parcours_phase_rank(phases[p.n - 1]))
        );

CREATE TABLE operator (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL CHECK (btrim(name) <> ''),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT operator_name_key UNIQUE (name)
);

-- The territory tree: région → département → EPCI / Pays / Parc → commune. Shared reference data.
CREATE TABLE territory (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- INSEE code (commune, département, région), SIREN (EPCI) or a local code (Pays, Parc).
    code        text NOT NULL CHECK (code ~ '^[0-9A-Za-z][0-9A-Za-z_.-]*$'),
    name        text NOT NULL CHECK (btrim(name) <> ''),
    kind        text NOT NULL CHECK (kind IN ('region', 'department', 'epci', 'pays', 'park', 'commune')),
    parent_id   bigint REFERENCES territory (id),
    -- The official INSEE code, for the kinds that have one (external tools join on it).
    insee_code  text GENERATED ALWAYS AS (
                    CASE WHEN kind IN ('region', 'department', 'commune') THEN code END
                ) STORED,
    rural       boolean NOT NULL DEFAULT false,
    CONSTRAINT territory_code_key UNIQUE (code),
    CONSTRAINT territory_region_is_root CHECK (kind <> 'region' OR parent_id IS NULL)
);
CREATE INDEX territory_parent_idx ON territory (parent_id);

-- Depth of each kind: a child always sits strictly deeper than its parent, so the tree has no cycle.
CREATE FUNCTION parcours_territory_depth(kind text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE kind WHEN 'region' THEN 0 WHEN 'department' THEN 1 WHEN 'commune' THEN 3 ELSE 2 END;

CREATE FUNCTION territory_check_nesting() RETURNS trigger
    LANGUAGE plpgsql AS $$
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
CREATE TRIGGER territory_check_nesting BEFORE INSERT OR UPDATE OF parent_id, kind ON territory
    FOR EACH ROW EXECUTE FUNCTION territory_check_nesting();

-- Which territories an operator covers (many to many: a territory may be served by several operators).
CREATE TABLE operator_territory (
    operator_id   bigint NOT NULL REFERENCES operator (id),
    territory_id  bigint NOT NULL REFERENCES territory (id),
    PRIMARY KEY (operator_id, territory_id)
);

CREATE TABLE staff (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         text NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
    display_name  text NOT NULL DEFAULT '',
    -- Counsellors and coordinators belong to one operator; network, funder and admin staff may not.
    operator_id   bigint REFERENCES operator (id),
    role          text NOT NULL CHECK (role IN ('counsellor', 'coordinator', 'network', 'funder', 'admin')),
    active        boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT staff_operator_bound CHECK (role NOT IN ('counsellor', 'coordinator') OR operator_id IS NOT NULL)
);
CREATE UNIQUE INDEX staff_email_key ON staff (lower(email));

-- The installation's administrator: who the CLI acts as when no --as is given.
INSERT INTO staff (email, display_name, role) VALUES ('admin@localhost', 'Administrator', 'admin');

CREATE TABLE programme (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    operator_id  bigint NOT NULL REFERENCES operator (id),
    name         text NOT NULL CHECK (btrim(name) <> ''),
    -- The phases its journeys go through, in the pathway's order (May'IdESS: idea, modules, pitch, orientation).
    phases       text[] NOT NULL CHECK (parcours_valid_phases(phases)),
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT programme_name_key UNIQUE (operator_id, name),
    CONSTRAINT programme_operator_id_key UNIQUE (operator_id, id)
);

CREATE TABLE cohort (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    operator_id   bigint NOT NULL,
    programme_id  bigint NOT NULL,
    name          text NOT NULL CHECK (btrim(name) <> ''),
    starts_on     date,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cohort_name_key UNIQUE (programme_id, name),
    CONSTRAINT cohort_operator_id_key UNIQUE (operator_id, id),
    CONSTRAINT cohort_programme_key UNIQUE (operator_id, programme_id, id),
    FOREIGN KEY (operator_id, programme_id) REFERENCES programme (operator_id, id)
);

CREATE TABLE carrier (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    operator_id   bigint NOT NULL REFERENCES operator (id),
    -- The operator's own reference (a spreadsheet row id, a file number): makes imports idempotent.
    external_ref  text,
    first_name    text NOT NULL CHECK (btrim(first_name) <> ''),
    last_name     text NOT NULL CHECK (btrim(last_name) <> ''),
    gender        text CHECK (gender IN ('woman', 'man', 'non_binary')),
    birth_date    date CHECK (birth_date > DATE '1900-01-01'),
    commune_id    bigint REFERENCES territory (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT carrier_operator_id_key UNIQUE (operator_id, id),
    CONSTRAINT carrier_external_ref_key UNIQUE (operator_id, external_ref)
);
CREATE INDEX carrier_name_idx ON carrier (operator_id, lower(last_name), lower(first_name));

-- One carrier's passage through one programme. phase/paused_from/version/last_change_on/closed_on
-- are a cache of journey_event, kept by its trigger: they change only by recording an event.
CREATE TABLE journey (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    operator_id     bigint NOT NULL,
    carrier_id      bigint NOT NULL,
    programme_id    bigint NOT NULL,
    cohort_id       bigint,
    -- One of the six phases, one of the five outcomes, or 'paused'.
    phase           text NOT NULL CHECK (
                        phase IN ('idea', 'workshops', 'modules', 'incubation', 'pitch', 'orientation', 'paused',
                                  'activity_created', 'employed', 'training', 'handed_on', 'withdrawn')),
    paused_from     text CHECK (paused_from IS NULL OR parcours_phase_rank(paused_from) IS NOT NULL),
    version         integer NOT NULL DEFAULT 0 CHECK (version >= 0),
    opened_on       date NOT NULL,
    last_change_on  date NOT NULL,
    closed_on       date,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT journey_paused_from CHECK ((phase = 'paused') = (paused_from IS NOT NULL)),
    CONSTRAINT journey_operator_id_key UNIQUE (operator_id, id),
    FOREIGN KEY (operator_id, carrier_id) REFERENCES carrier (operator_id, id),
    FOREIGN KEY (operator_id, programme_id) REFERENCES programme (operator_id, id),
    FOREIGN KEY (operator_id, programme_id, cohort_id) REFERENCES cohort (operator_id, programme_id, id)
);
CREATE INDEX journey_operator_phase_idx ON journey (operator_id, phase);
CREATE INDEX journey_carrier_idx ON journey (carrier_id);
-- A carrier follows a programme once at a time; a new journey opens after the previous one ended.
CREATE UNIQUE INDEX journey_one_open_per_programme ON journey (carrier_id, programme_id) WHERE closed_on IS NULL;

-- The complete, dated history of every journey. Append-only.
CREATE TABLE journey_event (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    operator_id   bigint NOT NULL,
    journey_id    bigint NOT NULL,
    -- 1 for the opening, then +1 per change: the journey's version after this event.
    seq           integer NOT NULL CHECK (seq >= 1),
    kind          text NOT NULL CHECK (kind IN ('open', 'advance', 'rework', 'pause', 'resume', 'exit')),
    from_state    text,
    to_state      text NOT NULL,
    -- The business date (may be backdated); recorded_at is when it was typed.
    effective_on  date NOT NULL,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    staff_id      bigint NOT NULL REFERENCES staff (id),
    reason        text,
    CONSTRAINT journey_event_seq_key UNIQUE (journey_id, seq),
    FOREIGN KEY (operator_id, journey_id) REFERENCES journey (operator_id, id)
);
CREATE INDEX journey_event_operator_idx ON journey_event (operator_id, effective_on);
