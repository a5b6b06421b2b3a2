-- What the worklist reads to know what is due, kept beside the rows it lists, so that a network's
-- administrator (484,049 items on the benchmark's network) gets the soonest of each kind and how
-- many there are from indexes instead of every open journey's attendance and every CAPE's periods
-- read again (the worklist's statement: 1.7 s there).

-- The day (in Paris) of the latest session with a line of attendance for the journey: kept by the
-- triggers of attendance and session (attendance_facts_follow, sql/definitions).
ALTER TABLE journey ADD COLUMN last_session_on date;
UPDATE journey AS j SET last_session_on = s.day
FROM (SELECT a.journey_id, max((se.starts_at AT TIME ZONE 'Europe/Paris')::date) AS day
      FROM attendance AS a JOIN session AS se ON se.id = a.session_id
      GROUP BY a.journey_id) AS s
WHERE j.id = s.journey_id;
-- The day the journey was last seen: its last change or its last session. The open journeys,
-- each operator's by that day, are read from one index alone (with what row-level security reads):
-- the idle ones, and all of them against the referrals still waiting for an answer.
ALTER TABLE journey ADD COLUMN seen_on date GENERATED ALWAYS AS (greatest(last_change_on, last_session_on)) STORED;
CREATE INDEX journey_open_idx ON journey (operator_id, seen_on) INCLUDE (id, carrier_id, phase) WHERE closed_on IS NULL;
-- Exits in their order, with what row-level security reads of them: the follow-ups due are counted
-- from the index alone.
CREATE INDEX journey_exit_idx ON journey (closed_on) INCLUDE (id, operator_id, carrier_id) WHERE closed_on IS NOT NULL;
DROP INDEX journey_closed_idx;

-- The end of a CAPE's running period (its last): kept by the triggers of cape_period
-- (cape_contract_period_follows, sql/definitions).
ALTER TABLE cape_contract ADD COLUMN period_ends_on date;
UPDATE cape_contract AS c SET period_ends_on = p.ends_on
FROM (SELECT DISTINCT ON (p.contract_id) p.contract_id, p.ends_on FROM cape_period AS p ORDER BY p.contract_id, p.seq DESC) AS p
WHERE c.id = p.contract_id;
CREATE INDEX cape_contract_running_idx ON cape_contract (period_ends_on) INCLUDE (operator_id, journey_id) WHERE ended_on IS NULL;

-- Referrals not decided yet, by status and the day they were proposed; with what row-level
-- security reads of them.
CREATE INDEX referral_pending_idx ON referral (status, proposed_on) INCLUDE (id, operator_id, journey_id, partner_id)
    WHERE status IN ('proposed', 'studying');
-- Referrals declined with a reason, by the day of the answer.
CREATE INDEX referral_declined_idx ON referral (answered_on) INCLUDE (journey_id, operator_id, partner_id)
    WHERE status = 'declined' AND decline_reason IS NOT NULL;

-- Whether a session has a line of attendance: kept by the triggers of attendance
-- (attendance_facts_follow, sql/definitions); the sessions past without one, by their start.
ALTER TABLE session ADD COLUMN attendance_recorded boolean NOT NULL DEFAULT false;
UPDATE session AS s SET attendance_recorded = true WHERE EXISTS (SELECT FROM attendance AS a WHERE a.session_id = s.id);
CREATE INDEX session_unrecorded_idx ON session (starts_at) INCLUDE (id, operator_id) WHERE NOT attendance_recorded;
