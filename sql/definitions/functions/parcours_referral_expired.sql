-- The rule of sql/0039, in one place: a referral nobody answered (still « proposed ») within its
-- operator's delay has expired — its partner's links close, its mail is dropped, « réorienter ».
CREATE OR REPLACE FUNCTION parcours_referral_expired(status text, proposed_on date, expiry_days integer) RETURNS boolean
    LANGUAGE sql STABLE
    RETURN status = 'proposed' AND proposed_on + expiry_days <= current_date;
