-- parcours_entry_profile, as 0017_funder_evidence.sql wrote it, its relations named with their schema.
CREATE OR REPLACE FUNCTION parcours_entry_profile(of_carrier bigint, entry_on date) RETURNS SETOF carrier_profile
    LANGUAGE sql STABLE AS $$
    SELECT cp.* FROM public.carrier_profile AS cp
    WHERE cp.carrier_id = of_carrier
    ORDER BY cp.recorded_on > entry_on, abs(cp.recorded_on - entry_on), cp.id DESC
    LIMIT 1
$$;
