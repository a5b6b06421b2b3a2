-- A decision is final: an admitted or declined intake changes no more (a new contact is a new intake).
CREATE OR REPLACE FUNCTION intake_decided_is_final() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF OLD.status <> 'pending' AND NOT pg_has_role(current_user, 'pg_database_owner', 'MEMBER') THEN
        RAISE EXCEPTION 'intake % was already decided', OLD.id USING ERRCODE = 'PA001', DETAIL = 'intake_decided';
    END IF;
    RETURN NEW;
END
$$;
