-- The pseudonymous participant id of an ESF+ file: the salt never leaves the database, and only
-- those who may read the agreement get its pseudonyms.
CREATE OR REPLACE FUNCTION parcours_participant_pseudonym(of_funding bigint, of_carrier bigint) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    RETURN (SELECT upper(left(encode(sha256(convert_to(f.pseudonym_salt || ':' || of_carrier, 'UTF8')), 'hex'), 10))
            FROM funding AS f
            WHERE f.id = of_funding
              AND (parcours_reads_all() OR f.operator_id = parcours_current_operator()
                   OR f.funder_id = parcours_current_funder()));
REVOKE ALL ON FUNCTION parcours_participant_pseudonym(bigint,bigint) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_participant_pseudonym(bigint,bigint) TO parcours_app;
