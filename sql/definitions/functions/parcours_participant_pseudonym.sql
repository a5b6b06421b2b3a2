-- The pseudonym from the agreement's salt, for the definer functions that have already read the
-- agreement (and the checked form below): an expression, inlined — a call of the checked form
-- cost 57 µs a participant, 40 % of an agreement's participant file. Never the application's to
-- call: it would need the salt.
CREATE OR REPLACE FUNCTION parcours_participant_pseudonym(salt text, of_carrier bigint) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN upper(left(encode(sha256(convert_to(salt || ':' || of_carrier, 'UTF8')), 'hex'), 10));
REVOKE ALL ON FUNCTION parcours_participant_pseudonym(text,bigint) FROM PUBLIC, parcours_app;

-- The pseudonymous participant id of an ESF+ file: the salt never leaves the database, and only
-- those who may read the agreement get its pseudonyms.
CREATE OR REPLACE FUNCTION parcours_participant_pseudonym(of_funding bigint, of_carrier bigint) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    RETURN (SELECT parcours_participant_pseudonym(f.pseudonym_salt, of_carrier)
            FROM funding AS f
            WHERE f.id = of_funding
              AND (parcours_reads_all() OR f.operator_id = parcours_current_operator()
                   OR f.funder_id = parcours_current_funder()));
REVOKE ALL ON FUNCTION parcours_participant_pseudonym(bigint,bigint) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_participant_pseudonym(bigint,bigint) TO parcours_app;
