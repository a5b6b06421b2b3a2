-- A referral nobody answers expires: the structures that route people between them found a month's
-- silence the usual cost of a lost orientation. After `referral_expiry_days` (30 unless the operator
-- says otherwise) without any answer, the partner's link closes and the coordinator is told to refer
-- the person elsewhere; a reminder comes at ten days.
ALTER TABLE operator ADD COLUMN referral_expiry_days integer NOT NULL DEFAULT 30
    CONSTRAINT operator_referral_expiry_days_check CHECK (referral_expiry_days BETWEEN 1 AND 365);
