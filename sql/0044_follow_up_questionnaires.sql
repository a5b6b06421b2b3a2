-- The person also tells their situation at exit (within four weeks of leaving, with whether they
-- gained a qualification) and six months later, from a personal link, and signs it (issue 28): a
-- questionnaire link and its signature name their kind, and the journey they are about when they
-- are about an exit.
ALTER TABLE questionnaire_link
    ADD COLUMN journey_id bigint,
    ADD CONSTRAINT questionnaire_link_journey_fkey FOREIGN KEY (journey_id, operator_id) REFERENCES journey (id, operator_id),
    DROP CONSTRAINT questionnaire_link_kind_check,
    ADD CONSTRAINT questionnaire_link_kind_check CHECK (kind IN ('entry', 'exit', 'six_months')),
    ADD CONSTRAINT questionnaire_link_journey_of_exit CHECK ((kind = 'entry') = (journey_id IS NULL));
GRANT SELECT (journey_id) ON questionnaire_link TO parcours_app;

ALTER TABLE questionnaire_signature
    DROP CONSTRAINT questionnaire_signature_kind_check,
    ADD CONSTRAINT questionnaire_signature_kind_check CHECK (kind IN ('entry', 'exit', 'six_months'));
