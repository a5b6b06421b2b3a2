-- Statistics for a table a bulk path just wrote many rows to (its share of the table past
-- autovacuum's own threshold, or a table never analysed). Until autovacuum's next round (a minute
-- or more) the planner would otherwise plan reports and reads on the table as it was: a site built
-- right after `journey import` or `bench generate` took minutes, a single read hashed every carrier.
-- Only the schema's owner may ANALYZE: this function does it for the logins, for the tables of the
-- bulk paths only, each named by its own statement. Called after the import committed (its own
-- short transaction: ANALYZE's lock would otherwise queue concurrent imports until the commit).
CREATE OR REPLACE FUNCTION parcours_refresh_statistics(relation text, rows_written bigint) RETURNS boolean
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    known real;
BEGIN
    SELECT c.reltuples INTO known FROM pg_catalog.pg_class AS c
    WHERE c.relname = relation AND c.relnamespace = 'public'::regnamespace AND c.relkind = 'r';
    -- -1: never analysed. Else autovacuum's rule, 50 rows and a tenth of the table — or 1,000 rows
    -- whatever its size: an operator's first import into a national table is 2 % of it, and until
    -- analysed its rows are unknown to the planner, which then finds each of them by a scan of the
    -- operator's (an attendance file's journeys: 26,000 lines × 4,000 people, 30 s instead of 0.3).
    IF known IS NULL OR (known >= 0 AND rows_written < least(1000, 50 + 0.1 * known)) THEN
        RETURN false;
    END IF;
    CASE relation
        WHEN 'carrier' THEN ANALYZE public.carrier;
        WHEN 'carrier_profile' THEN ANALYZE public.carrier_profile;
        WHEN 'journey' THEN ANALYZE public.journey;
        WHEN 'journey_event' THEN ANALYZE public.journey_event;
        WHEN 'cape_contract' THEN ANALYZE public.cape_contract;
        WHEN 'cape_period' THEN ANALYZE public.cape_period;
        WHEN 'jury_decision' THEN ANALYZE public.jury_decision;
        WHEN 'referral' THEN ANALYZE public.referral;
        WHEN 'activity' THEN ANALYZE public.activity;
        WHEN 'session' THEN ANALYZE public.session;
        WHEN 'attendance' THEN ANALYZE public.attendance;
        WHEN 'audit_event' THEN ANALYZE public.audit_event;
        ELSE RETURN false;
    END CASE;
    RETURN true;
END
$$;
REVOKE ALL ON FUNCTION parcours_refresh_statistics(text, bigint) FROM PUBLIC, parcours_app;
GRANT EXECUTE ON FUNCTION parcours_refresh_statistics(text, bigint) TO parcours_app;
