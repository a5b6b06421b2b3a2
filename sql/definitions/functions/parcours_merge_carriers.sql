-- Folds the record `duplicate` into `keep`: journeys (with their attendance, CAPE, jury, referrals
-- and follow-ups), profiles and corrections move to `keep`; the fields `keep` lacks are taken from
-- `duplicate`; the merge is recorded with who and why, and `duplicate` is deleted. Only those who
-- manage both records' data (the operator's coordinators, the administrator) merge.
CREATE OR REPLACE FUNCTION parcours_merge_carriers(keep bigint, duplicate bigint, merge_reason text, audit_channel text)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    kept record;
    folded record;
    clash bigint;
BEGIN
    IF keep = duplicate THEN
        RAISE EXCEPTION 'carrier % cannot be merged into itself', keep USING ERRCODE = 'PA001', DETAIL = 'merge_same_carrier';
    END IF;
    IF NOT parcours_manages_carrier(keep) THEN
        RAISE EXCEPTION 'carrier % not found', keep USING ERRCODE = 'PA404', DETAIL = 'not_found';
    END IF;
    IF NOT parcours_manages_carrier(duplicate) THEN
        RAISE EXCEPTION 'carrier % not found', duplicate USING ERRCODE = 'PA404', DETAIL = 'not_found';
    END IF;
    SELECT * INTO kept FROM carrier WHERE id = keep FOR UPDATE;
    SELECT * INTO folded FROM carrier WHERE id = duplicate FOR UPDATE;
    IF kept.operator_id <> folded.operator_id THEN
        RAISE EXCEPTION 'carriers % and % belong to different operators', keep, duplicate
            USING ERRCODE = 'PA001', DETAIL = 'merge_other_operator';
    END IF;
    SELECT d.id INTO clash
    FROM journey AS d JOIN journey AS k ON k.programme_id = d.programme_id
    WHERE d.carrier_id = duplicate AND k.carrier_id = keep AND d.closed_on IS NULL AND k.closed_on IS NULL
    LIMIT 1;
    IF clash IS NOT NULL THEN
        RAISE EXCEPTION 'both carriers have a running journey in the same programme (journey %)', clash
            USING ERRCODE = 'PA001', DETAIL = 'merge_running_journeys';
    END IF;

    UPDATE journey SET carrier_id = keep WHERE carrier_id = duplicate;
    UPDATE carrier_profile SET carrier_id = keep WHERE carrier_id = duplicate;
    UPDATE carrier_event SET carrier_id = keep WHERE carrier_id = duplicate;
    -- The reference is unique per operator: it moves only when the kept record has none.
    UPDATE carrier SET external_ref = NULL WHERE id = duplicate AND kept.external_ref IS NULL;
    UPDATE carrier
    SET gender = coalesce(gender, folded.gender), birth_date = coalesce(birth_date, folded.birth_date),
        commune_id = coalesce(commune_id, folded.commune_id), email = coalesce(email, folded.email),
        phone = coalesce(phone, folded.phone), external_ref = coalesce(external_ref, folded.external_ref),
        counsellor_id = coalesce(counsellor_id, folded.counsellor_id)
    WHERE id = keep;
    INSERT INTO carrier_event (operator_id, carrier_id, kind, merged_carrier_id, reason, staff_id)
    VALUES (kept.operator_id, keep, 'merge', duplicate, merge_reason, 0);
    PERFORM parcours_audit('change', ARRAY[keep, duplicate], audit_channel, format('carrier %s merged into %s', duplicate, keep));
    DELETE FROM carrier WHERE id = duplicate;
END
$$;
REVOKE ALL ON FUNCTION parcours_merge_carriers(bigint,bigint,text,text) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_merge_carriers(bigint,bigint,text,text) TO parcours_app;
