-- Who records a referral, a follow-up or a profile is the acting staff member, never a client's choice.
CREATE OR REPLACE FUNCTION parcours_set_acting_staff() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    NEW.staff_id := parcours_current_staff();
    RETURN NEW;
END
$$;
