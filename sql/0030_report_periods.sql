-- A report starts from the facts of its period, each by an index (parcours_scope_period), not
-- from every journey of its scope: the journeys closed in it, opened in it, the sessions held in
-- it (their day in France), the referrals proposed in it and the phase changes effective in it.
CREATE INDEX journey_closed_idx ON journey (closed_on) WHERE closed_on IS NOT NULL;
CREATE INDEX journey_opened_idx ON journey (opened_on);
CREATE INDEX session_day_idx ON session (((starts_at AT TIME ZONE 'Europe/Paris')::date));
CREATE INDEX referral_proposed_idx ON referral (proposed_on);
CREATE INDEX journey_event_effective_idx ON journey_event (effective_on);

-- Each person's entry, kept: the opening of their first journey (journey_entry_follows, as their
-- journeys are written). A report counting the people of a network, an operator or a territory
-- reads it instead of looking for each person's first journey.
ALTER TABLE carrier ADD COLUMN entered_on date;
UPDATE carrier AS c SET entered_on = f.first
FROM (SELECT j.carrier_id, min(j.opened_on) AS first FROM journey AS j GROUP BY j.carrier_id) AS f
WHERE f.carrier_id = c.id;
