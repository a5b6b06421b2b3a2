CREATE OR REPLACE FUNCTION territory_check_nesting() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    parent_kind text;
BEGIN
    IF NEW.parent_id IS NOT NULL THEN
        SELECT kind INTO parent_kind FROM territory WHERE id = NEW.parent_id;
        IF parcours_territory_depth(parent_kind) >= parcours_territory_depth(NEW.kind) THEN
            RAISE EXCEPTION 'territory %: a % cannot sit under a %', NEW.code, NEW.kind, parent_kind
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
