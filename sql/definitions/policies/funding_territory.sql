-- Row-level security on funding_territory: who reads and writes which rows.
ALTER TABLE funding_territory ENABLE ROW LEVEL SECURITY;
ALTER TABLE funding_territory FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS funding_territory_funder_read ON funding_territory;
CREATE POLICY funding_territory_funder_read ON funding_territory FOR SELECT TO parcours_app
    USING ((((SELECT parcours_current_role()) = 'funder'::text) AND parcours_funder_covers_operator(operator_id)));

DROP POLICY IF EXISTS funding_territory_owner ON funding_territory;
CREATE POLICY funding_territory_owner ON funding_territory FOR ALL TO pg_database_owner
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS funding_territory_read ON funding_territory;
CREATE POLICY funding_territory_read ON funding_territory FOR SELECT TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_reads_all())));

DROP POLICY IF EXISTS funding_territory_write ON funding_territory;
CREATE POLICY funding_territory_write ON funding_territory FOR ALL TO parcours_app
    USING (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())))
    WITH CHECK (((operator_id = (SELECT parcours_current_operator())) OR (SELECT parcours_writes_all())));
