-- Everything held about a person, as one JSON document (right of access): their record, profiles,
-- journeys with their history and content, referrals, and who read or changed their record.
-- The caller must manage the person (their coordinator, the administrator).
CREATE OR REPLACE FUNCTION parcours_subject_access_document(of_carrier bigint, audit_channel text) RETURNS text
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    document json;
BEGIN
    IF NOT parcours_manages_carrier(of_carrier) THEN
        RAISE EXCEPTION 'carrier % not found', of_carrier USING ERRCODE = 'PA404';
    END IF;
    PERFORM parcours_audit('export', ARRAY[of_carrier], audit_channel, 'subject access export');
    SELECT json_build_object(
        'exported_at', to_char(now() AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD"T"HH24:MI:SS'),
        'carrier', (SELECT json_build_object(
                        'id', c.id, 'operator', o.name, 'external_ref', c.external_ref, 'first_name', c.first_name,
                        'last_name', c.last_name, 'gender', c.gender, 'birth_date', c.birth_date, 'email', c.email,
                        'phone', c.phone, 'commune', t.code, 'counsellor', s.email, 'created_at', c.created_at)
                    FROM carrier AS c JOIN operator AS o ON o.id = c.operator_id
                    LEFT JOIN territory AS t ON t.id = c.commune_id LEFT JOIN staff AS s ON s.id = c.counsellor_id
                    WHERE c.id = of_carrier),
        'profiles', (SELECT coalesce(json_agg(json_build_object(
                         'recorded_on', p.recorded_on, 'labour_status', p.labour_status, 'education_level', p.education_level,
                         'consent_on', p.consent_on, 'disability', p.disability, 'third_country_national', p.third_country_national,
                         'foreign_background', p.foreign_background, 'homeless', p.homeless) ORDER BY p.recorded_on, p.id), '[]')
                     FROM carrier_profile AS p WHERE p.carrier_id = of_carrier),
        'journeys', (SELECT coalesce(json_agg(json_build_object(
                         'id', j.id, 'programme', pr.name, 'phase', j.phase, 'opened_on', j.opened_on, 'closed_on', j.closed_on,
                         'history', (SELECT coalesce(json_agg(json_build_object(
                                         'kind', e.kind, 'from', e.from_state, 'to', e.to_state, 'effective_on', e.effective_on,
                                         'reason', e.reason) ORDER BY e.seq), '[]') FROM journey_event AS e WHERE e.journey_id = j.id),
                         'corrections', (SELECT coalesce(json_agg(json_build_object(
                                             'kind', x.kind, 'from', x.from_state, 'to', x.to_state, 'effective_on', x.effective_on,
                                             'reason', x.reason, 'cancelled', x.cancelled, 'correction_reason', x.correction_reason,
                                             'corrected_at', x.corrected_at) ORDER BY x.id), '[]')
                                         FROM journey_event_correction AS x WHERE x.journey_id = j.id),
                         'attendance', (SELECT coalesce(json_agg(json_build_object(
                                            'session', se.title, 'starts_at', se.starts_at, 'status', a.status, 'minutes', a.minutes)
                                            ORDER BY se.starts_at), '[]')
                                        FROM attendance AS a JOIN session AS se ON se.id = a.session_id WHERE a.journey_id = j.id),
                         'cape', (SELECT coalesce(json_agg(json_build_object(
                                      'ended_on', cc.ended_on, 'end_reason', cc.end_reason,
                                      'periods', (SELECT json_agg(json_build_object('starts_on', cp.starts_on, 'ends_on', cp.ends_on) ORDER BY cp.seq)
                                                  FROM cape_period AS cp WHERE cp.contract_id = cc.id))), '[]')
                                  FROM cape_contract AS cc WHERE cc.journey_id = j.id),
                         'jury', (SELECT coalesce(json_agg(json_build_object('decision', d.decision, 'decided_on', d.decided_on, 'note', d.note)
                                                           ORDER BY d.decided_on), '[]') FROM jury_decision AS d WHERE d.journey_id = j.id),
                         'referrals', (SELECT coalesce(json_agg(json_build_object(
                                           'partner', pa.name, 'reason', r.reason, 'status', r.status, 'proposed_on', r.proposed_on,
                                           'answered_on', r.answered_on, 'note', r.note, 'consent_to_share', r.consent_to_share)
                                           ORDER BY r.proposed_on), '[]')
                                       FROM referral AS r JOIN partner AS pa ON pa.id = r.partner_id WHERE r.journey_id = j.id),
                         'activity', (SELECT json_build_object('legal_form', ac.legal_form, 'created_on', ac.created_on, 'jobs_fte', ac.jobs_fte,
                                                               'name', ac.name) FROM activity AS ac WHERE ac.journey_id = j.id),
                         'follow_ups', (SELECT coalesce(json_agg(json_build_object('after_months', f.after_months, 'situation', f.situation,
                                                                                  'recorded_on', f.recorded_on, 'note', f.note)
                                                                ORDER BY f.after_months), '[]') FROM follow_up AS f WHERE f.journey_id = j.id)
                     ) ORDER BY j.opened_on, j.id), '[]')
                     FROM journey AS j JOIN programme AS pr ON pr.id = j.programme_id WHERE j.carrier_id = of_carrier),
        'intakes', (SELECT coalesce(json_agg(json_build_object(
                        'contacted_on', i.contacted_on, 'prescriber', i.prescriber, 'info_session_on', i.info_session_on,
                        'diagnostic_on', i.diagnostic_on, 'status', i.status, 'decided_on', i.decided_on, 'note', i.note)
                        ORDER BY i.contacted_on, i.id), '[]')
                    FROM intake AS i WHERE i.carrier_id = of_carrier),
        'audit', (SELECT coalesce(json_agg(json_build_object('at', a.at, 'staff', s.email, 'channel', a.channel, 'action', a.action,
                                                            'detail', a.detail) ORDER BY a.id), '[]')
                  FROM audit_event AS a JOIN staff AS s ON s.id = a.staff_id WHERE a.carrier_id = of_carrier)
    ) INTO document;
    RETURN document::text;
END
$$;
REVOKE ALL ON FUNCTION parcours_subject_access_document(bigint,text) FROM PUBLIC, parcours_app;
