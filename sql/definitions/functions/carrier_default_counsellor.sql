-- A carrier a counsellor adds is theirs.
CREATE OR REPLACE FUNCTION carrier_default_counsellor() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NEW.counsellor_id IS NULL AND parcours_current_role() = 'counsellor' THEN
        NEW.counsellor_id := parcours_current_staff();
    END IF;
    RETURN NEW;
END
$$;
