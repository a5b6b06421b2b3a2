-- The audit log without a global lock (issue 25). Every entry used to lock the one audit_head row
-- until its transaction committed: at 16 connections, 9–12 backends waited on it, and every read
-- of a person (which writes an entry) queued behind every other. Now an entry is inserted by the
-- transaction that acts, committed with it (never lost, never for a rolled-back change) and
-- unsealed; a sealer (`parcours_audit_seal`, run every second by `parcours serve`, at the end of
-- each CLI command and before `audit verify`) chains the committed entries in the order it finds
-- them, one sealer at a time. Only the sealer touches the head.

DROP TRIGGER audit_event_chain ON audit_event;
DROP TRIGGER audit_head_advance ON audit_event;
DROP FUNCTION audit_event_chain();
DROP FUNCTION audit_head_advance();

ALTER TABLE audit_event ALTER COLUMN id SET DEFAULT nextval('audit_event_id_seq');
ALTER TABLE audit_event ALTER COLUMN previous_hash DROP NOT NULL;
ALTER TABLE audit_event ALTER COLUMN hash DROP NOT NULL;
-- The chain's order: the order entries were sealed in (ids are drawn before commit, so a later id
-- may commit first; the chain follows what the sealer saw, and `audit verify` walks it so).
ALTER TABLE audit_event ADD COLUMN sealed_seq bigint;

-- The entries chained so far were chained in the order of their ids.
ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only;
UPDATE audit_event AS e SET sealed_seq = o.seq
FROM (SELECT id, row_number() OVER (ORDER BY id) AS seq FROM audit_event) AS o
WHERE o.id = e.id;
ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only;

ALTER TABLE audit_event ADD CONSTRAINT audit_event_sealed_seq_key UNIQUE (sealed_seq);
ALTER TABLE audit_event ADD CONSTRAINT audit_event_sealed
    CHECK ((sealed_seq IS NULL) = (hash IS NULL) AND (hash IS NULL) = (previous_hash IS NULL));
CREATE INDEX audit_event_unsealed_idx ON audit_event (id) WHERE sealed_seq IS NULL;

ALTER TABLE audit_head ADD COLUMN last_seq bigint NOT NULL DEFAULT 0;
UPDATE audit_head SET last_seq = (SELECT count(*) FROM audit_event);
