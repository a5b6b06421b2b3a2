-- A referral's answer is the only thing that changes after it was made: the receiving operator
-- (or the referring one, recording the partner's answer) sets status, note, answered_on, the
-- refusal's reason and proposed action, and the day of the take-charge;
-- consent to share is the referring operator's to give. Enforced for the application role only:
-- the owner's erasure functions rewrite the carrier's copies.
CREATE OR REPLACE FUNCTION referral_update_guard() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF current_user <> 'parcours_app' THEN
        RETURN NEW;
    END IF;
    IF (NEW.operator_id, NEW.journey_id, NEW.partner_id, NEW.reason, NEW.proposed_on, NEW.carrier_first_name,
        NEW.carrier_last_name, NEW.carrier_email, NEW.carrier_phone, NEW.staff_id, NEW.created_at)
       IS DISTINCT FROM
       (OLD.operator_id, OLD.journey_id, OLD.partner_id, OLD.reason, OLD.proposed_on, OLD.carrier_first_name,
        OLD.carrier_last_name, OLD.carrier_email, OLD.carrier_phone, OLD.staff_id, OLD.created_at) THEN
        RAISE EXCEPTION 'referral %: only its answer (status, note, answered_on) can change', OLD.id
            USING ERRCODE = '42501', TABLE = 'referral';
    END IF;
    -- A refusal says why, from the list, since sql/0037 (the earlier ones asked for no reason).
    IF NEW.status = 'declined' AND OLD.status <> 'declined' AND NEW.decline_reason IS NULL THEN
        RAISE EXCEPTION 'referral %: a refusal gives its reason', OLD.id
            USING ERRCODE = 'PA001', DETAIL = 'decline_reason_needed', TABLE = 'referral';
    END IF;
    IF NEW.consent_to_share IS DISTINCT FROM OLD.consent_to_share
       AND NOT (OLD.operator_id = parcours_current_operator() OR parcours_writes_all()) THEN
        RAISE EXCEPTION 'referral %: consent to share is recorded by the referring operator', OLD.id
            USING ERRCODE = '42501', TABLE = 'referral';
    END IF;
    RETURN NEW;
END
$$;
