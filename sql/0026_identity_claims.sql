-- Identity verified without a look-up (issue 25, part 3): the seal now covers the whole claim —
-- staff member, role, operator, funder and mode — established once by the function that checks it
-- (sql/definitions/functions/parcours_establish_identity.sql), so a policy reads the role and the
-- operator from the sealed claim instead of the staff table. The former seal and the former
-- establishment, which took a staff id alone, go.
DROP FUNCTION IF EXISTS parcours_identity_seal(bigint, text);
DROP FUNCTION IF EXISTS parcours_establish_identity(bigint);
