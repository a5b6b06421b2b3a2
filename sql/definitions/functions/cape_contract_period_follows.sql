-- Keeps cape_contract.period_ends_on (the end of its running period, the last) as periods are added,
-- changed or removed, once a statement; and holds it against a login's own statements, which
-- write a contract's other columns. As the owner: the date is the periods', whoever wrote them.
CREATE OR REPLACE FUNCTION cape_contract_period_follows() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    touched bigint[];
BEGIN
    IF TG_TABLE_NAME = 'cape_contract' THEN
        NEW.period_ends_on := OLD.period_ends_on;
        RETURN NEW;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT n.contract_id) INTO touched FROM new_rows AS n;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT array_agg(t.contract_id) INTO touched
        FROM (SELECT n.contract_id FROM new_rows AS n UNION SELECT o.contract_id FROM old_rows AS o) AS t;
    ELSE
        SELECT array_agg(DISTINCT o.contract_id) INTO touched FROM old_rows AS o;
    END IF;
    UPDATE public.cape_contract AS c SET period_ends_on = p.ends_on
    FROM (SELECT t.id, (SELECT p.ends_on FROM public.cape_period AS p WHERE p.contract_id = t.id ORDER BY p.seq DESC LIMIT 1) AS ends_on
          FROM unnest(touched) AS t (id)) AS p
    WHERE c.id = p.id AND c.period_ends_on IS DISTINCT FROM p.ends_on;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION cape_contract_period_follows() FROM PUBLIC, parcours_app;
