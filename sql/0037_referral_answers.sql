-- A partner's answer, as the structures that route people between them record it: « à l'étude »
-- before a decision; a refusal with its reason from a list and the action the partner proposes
-- (so that the referring coordinator knows what to do next); the day the partner took the person
-- in charge. Earlier refusals keep no reason (none was asked for): the rule that a refusal gives one
-- applies to answers from now on (referral_update_guard).
ALTER TABLE referral DROP CONSTRAINT referral_status_check,
    ADD CONSTRAINT referral_status_check CHECK (status IN ('proposed', 'studying', 'accepted', 'declined', 'completed'));

ALTER TABLE referral
    ADD COLUMN decline_reason text CONSTRAINT referral_decline_reason_check CHECK (decline_reason IN (
        'not_eligible', 'no_capacity', 'outside_territory', 'not_ready', 'followed_elsewhere', 'carrier_withdrew', 'unreachable', 'other')),
    ADD COLUMN proposed_action text CONSTRAINT referral_proposed_action_check CHECK (proposed_action IN (
        'redirect', 'recontact_later', 'mature_project', 'none')),
    ADD COLUMN taken_charge_on date,
    ADD CONSTRAINT referral_declined_with_its_reason CHECK ((decline_reason IS NULL AND proposed_action IS NULL) OR status = 'declined'),
    ADD CONSTRAINT referral_taken_charge_when_completed CHECK (taken_charge_on IS NULL OR (status = 'completed' AND taken_charge_on >= proposed_on));
