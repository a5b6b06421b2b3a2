-- Only a counsellor of the carrier's operator can follow it.
CREATE OR REPLACE FUNCTION carrier_counsellor_check() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NEW.counsellor_id IS NOT NULL AND NOT EXISTS (
        SELECT FROM staff WHERE id = NEW.counsellor_id AND role = 'counsellor' AND operator_id = NEW.operator_id AND active
    ) THEN
        RAISE EXCEPTION 'carrier %: staff member % is not an active counsellor of its operator', NEW.id, NEW.counsellor_id
            USING ERRCODE = 'PA001';
    END IF;
    RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION carrier_counsellor_check() FROM PUBLIC, parcours_app;
