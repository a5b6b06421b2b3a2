-- What a report reads of each person it counts — their operator, commune, gender, birth date and
-- entry — kept beside their id, in id order: a year's 256,000 exits, found in their people's
-- order, meet them by walking this index alone instead of reading or hashing the 400,000 rows of
-- `carrier` (sql/definitions/functions/parcours_last_exits.sql).
CREATE INDEX carrier_person_idx ON carrier (id) INCLUDE (operator_id, commune_id, gender, birth_date, entered_on);

-- The exits' scope now hands the outcomes report its exits already counted in groups
-- (parcours_exit_groups, sql/definitions): the one that handed them person by person goes, in
-- every shape earlier migrations gave it.
DROP FUNCTION IF EXISTS parcours_scope_exit(bigint, bigint, bigint, bigint, bigint, date, date);
DROP FUNCTION IF EXISTS parcours_scope_exit(jsonb, date, date);
DROP FUNCTION IF EXISTS parcours_scope_exit(jsonb, date, date, boolean);
