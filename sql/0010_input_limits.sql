-- The declared limits of what people type (ParcoursCore.FieldLimit), enforced again by the schema:
-- an oversized text or an absurd date is refused with a constraint naming its column
-- (`<table>_<column>_limit`), never stored, never an index error.

DO $$
DECLARE
    limit_row record;
BEGIN
    FOR limit_row IN
        SELECT * FROM (VALUES
            -- people's names and contacts (also as copied into referrals)
            ('carrier', 'first_name', 100), ('carrier', 'last_name', 100), ('carrier', 'external_ref', 100),
            ('carrier', 'email', 254), ('carrier', 'phone', 40),
            ('referral', 'carrier_first_name', 100), ('referral', 'carrier_last_name', 100),
            ('referral', 'carrier_email', 254), ('referral', 'carrier_phone', 40),
            ('staff', 'email', 254), ('staff', 'display_name', 200),
            -- names and titles
            ('operator', 'name', 200), ('programme', 'name', 200), ('cohort', 'name', 200), ('territory', 'name', 200),
            ('territory', 'code', 100), ('partner', 'name', 200), ('partner', 'contact', 254), ('funder', 'name', 200),
            ('funding', 'code', 100), ('funding', 'title', 200), ('session', 'title', 200), ('session', 'facilitator', 200),
            ('activity', 'name', 200), ('api_token', 'label', 200),
            -- reasons and notes
            ('journey_event', 'reason', 2000), ('referral', 'reason', 2000), ('referral', 'note', 2000),
            ('jury_decision', 'note', 2000), ('follow_up', 'note', 2000), ('cape_contract', 'end_reason', 2000)
        ) AS l (table_name, column_name, max_length)
    LOOP
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (length(%I) <= %s)',
                       limit_row.table_name, limit_row.table_name || '_' || limit_row.column_name || '_limit',
                       limit_row.column_name, limit_row.max_length);
    END LOOP;
    FOR limit_row IN
        SELECT * FROM (VALUES
            ('journey', 'opened_on'), ('journey_event', 'effective_on'), ('cohort', 'starts_on'), ('cape_period', 'starts_on'),
            ('referral', 'proposed_on'), ('jury_decision', 'decided_on'), ('follow_up', 'recorded_on'),
            ('carrier_profile', 'recorded_on'), ('carrier_profile', 'consent_on'), ('activity', 'created_on'),
            ('funding', 'starts_on')
        ) AS l (table_name, column_name)
    LOOP
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (%I >= DATE ''1900-01-01'')',
                       limit_row.table_name, limit_row.table_name || '_' || limit_row.column_name || '_limit',
                       limit_row.column_name);
    END LOOP;
END
$$;
ALTER TABLE session ADD CONSTRAINT session_starts_at_limit CHECK (starts_at >= TIMESTAMPTZ '1900-01-01 00:00:00+00');
