-- Keeps each person's entry (carrier.entered_on: the opening of their first journey) as their
-- journeys are written: once a statement for all the people it touched when journeys are added or
-- removed, and for each journey moved to another person (a merge) by a row trigger — as a statement
-- trigger, every change of phase built both transition tables to find nothing moved (0.2 s a
-- history import's round of 20,000). Only a change is written. As the owner: the fact is the
-- database's, whoever wrote the journey.
CREATE OR REPLACE FUNCTION journey_entry_follows() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    touched bigint[];
BEGIN
    IF TG_LEVEL = 'ROW' THEN
        -- A journey moved to another person (a merge): both people's entries.
        touched := ARRAY[OLD.carrier_id, NEW.carrier_id];
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT n.carrier_id) INTO touched FROM inserted AS n;
    ELSE
        SELECT array_agg(DISTINCT o.carrier_id) INTO touched FROM removed AS o;
    END IF;
    IF touched IS NOT NULL THEN
        -- A join, not min() in a subquery for each person: on a new installation's statistics
        -- (journey empty when last analysed) min() was planned as a walk down the opening dates
        -- filtered by person, every journey read for each person (a first history import of 20,000
        -- journeys: 52 s here, 1 s joined, most of it writing the entries).
        UPDATE public.carrier AS c SET entered_on = f.first
        FROM (SELECT t.id, min(j.opened_on) AS first
              FROM unnest(touched) AS t (id) LEFT JOIN public.journey AS j ON j.carrier_id = t.id
              GROUP BY t.id) AS f
        WHERE c.id = f.id AND c.entered_on IS DISTINCT FROM f.first;
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION journey_entry_follows() FROM PUBLIC, parcours_app;
