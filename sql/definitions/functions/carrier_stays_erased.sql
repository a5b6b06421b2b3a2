-- An erased record stays erased: no correction, retry or import writes a name, a contact, a
-- reference or a birth date back (only the erasure itself, as the owner, writes them).
CREATE OR REPLACE FUNCTION carrier_stays_erased() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF OLD.first_name = parcours_erased()
       AND (NEW.first_name, NEW.last_name, NEW.email, NEW.phone, NEW.external_ref, NEW.birth_date)
           IS DISTINCT FROM (OLD.first_name, OLD.last_name, OLD.email, OLD.phone, OLD.external_ref, OLD.birth_date)
       AND NOT pg_has_role(current_user, 'pg_database_owner', 'MEMBER') THEN
        RAISE EXCEPTION 'carrier % was erased: their personal data is not written again', OLD.id
            USING ERRCODE = 'PA001', DETAIL = 'carrier_erased';
    END IF;
    RETURN NEW;
END
$$;
