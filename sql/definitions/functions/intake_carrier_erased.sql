-- An erased carrier's intake (0012) keeps its dates and prescriber for the counts, not the person.
-- NB: runs inside parcours_erase_carrier, as the schema's owner, whom the finality rule lets through.
CREATE OR REPLACE FUNCTION intake_carrier_erased() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    UPDATE intake SET first_name = parcours_erased(), last_name = parcours_erased(), email = NULL, phone = NULL,
        note = CASE WHEN note IS NOT NULL THEN parcours_erased() END
    WHERE carrier_id = NEW.id;
    RETURN NEW;
END
$$;
