-- The erasure of a person (0012) replaces their names; the reasons given for correcting or merging
-- their record go with them.
CREATE OR REPLACE FUNCTION carrier_event_erased() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    UPDATE carrier_event SET reason = parcours_erased() WHERE carrier_id = NEW.id AND reason IS NOT NULL;
    RETURN NEW;
END
$$;
