-- Each ESF+ participant's data quality in each agreement that covers them, kept by the writes that
-- change it (sql/definitions/functions/parcours_refresh_participant_quality.sql): the worklist and
-- the dashboards read every agreement's state from here instead of building each agreement's
-- participant file (50 agreements of 4,000 people: 9.6 s for an administrator's `todo`).
-- Only participants (present on at least two days under the agreement) have a row. Nothing here
-- depends on the day it is read: `incomplete_from` is the first day the participant counts as
-- incomplete (a gap in their entry data or their situation at exit past its four weeks), null
-- while nothing is missing.
CREATE TABLE participant_quality (
    funding_id       bigint NOT NULL REFERENCES funding (id) ON DELETE CASCADE,
    carrier_id       bigint NOT NULL,
    operator_id      bigint NOT NULL,
    entry_on         date NOT NULL,
    reachable        boolean NOT NULL,
    incomplete_from  date,
    -- an agreement's participants counted from the index alone
    PRIMARY KEY (funding_id, carrier_id, operator_id) INCLUDE (entry_on, reachable, incomplete_from),
    FOREIGN KEY (carrier_id, operator_id) REFERENCES carrier (id, operator_id) ON DELETE CASCADE
);
CREATE INDEX participant_quality_carrier_idx ON participant_quality (carrier_id);
GRANT SELECT ON participant_quality TO parcours_app;
