-- participant_quality for these people (everyone when null), as their participant file in each ESF+
-- agreement says it (parcours_participant_rows) and DataQuality reads it: counted on the
-- agreement's own dates, entered at their first journey in it with the profile nearest that
-- entry, left with their last journey. The entry data are gender, birth date, commune, labour
-- status, education and a contact; the situation at exit is missing when neither the exit nor a
-- follow-up at exit says it (ParcoursCore's ExitSituation). Called by the triggers of what these
-- read, once a statement; SECURITY DEFINER: only the schema's owner writes the facts.
CREATE OR REPLACE FUNCTION parcours_refresh_participant_quality(carriers bigint[]) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    -- Planned for the people it is given (a cached plan for any set, `touched IS NULL OR …`, would
    -- read every agreement's journeys for one person's attendance).
    SET jit = off SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    touched bigint[];
BEGIN
    IF carriers IS NULL THEN
        -- Everyone: the facts made again whole, writers of people waiting meanwhile.
        LOCK TABLE public.participant_quality IN EXCLUSIVE MODE;
        DELETE FROM public.participant_quality;
    ELSE
        -- Only people whose operator has an ESF+ agreement, or who had facts: an operator without
        -- one imports its people for the price of this look-up.
        SELECT array_agg(c.id ORDER BY c.id) INTO touched
        FROM (SELECT DISTINCT t.id FROM unnest(carriers) AS t (id) WHERE t.id IS NOT NULL) AS t
        JOIN public.carrier AS c ON c.id = t.id
        WHERE EXISTS (SELECT FROM public.funding AS f JOIN public.funder AS fu ON fu.id = f.funder_id
                      WHERE f.operator_id = c.operator_id AND fu.kind = 'esf_plus')
           OR EXISTS (SELECT FROM public.participant_quality AS q WHERE q.carrier_id = c.id);
        IF touched IS NULL THEN
            RETURN;
        END IF;
        -- Each person locked first, in one order: two transactions writing for the same person
        -- count one after the other (the second statement below sees the first's rows), never
        -- each without the other's.
        PERFORM FROM public.carrier AS c WHERE c.id = ANY (touched) ORDER BY c.id FOR NO KEY UPDATE;
        DELETE FROM public.participant_quality AS q WHERE q.carrier_id = ANY (touched);
    END IF;
    INSERT INTO public.participant_quality (funding_id, carrier_id, operator_id, entry_on, reachable, incomplete_from)
    WITH scoped AS MATERIALIZED (
        SELECT f.id AS funding_id, f.starts_on, f.ends_on, j.id AS journey_id, j.carrier_id, j.opened_on, j.closed_on, j.phase
        FROM public.funding AS f
        JOIN public.funder AS fu ON fu.id = f.funder_id AND fu.kind = 'esf_plus'
        JOIN public.funding_journey AS fj ON fj.funding_id = f.id
        JOIN public.journey AS j ON j.id = fj.journey_id
        WHERE touched IS NULL OR j.carrier_id = ANY (touched)
    ), person AS (
        -- one line a person and agreement, their journeys in it beside them: every join below a
        -- look-up for each (the planner, guessing one journey for a set of people, had nested
        -- loops over the whole set inside joins of parts of it: 2.2 s for one operator's 4,000)
        SELECT s.funding_id, s.carrier_id, min(s.opened_on) AS entry_on, min(s.starts_on) AS starts_on, min(s.ends_on) AS ends_on,
               array_agg(s.journey_id) AS journeys,
               -- the exit is that of their last journey; one still open means no exit yet
               (array_agg(s.journey_id ORDER BY s.closed_on DESC NULLS FIRST, s.journey_id DESC))[1] AS last_journey_id,
               (array_agg(s.closed_on ORDER BY s.closed_on DESC NULLS FIRST, s.journey_id DESC))[1] AS last_closed_on,
               (array_agg(s.phase ORDER BY s.closed_on DESC NULLS FIRST, s.journey_id DESC))[1] AS last_phase
        FROM scoped AS s
        GROUP BY s.funding_id, s.carrier_id
    )
    SELECT p.funding_id, p.carrier_id, c.operator_id, p.entry_on, r.reachable,
           least(CASE WHEN c.gender IS NULL OR c.birth_date IS NULL OR c.commune_id IS NULL
                          OR coalesce(ep.labour_status, 'unknown') = 'unknown'
                          OR coalesce(ep.education_level, 'unknown') = 'unknown' OR NOT r.reachable
                      THEN p.entry_on + 29 END,
                 CASE WHEN x.outcome IN ('handed_on', 'withdrawn') AND coalesce(f0.situation, 'unknown') = 'unknown'
                      THEN x.exit_on + 29 END)
    FROM person AS p
    -- present on at least two days under the agreement (Participant.minimumDays)
    CROSS JOIN LATERAL (
        SELECT count(DISTINCT d.day) AS days
        FROM (
            SELECT (se.starts_at AT TIME ZONE 'Europe/Paris')::date AS day
            FROM public.attendance AS a JOIN public.session AS se ON se.id = a.session_id
            WHERE a.journey_id = ANY (p.journeys) AND a.status = 'present'
            -- each line's session by its key: by the period's days, the planner hashed every
            -- session of the period for each person (14 s for 4,000)
            OFFSET 0
        ) AS d
        WHERE d.day BETWEEN p.starts_on AND p.ends_on
    ) AS presence
    CROSS JOIN LATERAL (
        SELECT CASE WHEN p.last_closed_on <= p.ends_on THEN p.last_closed_on END AS exit_on,
               CASE WHEN p.last_closed_on <= p.ends_on THEN p.last_phase END AS outcome
    ) AS x
    JOIN public.carrier AS c ON c.id = p.carrier_id
    CROSS JOIN LATERAL (SELECT c.email IS NOT NULL OR c.phone IS NOT NULL AS reachable) AS r
    LEFT JOIN LATERAL parcours_entry_profile(c.id, p.entry_on) AS ep ON true
    LEFT JOIN public.follow_up AS f0 ON f0.journey_id = p.last_journey_id AND f0.after_months = 0 AND x.exit_on IS NOT NULL
    WHERE presence.days >= 2;
END
$$;
REVOKE ALL ON FUNCTION parcours_refresh_participant_quality(bigint[]) FROM PUBLIC, parcours_app;

-- Made again whole whenever these rules change (and first filled so).
SELECT parcours_refresh_participant_quality(NULL);
