-- Citus-ready keys (issue 25, part 7). To distribute a table by operator (`create_distributed_table`
-- with `operator_id`), each of its primary keys and unique constraints must contain `operator_id`,
-- and a foreign key between two distributed tables must include it on both sides. The tables of
-- one operator's people get keys that end with `operator_id`: the columns before it stay first, so
-- every look-up by `id` (or by journey, session, contract) keeps its index. The composite foreign
-- keys that already existed, which referenced the `(operator_id, id)` unique constraints, now
-- reference the primary keys (the same columns), and those constraints go.
--
-- Reference tables (replicated, small, read everywhere) keep their keys: operator, staff, funder,
-- funding (an agreement's code is unique nationwide), partner, partner_territory, the territories,
-- qpv, api_token, dashboard_share. The audit chain (audit_event, audit_head) and api_idempotency stay
-- on the coordinator. `SchemaTests` · the distribution plan holds, checks all of it.
DO $$
DECLARE
    fk record;
    again text[] := '{}';
    statement text;
BEGIN
    -- The foreign keys into the re-keyed tables depend on the keys that change: dropped, then made
    -- again as they were (intake's two, by id alone, become composite below).
    FOR fk IN
        SELECT c.conrelid::regclass AS tab, c.conname, pg_get_constraintdef(c.oid) AS definition
        FROM pg_constraint AS c
        WHERE c.contype = 'f' AND c.confrelid IN (
            'activity'::regclass, 'attendance'::regclass, 'attendance_sheet_scan'::regclass, 'cape_contract'::regclass,
            'cape_period'::regclass, 'cape_turnover'::regclass, 'carrier'::regclass, 'carrier_event'::regclass,
            'carrier_profile'::regclass, 'cohort'::regclass, 'follow_up'::regclass, 'funding_cohort'::regclass,
            'funding_programme'::regclass, 'funding_territory'::regclass, 'intake'::regclass, 'journey'::regclass,
            'journey_event'::regclass, 'jury_decision'::regclass, 'programme'::regclass, 'referral'::regclass, 'session'::regclass)
        ORDER BY 1, 2
    LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', fk.tab, fk.conname);
        IF fk.conname NOT IN ('intake_carrier_id_fkey', 'intake_journey_id_fkey') THEN
            again := again || format('ALTER TABLE %s ADD CONSTRAINT %I %s', fk.tab, fk.conname, fk.definition);
        END IF;
    END LOOP;

    ALTER TABLE activity DROP CONSTRAINT activity_pkey, ADD CONSTRAINT activity_pkey PRIMARY KEY (journey_id, operator_id);
    ALTER TABLE attendance DROP CONSTRAINT attendance_pkey, ADD CONSTRAINT attendance_pkey PRIMARY KEY (session_id, journey_id, operator_id);
    ALTER TABLE attendance_sheet_scan
        DROP CONSTRAINT attendance_sheet_scan_pkey, ADD CONSTRAINT attendance_sheet_scan_pkey PRIMARY KEY (id, operator_id),
        DROP CONSTRAINT attendance_sheet_scan_once, ADD CONSTRAINT attendance_sheet_scan_once UNIQUE (session_id, sha256, operator_id);
    ALTER TABLE cape_contract DROP CONSTRAINT cape_contract_operator_id_key,
        DROP CONSTRAINT cape_contract_pkey, ADD CONSTRAINT cape_contract_pkey PRIMARY KEY (id, operator_id);
    ALTER TABLE cape_period DROP CONSTRAINT cape_period_pkey, ADD CONSTRAINT cape_period_pkey PRIMARY KEY (contract_id, seq, operator_id);
    ALTER TABLE cape_turnover DROP CONSTRAINT cape_turnover_pkey, ADD CONSTRAINT cape_turnover_pkey PRIMARY KEY (contract_id, month, operator_id);
    ALTER TABLE carrier DROP CONSTRAINT carrier_operator_id_key,
        DROP CONSTRAINT carrier_pkey, ADD CONSTRAINT carrier_pkey PRIMARY KEY (id, operator_id);
    ALTER TABLE carrier_event DROP CONSTRAINT carrier_event_pkey, ADD CONSTRAINT carrier_event_pkey PRIMARY KEY (id, operator_id);
    ALTER TABLE carrier_profile DROP CONSTRAINT carrier_profile_pkey, ADD CONSTRAINT carrier_profile_pkey PRIMARY KEY (id, operator_id);
    ALTER TABLE cohort DROP CONSTRAINT cohort_operator_id_key,
        DROP CONSTRAINT cohort_pkey, ADD CONSTRAINT cohort_pkey PRIMARY KEY (id, operator_id),
        DROP CONSTRAINT cohort_name_key, ADD CONSTRAINT cohort_name_key UNIQUE (programme_id, name, operator_id);
    ALTER TABLE follow_up DROP CONSTRAINT follow_up_pkey, ADD CONSTRAINT follow_up_pkey PRIMARY KEY (id, operator_id),
        DROP CONSTRAINT follow_up_once_per_delay, ADD CONSTRAINT follow_up_once_per_delay UNIQUE (journey_id, after_months, operator_id);
    ALTER TABLE funding_cohort DROP CONSTRAINT funding_cohort_pkey, ADD CONSTRAINT funding_cohort_pkey PRIMARY KEY (funding_id, cohort_id, operator_id);
    ALTER TABLE funding_programme DROP CONSTRAINT funding_programme_pkey,
        ADD CONSTRAINT funding_programme_pkey PRIMARY KEY (funding_id, programme_id, operator_id);
    ALTER TABLE funding_territory DROP CONSTRAINT funding_territory_pkey,
        ADD CONSTRAINT funding_territory_pkey PRIMARY KEY (funding_id, territory_id, operator_id);
    ALTER TABLE intake DROP CONSTRAINT intake_pkey, ADD CONSTRAINT intake_pkey PRIMARY KEY (id, operator_id);
    ALTER TABLE journey DROP CONSTRAINT journey_operator_id_key,
        DROP CONSTRAINT journey_pkey, ADD CONSTRAINT journey_pkey PRIMARY KEY (id, operator_id);
    ALTER TABLE journey_event DROP CONSTRAINT journey_event_pkey, ADD CONSTRAINT journey_event_pkey PRIMARY KEY (id, operator_id),
        DROP CONSTRAINT journey_event_seq_key, ADD CONSTRAINT journey_event_seq_key UNIQUE (journey_id, seq, operator_id);
    ALTER TABLE jury_decision DROP CONSTRAINT jury_decision_pkey, ADD CONSTRAINT jury_decision_pkey PRIMARY KEY (id, operator_id);
    ALTER TABLE programme DROP CONSTRAINT programme_operator_id_key,
        DROP CONSTRAINT programme_pkey, ADD CONSTRAINT programme_pkey PRIMARY KEY (id, operator_id);
    ALTER TABLE referral DROP CONSTRAINT referral_pkey, ADD CONSTRAINT referral_pkey PRIMARY KEY (id, operator_id);
    ALTER TABLE session DROP CONSTRAINT session_operator_id_key,
        DROP CONSTRAINT session_pkey, ADD CONSTRAINT session_pkey PRIMARY KEY (id, operator_id);

    FOREACH statement IN ARRAY again LOOP
        EXECUTE statement;
    END LOOP;
    ALTER TABLE intake
        ADD CONSTRAINT intake_operator_id_carrier_id_fkey FOREIGN KEY (operator_id, carrier_id) REFERENCES carrier (operator_id, id),
        ADD CONSTRAINT intake_operator_id_journey_id_fkey FOREIGN KEY (operator_id, journey_id) REFERENCES journey (operator_id, id);
END
$$;
