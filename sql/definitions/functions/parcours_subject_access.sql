CREATE OR REPLACE FUNCTION parcours_subject_access(of_carrier bigint, audit_channel text) RETURNS text
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    document jsonb;
BEGIN
    IF NOT parcours_manages_carrier(of_carrier) THEN
        RAISE EXCEPTION 'carrier % not found', of_carrier USING ERRCODE = 'PA404';
    END IF;
    SELECT parcours_subject_access_document(of_carrier, audit_channel)::jsonb INTO document;
    RETURN jsonb_set(
        jsonb_set(document, '{profiles}',
                  (SELECT coalesce(jsonb_agg(jsonb_build_object(
                       'recorded_on', p.recorded_on, 'labour_status', p.labour_status, 'education_level', p.education_level,
                       'consent_on', p.consent_on, 'disability', p.disability, 'third_country_national', p.third_country_national,
                       'foreign_background', p.foreign_background, 'minority', p.minority, 'homeless', p.homeless,
                       'declined', to_jsonb(p.declined)) ORDER BY p.recorded_on, p.id), '[]')
                   FROM carrier_profile AS p WHERE p.carrier_id = of_carrier)),
        '{qualifications_at_exit}',
        (SELECT coalesce(jsonb_agg(jsonb_build_object('journey_id', f.journey_id, 'qualification_gained', f.qualification_gained)
                                   ORDER BY f.journey_id), '[]')
         FROM follow_up AS f JOIN journey AS j ON j.id = f.journey_id
         WHERE j.carrier_id = of_carrier AND f.qualification_gained IS NOT NULL))::text;
END
$$;
REVOKE ALL ON FUNCTION parcours_subject_access(bigint,text) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_subject_access(bigint,text) TO parcours_app;
