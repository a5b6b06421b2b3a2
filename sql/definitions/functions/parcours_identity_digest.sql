-- The seal of an identity claim: a digest of the claim with the installation's secret key, bound
-- to this backend and this transaction (a seal read elsewhere verifies nothing). Inlined where it
-- is used, always with the key read by a definer function: without the key it is worthless.
CREATE OR REPLACE FUNCTION parcours_identity_digest(identity_key text, claim text) RETURNS text
    LANGUAGE sql STABLE
    RETURN encode(sha256(convert_to(
        identity_key || '|' || claim || '|' || pg_backend_pid()::text || '|'
        || extract(epoch FROM transaction_timestamp())::text || '|' || identity_key, 'UTF8')), 'hex');
REVOKE ALL ON FUNCTION parcours_identity_digest(text, text) FROM PUBLIC, parcours_app;
