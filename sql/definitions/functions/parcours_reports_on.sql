-- The journeys the acting identity may count in a report — its role, operator, staff and funder
-- read once by the caller: an administrator and the network every journey, a coordinator their
-- operator's, a counsellor those of their operator's people they follow or nobody follows, a
-- funder those its agreements finance. One definition for every scope function, joined LATERAL:
-- a set-returning SQL function is inlined into its caller's plan (a boolean one with a subquery is
-- not, and cost 25 µs a journey).
CREATE OR REPLACE FUNCTION parcours_reports_on(
    acting_role text, acting_operator bigint, acting_staff bigint, acting_funder bigint,
    of_journey bigint, of_operator bigint, of_counsellor bigint) RETURNS SETOF boolean
    LANGUAGE sql STABLE AS $$
    SELECT true
    WHERE acting_role IN ('admin', 'network')
       OR (acting_role = 'coordinator' AND of_operator = acting_operator)
       OR (acting_role = 'counsellor' AND of_operator = acting_operator
           AND (of_counsellor IS NULL OR of_counsellor = acting_staff))
       OR (acting_role = 'funder' AND EXISTS (
               SELECT FROM public.funding_journey AS fj JOIN public.funding AS f ON f.id = fj.funding_id
               WHERE fj.journey_id = of_journey AND f.funder_id = acting_funder))
$$;
REVOKE ALL ON FUNCTION parcours_reports_on(text, bigint, bigint, bigint, bigint, bigint, bigint) FROM PUBLIC, parcours_app;
