-- Whether the verified claim ("staff|role|operator|…") may record a journey's events: the
-- administrator any journey, the others their operator's, a counsellor only the people they follow
-- (or nobody's yet). What journey_event's policies let the actor write, said once for the event's
-- two triggers, which read the journey as the schema's owner. An SQL expression, inlined.
CREATE OR REPLACE FUNCTION parcours_acts_on_journey(claim text, journey_operator bigint, counsellor bigint)
RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$
    SELECT (split_part(claim, '|', 2) = 'admin' OR journey_operator = nullif(split_part(claim, '|', 3), '')::bigint)
       AND (split_part(claim, '|', 2) <> 'counsellor' OR counsellor IS NULL OR counsellor = split_part(claim, '|', 1)::bigint)
$$;
REVOKE ALL ON FUNCTION parcours_acts_on_journey(text, bigint, bigint) FROM PUBLIC, parcours_app;
