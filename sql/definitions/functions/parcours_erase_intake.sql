-- Right to erasure for a first contact: the person's names, contact and note go; its dates,
-- prescriber, commune and decision stay for the counts (as a carrier's). Its coordinator or the
-- administrator; a decided contact too (as the schema's owner, whom intake_decided_is_final lets through).
CREATE OR REPLACE FUNCTION parcours_erase_intake(of_intake bigint) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT parcours_manages_intake(of_intake) THEN
        RAISE EXCEPTION 'intake % not found', of_intake USING ERRCODE = 'PA404';
    END IF;
    UPDATE public.intake
    SET first_name = parcours_erased(), last_name = CASE WHEN last_name IS NOT NULL THEN parcours_erased() END,
        email = NULL, phone = NULL, note = CASE WHEN note IS NOT NULL THEN parcours_erased() END
    WHERE id = of_intake;
END
$$;
REVOKE ALL ON FUNCTION parcours_erase_intake(bigint) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_erase_intake(bigint) TO parcours_app;
