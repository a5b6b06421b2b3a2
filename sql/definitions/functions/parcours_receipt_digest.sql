-- The seal of a read receipt (parcours_audit_read): a digest of the receipt with the installation's
-- secret key, apart from an identity's seal by its label. Inlined where it is used, always with the
-- key read by a definer function: without the key it is worthless.
CREATE OR REPLACE FUNCTION parcours_receipt_digest(identity_key text, receipt text) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN encode(sha256(convert_to(identity_key || '|read receipt|' || receipt || '|' || identity_key, 'UTF8')), 'hex');
REVOKE ALL ON FUNCTION parcours_receipt_digest(text, text) FROM PUBLIC, parcours_app;
