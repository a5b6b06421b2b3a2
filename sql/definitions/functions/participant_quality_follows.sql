-- Keeps participant_quality as what it reads is written: the people a statement touched, once a
-- statement (attendance, follow-ups, profiles, journeys added or removed: their transition tables),
-- or a row that changed what a participant file reads (a journey's dates, agreement or person; a
-- person's entry data; a session's day). An agreement, its programmes, cohorts or territories, or
-- a funder's kind: every person of the operators concerned; a grouping of communes that changed:
-- those of operators with an agreement on territories. As the owner: the facts are the database's.
CREATE OR REPLACE FUNCTION participant_quality_follows() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    touched bigint[];
BEGIN
    -- (a transition table named where its trigger does not make it is an error: a branch each)
    IF TG_TABLE_NAME IN ('attendance', 'follow_up') AND TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT j.carrier_id) INTO touched FROM public.journey AS j
        WHERE j.id = ANY (ARRAY(SELECT DISTINCT n.journey_id FROM new_rows AS n));
    ELSIF TG_TABLE_NAME IN ('attendance', 'follow_up') AND TG_OP = 'UPDATE' THEN
        SELECT array_agg(DISTINCT j.carrier_id) INTO touched FROM public.journey AS j
        WHERE j.id = ANY (ARRAY(SELECT n.journey_id FROM new_rows AS n UNION SELECT o.journey_id FROM old_rows AS o));
    ELSIF TG_TABLE_NAME IN ('attendance', 'follow_up') THEN
        SELECT array_agg(DISTINCT j.carrier_id) INTO touched FROM public.journey AS j
        WHERE j.id = ANY (ARRAY(SELECT DISTINCT o.journey_id FROM old_rows AS o));
    ELSIF TG_LEVEL = 'STATEMENT' AND TG_OP = 'INSERT' AND TG_TABLE_NAME IN ('journey', 'carrier_profile') THEN
        SELECT array_agg(DISTINCT n.carrier_id) INTO touched FROM new_rows AS n;
    ELSIF TG_LEVEL = 'STATEMENT' AND TG_OP = 'UPDATE' AND TG_TABLE_NAME IN ('journey', 'carrier_profile') THEN
        SELECT array_agg(t.carrier_id) INTO touched
        FROM (SELECT n.carrier_id FROM new_rows AS n UNION SELECT o.carrier_id FROM old_rows AS o) AS t;
    ELSIF TG_LEVEL = 'STATEMENT' AND TG_TABLE_NAME IN ('journey', 'carrier_profile') THEN
        SELECT array_agg(DISTINCT o.carrier_id) INTO touched FROM old_rows AS o;
    ELSIF TG_TABLE_NAME = 'journey' THEN
        touched := ARRAY[OLD.carrier_id, NEW.carrier_id];
    ELSIF TG_TABLE_NAME = 'carrier' THEN
        touched := ARRAY[NEW.id];
    ELSIF TG_TABLE_NAME = 'session' THEN
        SELECT array_agg(DISTINCT j.carrier_id) INTO touched
        FROM public.attendance AS a JOIN public.journey AS j ON j.id = a.journey_id
        WHERE a.session_id = NEW.id;
    ELSIF TG_TABLE_NAME IN ('funding', 'funding_programme', 'funding_cohort', 'funding_territory') THEN
        SELECT array_agg(c.id) INTO touched FROM public.carrier AS c
        WHERE c.operator_id IN ((CASE WHEN TG_OP <> 'INSERT' THEN OLD.operator_id END), (CASE WHEN TG_OP <> 'DELETE' THEN NEW.operator_id END));
    ELSIF TG_TABLE_NAME = 'funder' THEN
        SELECT array_agg(c.id) INTO touched FROM public.carrier AS c
        WHERE c.operator_id IN (SELECT f.operator_id FROM public.funding AS f WHERE f.funder_id = NEW.id);
    ELSE
        -- territory_ancestor
        SELECT array_agg(c.id) INTO touched FROM public.carrier AS c
        WHERE c.operator_id IN (SELECT ft.operator_id FROM public.funding_territory AS ft);
    END IF;
    IF touched IS NOT NULL THEN
        PERFORM parcours_refresh_participant_quality(touched);
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION participant_quality_follows() FROM PUBLIC, parcours_app;
