-- The person fills in what only they know (issue 28): the ESF+ entry questionnaire — sex, birth
-- date, situation on the labour market, education, a contact for the six-month survey and, with
-- their consent, the sensitive questions — from a personal link, on a phone, and signs it: their
-- name typed, the date, and the SHA-256 of the answers as signed, kept as evidence for the audit
-- pack. The link is a capability for one person's questionnaire — random, kept only as its
-- SHA-256, expiring, revocable, spent once signed — used only through its definition files' functions.
CREATE TABLE questionnaire_link (
    id            bigint GENERATED ALWAYS AS IDENTITY,
    operator_id   bigint NOT NULL REFERENCES operator (id),
    carrier_id    bigint NOT NULL,
    kind          text NOT NULL CONSTRAINT questionnaire_link_kind_check CHECK (kind IN ('entry')),
    -- Who made it: what the person signs is recorded in their name, through the link.
    staff_id      bigint NOT NULL REFERENCES staff (id),
    token_sha256  bytea NOT NULL CHECK (length(token_sha256) = 32),
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    signed_at     timestamptz,
    PRIMARY KEY (id, operator_id),
    CONSTRAINT questionnaire_link_sha256_key UNIQUE (token_sha256, operator_id),
    -- The entry data are due within four weeks: a link lives sixty days at most.
    CONSTRAINT questionnaire_link_lifetime CHECK (expires_at > created_at AND expires_at <= created_at + interval '60 days'),
    FOREIGN KEY (carrier_id, operator_id) REFERENCES carrier (id, operator_id)
);
CREATE INDEX questionnaire_link_carrier ON questionnaire_link (carrier_id);
CREATE INDEX questionnaire_link_sha256 ON questionnaire_link (token_sha256);
GRANT SELECT (id, operator_id, carrier_id, kind, staff_id, created_at, expires_at, revoked_at, signed_at) ON questionnaire_link TO parcours_app;

-- A signed questionnaire: the answers exactly as the person signed them (one `question=answer` a
-- line, their typed name and the date included) and their SHA-256, which the table checks itself.
CREATE TABLE questionnaire_signature (
    id             bigint GENERATED ALWAYS AS IDENTITY,
    operator_id    bigint NOT NULL REFERENCES operator (id),
    carrier_id     bigint NOT NULL,
    link_id        bigint NOT NULL,
    kind           text NOT NULL CONSTRAINT questionnaire_signature_kind_check CHECK (kind IN ('entry')),
    signed_name    text NOT NULL CONSTRAINT questionnaire_signature_name_check CHECK (btrim(signed_name) <> '' AND length(signed_name) <= 200),
    signed_on      date NOT NULL,
    signed_at      timestamptz NOT NULL DEFAULT now(),
    answers        text NOT NULL CONSTRAINT questionnaire_signature_answers_check CHECK (length(answers) <= 4000),
    answers_sha256 bytea NOT NULL,
    PRIMARY KEY (id, operator_id),
    CONSTRAINT questionnaire_signature_digest CHECK (answers_sha256 = sha256(convert_to(answers, 'UTF8'))),
    FOREIGN KEY (carrier_id, operator_id) REFERENCES carrier (id, operator_id),
    FOREIGN KEY (link_id, operator_id) REFERENCES questionnaire_link (id, operator_id),
    CONSTRAINT questionnaire_signature_link_key UNIQUE (link_id, operator_id)
);
CREATE INDEX questionnaire_signature_carrier ON questionnaire_signature (carrier_id, kind);
GRANT SELECT ON questionnaire_signature TO parcours_app;
