-- Security, round 3 (issue 24): an identity no temporary table can forge, share links read-only
-- for good, erasure that nothing brings back. The tables and data of it; the functions, triggers
-- and policies it needs are in sql/definitions/ (every function pins search_path with pg_temp
-- last; parcours_open_staging makes the imports' staging tables; parcours_identity_seal(staff, mode)
-- seals a share link's identity as such; carrier_stays_erased; the intake_caseload policy).

-- PostgreSQL looks in the session's temporary schema first for a table, a view or a type, unless
-- pg_temp is written last in search_path: the logins lose TEMPORARY, which every role has by
-- default. (The migrator revokes it again on every run, for databases copied from a template or
-- restored: an ACL is not copied with a database. The store refuses a login that still has it.)
DO $$
BEGIN
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
END
$$;

-- The seal now covers how the identity was established (parcours_identity_seal(bigint, text)).
DROP FUNCTION parcours_identity_seal(bigint);

-- A stored API answer names the people its change concerned (the carriers the transaction wrote
-- to the audit log, those its answer names): erasing a person finds every answer about them,
-- whatever it quotes.
ALTER TABLE api_idempotency ADD COLUMN carrier_ids bigint[] NOT NULL DEFAULT '{}';
CREATE INDEX api_idempotency_carrier_idx ON api_idempotency USING gin (carrier_ids);

-- The erasure itself is in the person's history, with its reason: the audit log, append-only,
-- keeps no text a person typed (its detail says only "carrier erased").
ALTER TABLE carrier_event DROP CONSTRAINT carrier_event_kind_check;
ALTER TABLE carrier_event ADD CONSTRAINT carrier_event_kind_check CHECK (kind IN ('update', 'merge', 'erase'));
