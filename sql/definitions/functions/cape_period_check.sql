-- A renewal continues the previous period the next day; a new contract starts after the previous
-- one of the journey ended; nothing before the journey opened.
CREATE OR REPLACE FUNCTION cape_period_check() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    previous_end date;
    contract record;
BEGIN
    SELECT c.id, c.journey_id, c.ended_on, j.opened_on INTO contract
    FROM cape_contract AS c JOIN journey AS j ON j.id = c.journey_id WHERE c.id = NEW.contract_id;
    IF NEW.starts_on < contract.opened_on THEN
        RAISE EXCEPTION 'CAPE of journey %: a period cannot start (%) before the journey opened (%)',
            contract.journey_id, to_char(NEW.starts_on, 'YYYY-MM-DD'), to_char(contract.opened_on, 'YYYY-MM-DD')
            USING ERRCODE = 'PA001';
    END IF;
    IF contract.ended_on IS NOT NULL THEN
        RAISE EXCEPTION 'CAPE of journey % has ended; it cannot be renewed', contract.journey_id USING ERRCODE = 'PA001';
    END IF;
    IF NEW.seq > 0 THEN
        SELECT ends_on INTO previous_end FROM cape_period WHERE contract_id = NEW.contract_id AND seq = NEW.seq - 1;
        IF previous_end IS NULL OR NEW.starts_on <> previous_end + 1 THEN
            RAISE EXCEPTION 'CAPE of journey %: a renewal starts the day after the previous period ends', contract.journey_id
                USING ERRCODE = 'PA001';
        END IF;
    ELSE
        SELECT max(coalesce(c.ended_on, p.ends_on)) INTO previous_end
        FROM cape_contract AS c JOIN cape_period AS p ON p.contract_id = c.id
        WHERE c.journey_id = contract.journey_id AND c.id <> NEW.contract_id;
        IF NEW.starts_on <= previous_end THEN
            RAISE EXCEPTION 'CAPE of journey %: a new contract cannot overlap the previous one (ends %)',
                contract.journey_id, to_char(previous_end, 'YYYY-MM-DD') USING ERRCODE = 'PA001';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
