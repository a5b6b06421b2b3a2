-- A journey's last step, corrected or cancelled with a reason (`journey correct`). The history
-- stays complete: the step as it was first recorded — and the activity recorded with an exit — is
-- kept here, whole, before it leaves journey_event; a corrected step is then recorded again, as a
-- new step, by the same rules (triggers of journey_event). The function that withdraws a step and
-- the triggers that keep this table append-only are in sql/definitions.
CREATE TABLE journey_event_correction (
    id                   bigint GENERATED ALWAYS AS IDENTITY,
    operator_id          bigint NOT NULL,
    journey_id           bigint NOT NULL,
    -- The step as it was recorded (journey_event's columns).
    event_id             bigint NOT NULL,
    seq                  integer NOT NULL CHECK (seq >= 2),
    kind                 text NOT NULL CHECK (kind IN ('advance', 'rework', 'pause', 'resume', 'exit')),
    from_state           text,
    to_state             text NOT NULL,
    effective_on         date NOT NULL,
    recorded_at          timestamptz NOT NULL,
    staff_id             bigint NOT NULL REFERENCES staff (id),
    reason               text CONSTRAINT journey_event_correction_reason_limit CHECK (length(reason) <= 2000),
    -- The activity recorded with an exit « activité créée », as it was.
    activity_legal_form  text,
    activity_created_on  date,
    activity_jobs_fte    numeric(6, 2),
    activity_name        text,
    -- The correction: cancelled, or replaced by the step now recorded at the same place (seq).
    cancelled            boolean NOT NULL,
    correction_reason    text NOT NULL
        CONSTRAINT journey_event_correction_why CHECK (length(btrim(correction_reason)) BETWEEN 1 AND 2000),
    corrected_by         bigint NOT NULL REFERENCES staff (id),
    corrected_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (id, operator_id),
    FOREIGN KEY (operator_id, journey_id) REFERENCES journey (operator_id, id)
);
CREATE INDEX journey_event_correction_journey_idx ON journey_event_correction (journey_id);

GRANT SELECT ON journey_event_correction TO parcours_app;
