-- An absent carrier or operator hashes as an empty field, so that fields never shift; entries
-- that name both hash exactly as before, and the existing chain still verifies.
CREATE OR REPLACE FUNCTION parcours_audit_hash(previous text, e audit_event) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN encode(sha256(convert_to(concat_ws('|', previous, e.id, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
                                              e.staff_id, e.channel, e.action, coalesce(e.carrier_id::text, ''),
                                              coalesce(e.operator_id::text, ''), e.detail), 'UTF8')), 'hex');
