CREATE OR REPLACE FUNCTION parcours_erase_carrier(of_carrier bigint, audit_action text, audit_channel text, audit_reason text)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    person record;
    first_entry date;
BEGIN
    IF NOT parcours_manages_carrier(of_carrier) THEN
        RAISE EXCEPTION 'carrier % not found', of_carrier USING ERRCODE = 'PA404';
    END IF;
    SELECT c.id, c.operator_id, c.first_name, c.last_name, c.email, c.phone, c.birth_date INTO person FROM carrier AS c WHERE c.id = of_carrier;
    SELECT min(j.opened_on) INTO first_entry FROM journey AS j WHERE j.carrier_id = of_carrier;

    -- Stored idempotent answers about the person (their record, whatever it quoted then) or that
    -- quote them now: kept as a tombstone, so that a retry is answered "erased" and never acts again.
    UPDATE api_idempotency AS i SET status = 410, response = '', carrier_ids = '{}'
    WHERE of_carrier = ANY (i.carrier_ids)
       OR strpos(lower(i.response), lower(person.last_name)) > 0
       OR strpos(lower(i.response), lower(person.first_name)) > 0
       OR (person.email IS NOT NULL AND strpos(lower(i.response), lower(person.email)) > 0)
       OR (person.phone IS NOT NULL AND strpos(i.response, person.phone) > 0);

    -- The same person's other first contacts, never admitted: found by name or contact (an
    -- admitted one follows the carrier, intake_carrier_erased).
    UPDATE intake
    SET first_name = parcours_erased(), last_name = CASE WHEN last_name IS NOT NULL THEN parcours_erased() END,
        email = NULL, phone = NULL, note = CASE WHEN note IS NOT NULL THEN parcours_erased() END
    WHERE operator_id = person.operator_id AND carrier_id IS NULL AND first_name <> parcours_erased()
      AND ((last_name IS NOT NULL AND parcours_name_key(first_name, last_name) = parcours_name_key(person.first_name, person.last_name))
           OR (person.email IS NOT NULL AND lower(email) = lower(person.email))
           OR (person.phone IS NOT NULL AND regexp_replace(phone, '[^0-9+]', '', 'g') = regexp_replace(person.phone, '[^0-9+]', '', 'g')));
    UPDATE carrier
    SET first_name = parcours_erased(), last_name = parcours_erased(), email = NULL, phone = NULL, external_ref = NULL,
        birth_date = CASE WHEN birth_date IS NULL OR first_entry IS NULL THEN NULL
                          ELSE greatest((first_entry - make_interval(years => extract(year FROM age(first_entry, birth_date))::int))::date,
                                        DATE '1900-01-02') END
    WHERE id = of_carrier;
    UPDATE referral
    SET carrier_first_name = parcours_erased(), carrier_last_name = parcours_erased(), carrier_email = NULL, carrier_phone = NULL,
        reason = parcours_erased(), note = CASE WHEN note IS NOT NULL THEN parcours_erased() END
    WHERE journey_id IN (SELECT id FROM journey WHERE carrier_id = of_carrier);
    UPDATE journey_event SET reason = parcours_erased()
    WHERE journey_id IN (SELECT id FROM journey WHERE carrier_id = of_carrier) AND reason IS NOT NULL;
    UPDATE journey_event_correction
    SET correction_reason = parcours_erased(), reason = CASE WHEN reason IS NOT NULL THEN parcours_erased() END, activity_name = NULL
    WHERE journey_id IN (SELECT id FROM journey WHERE carrier_id = of_carrier) AND correction_reason <> parcours_erased();
    UPDATE jury_decision SET note = parcours_erased()
    WHERE journey_id IN (SELECT id FROM journey WHERE carrier_id = of_carrier) AND note IS NOT NULL;
    UPDATE follow_up SET note = parcours_erased()
    WHERE journey_id IN (SELECT id FROM journey WHERE carrier_id = of_carrier) AND note IS NOT NULL;
    UPDATE cape_contract SET end_reason = parcours_erased()
    WHERE journey_id IN (SELECT id FROM journey WHERE carrier_id = of_carrier) AND end_reason IS NOT NULL;
    UPDATE activity SET name = NULL WHERE journey_id IN (SELECT id FROM journey WHERE carrier_id = of_carrier);
    -- The reasons of earlier corrections and erasures go (a second erasure changes no name, so the
    -- trigger carrier_event_erased does not fire for it); this erasure's is kept in the person's
    -- history, where the next erasure of the record reaches it.
    UPDATE carrier_event SET reason = parcours_erased() WHERE carrier_id = of_carrier AND reason IS NOT NULL;
    INSERT INTO carrier_event (operator_id, carrier_id, kind, fields, reason, staff_id)
    VALUES (person.operator_id, of_carrier, 'erase',
            ARRAY['first_name', 'last_name', 'email', 'phone', 'ref', 'birth_date'], nullif(left(audit_reason, 2000), ''),
            parcours_current_staff());

    PERFORM parcours_audit(audit_action, ARRAY[of_carrier], audit_channel,
                           CASE audit_action WHEN 'retention' THEN 'carrier anonymised (retention)' ELSE 'carrier erased' END);
END
$$;
REVOKE ALL ON FUNCTION parcours_erase_carrier(bigint,text,text,text) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_erase_carrier(bigint,text,text,text) TO parcours_app;
