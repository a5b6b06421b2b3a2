-- The legal form most creations take, « entreprise individuelle » (EI, the régime réel; the
-- micro-entreprise stays apart): an activity and a corrected step may record it.
ALTER TABLE activity DROP CONSTRAINT activity_legal_form_check,
    ADD CONSTRAINT activity_legal_form_check
        CHECK (legal_form IN ('association', 'scic', 'scop', 'cae', 'micro_enterprise', 'individual_enterprise', 'company', 'other'));
