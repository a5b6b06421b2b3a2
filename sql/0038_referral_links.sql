-- A partner answers an orientation from a personal link, without an account: the link is a
-- capability for one referral — random, kept only as its SHA-256, expiring, revocable — and does
-- nothing but show that referral's minimum (who, why, from whom) and record the partner's answer,
-- through the two functions of its definition files (sql/definitions), which audit what they do.
CREATE TABLE referral_link (
    id            bigint GENERATED ALWAYS AS IDENTITY,
    operator_id   bigint NOT NULL REFERENCES operator (id),
    referral_id   bigint NOT NULL,
    -- Who made it: the answer is audited in their name, through the link.
    staff_id      bigint NOT NULL REFERENCES staff (id),
    token_sha256  bytea NOT NULL CHECK (length(token_sha256) = 32),
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    -- The partner's last answer through it (a link answers until the take-charge, then is spent).
    answered_at   timestamptz,
    -- Keys carry operator_id, as every tenant table's (sql/0028); a secret of 256 random bits is
    -- unique by itself, and found by its digest alone.
    PRIMARY KEY (id, operator_id),
    CONSTRAINT referral_link_sha256_key UNIQUE (token_sha256, operator_id),
    CONSTRAINT referral_link_lifetime CHECK (expires_at > created_at AND expires_at <= created_at + interval '90 days'),
    FOREIGN KEY (referral_id, operator_id) REFERENCES referral (id, operator_id)
);
CREATE INDEX referral_link_referral ON referral_link (referral_id);
CREATE INDEX referral_link_sha256 ON referral_link (token_sha256);

-- The referring operator's staff see its links (never their secret); nobody writes the table directly.
GRANT SELECT (id, operator_id, referral_id, staff_id, created_at, expires_at, revoked_at, answered_at) ON referral_link TO parcours_app;
