-- Intake before the journey: who sent the person (the prescriber), the information session, the
-- diagnostic, then admission (a carrier and a journey, keeping the intake's dates) or a decline
-- with its reason (and the partner the person was redirected to). Networks and funders count the
-- funnel from the first contact: first contacts → admitted → in a pathway → activity created.
CREATE OR REPLACE FUNCTION parcours_is_prescriber(code text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN code IN ('france_travail', 'mission_locale', 'caf', 'siae', 'cap_emploi', 'elu', 'reseau', 'bouche_a_oreille', 'other');
