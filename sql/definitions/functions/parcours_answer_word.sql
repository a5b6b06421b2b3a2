-- A yes/no question's answer as a signed questionnaire writes it: yes, no, declined, or nothing.
CREATE OR REPLACE FUNCTION parcours_answer_word(answer boolean, declined boolean) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN CASE WHEN declined THEN 'declined' WHEN answer THEN 'yes' WHEN NOT answer THEN 'no' ELSE '' END;
