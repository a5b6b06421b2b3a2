-- Each person's last exit in the period — their journey closed last, the last recorded of a day —
-- with the columns of the person a report's breakdown reads (parcours_exit_groups). Plain SQL, so
-- that it is inlined into the statement that reads it and planned with its dates: the exits are
-- found in the people's order and meet them in that order (carrier_person_idx), without a hash of
-- either.
CREATE OR REPLACE FUNCTION parcours_last_exits(from_date date, to_date date)
    RETURNS TABLE (carrier_id bigint, journey_id bigint, phase text, opened_on date, closed_on date, operator_id bigint,
                   commune_id bigint, entered_on date, carrier_operator_id bigint, gender text, birth_date date)
    LANGUAGE sql STABLE AS $$
    SELECT x.carrier_id, x.journey_id, x.phase, x.opened_on, x.closed_on, x.operator_id,
           c.commune_id, c.entered_on, c.operator_id, c.gender, c.birth_date
    FROM (SELECT DISTINCT ON (j.carrier_id) j.carrier_id, j.id AS journey_id, j.phase, j.opened_on, j.closed_on, j.operator_id
          FROM public.journey AS j
          WHERE j.closed_on BETWEEN from_date AND to_date
          ORDER BY j.carrier_id, j.closed_on DESC, j.id DESC) AS x
    JOIN public.carrier AS c ON c.id = x.carrier_id
$$;
REVOKE ALL ON FUNCTION parcours_last_exits(date, date) FROM PUBLIC, parcours_app;
