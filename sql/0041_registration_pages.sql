-- An operator's registration page for its next information meetings (issue 28): a person who
-- heard of the operator registers without an account, and that registration is a first contact
-- like the ones staff record (prescriber, commune, the information meeting chosen), with the date
-- and time the person agreed to be contacted. The page's address is a capability — random, kept
-- only as its SHA-256, expiring, revocable — that does nothing but show the operator's next
-- information meetings and add first contacts, through the functions of its definition files.
CREATE TABLE registration_page (
    id            bigint GENERATED ALWAYS AS IDENTITY,
    operator_id   bigint NOT NULL REFERENCES operator (id),
    -- Who published it: the first contacts it adds are recorded in their name.
    staff_id      bigint NOT NULL REFERENCES staff (id),
    token_sha256  bytea NOT NULL CHECK (length(token_sha256) = 32),
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    PRIMARY KEY (id, operator_id),
    CONSTRAINT registration_page_sha256_key UNIQUE (token_sha256, operator_id),
    -- A page is printed on leaflets and put on a website: it lives a year and a month at most.
    CONSTRAINT registration_page_lifetime CHECK (expires_at > created_at AND expires_at <= created_at + interval '400 days')
);
CREATE INDEX registration_page_sha256 ON registration_page (token_sha256);

-- The operator's staff see its pages (never their secret); nobody writes the table directly.
GRANT SELECT (id, operator_id, staff_id, created_at, expires_at, revoked_at) ON registration_page TO parcours_app;

-- A first contact made by a registration: the page, the meeting chosen (if any), when the person
-- agreed to be contacted. Staff-recorded contacts have none of them.
ALTER TABLE intake
    ADD COLUMN registration_page_id bigint,
    ADD COLUMN info_session_id bigint,
    ADD COLUMN consent_at timestamptz,
    ADD CONSTRAINT intake_registration_page_fkey FOREIGN KEY (registration_page_id, operator_id) REFERENCES registration_page (id, operator_id),
    ADD CONSTRAINT intake_info_session_fkey FOREIGN KEY (info_session_id, operator_id) REFERENCES session (id, operator_id),
    ADD CONSTRAINT intake_registration_consented CHECK (registration_page_id IS NULL OR consent_at IS NOT NULL);
