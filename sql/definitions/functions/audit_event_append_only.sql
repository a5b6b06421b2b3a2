-- The audit log is append-only. The one change it takes is its sealing (0025): an unsealed entry
-- gets its place in the chain and its hashes, by the sealer running as the schema's owner, and
-- nothing else of it changes.
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.sealed_seq IS NULL AND NEW.sealed_seq IS NOT NULL
       AND (NEW.id, NEW.at, NEW.staff_id, NEW.channel, NEW.action, NEW.carrier_id, NEW.operator_id, NEW.detail)
           IS NOT DISTINCT FROM (OLD.id, OLD.at, OLD.staff_id, OLD.channel, OLD.action, OLD.carrier_id, OLD.operator_id, OLD.detail)
       AND pg_has_role(current_user, 'pg_database_owner', 'MEMBER') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'PA001';
END
$$;
