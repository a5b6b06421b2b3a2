-- A new journey always starts at the first phase of its programme, at version 0 until its
-- 'open' event is recorded.
CREATE OR REPLACE FUNCTION journey_before_insert() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    SELECT phases[1] INTO NEW.phase FROM programme WHERE id = NEW.programme_id;
    NEW.paused_from := NULL;
    NEW.version := 0;
    NEW.last_change_on := NEW.opened_on;
    NEW.closed_on := NULL;
    RETURN NEW;
END
$$;
