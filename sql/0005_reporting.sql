-- Funders, funding agreements and the building blocks of reports (DESIGN.md §5–6).
--
-- A report is computed from the history for a scope (operator, territory subtree, programme,
-- cohort, funding agreement) and a period; the functions below define the scope once, so every
-- report and export counts the same journeys and the same people.

-- MARK: funders and their agreements

CREATE TABLE funder (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL CHECK (btrim(name) <> ''),
    kind        text NOT NULL CHECK (kind IN ('esf_plus', 'leader_feader', 'region', 'state', 'department',
                                              'intercommunality', 'foundation', 'other')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT funder_name_key UNIQUE (name)
);

-- An agreement (convention) of one operator with one funder: its code, period, budget and share.
-- Which journeys it covers is decided by its programme / cohort / territory links and its dates
-- (see funding_journey).
CREATE TABLE funding (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    operator_id     bigint NOT NULL REFERENCES operator (id),
    funder_id       bigint NOT NULL REFERENCES funder (id),
    code            text NOT NULL CHECK (code ~ '^[0-9A-Za-z][0-9A-Za-z_./-]*$'),
    title           text NOT NULL CHECK (btrim(title) <> ''),
    starts_on       date NOT NULL,
    ends_on         date NOT NULL,
    budget          numeric(14, 2) CHECK (budget >= 0),
    -- The funder's share of the budget, in percent (ESF+ commonly 50).
    share_percent   numeric(5, 2) CHECK (share_percent > 0 AND share_percent <= 100),
    -- Whether the agreement requires participants' names in its exports (pseudonyms otherwise).
    names_required  boolean NOT NULL DEFAULT false,
    -- Salt of the pseudonymous participant ids: stable within the agreement, unlinkable across them.
    pseudonym_salt  text NOT NULL DEFAULT gen_random_uuid()::text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT funding_code_key UNIQUE (code),
    CONSTRAINT funding_operator_id_key UNIQUE (operator_id, id),
    CONSTRAINT funding_dates_ordered CHECK (ends_on >= starts_on)
);

CREATE TABLE funding_programme (
    operator_id   bigint NOT NULL,
    funding_id    bigint NOT NULL,
    programme_id  bigint NOT NULL,
    PRIMARY KEY (funding_id, programme_id),
    FOREIGN KEY (operator_id, funding_id) REFERENCES funding (operator_id, id),
    FOREIGN KEY (operator_id, programme_id) REFERENCES programme (operator_id, id)
);

CREATE TABLE funding_cohort (
    operator_id  bigint NOT NULL,
    funding_id   bigint NOT NULL,
    cohort_id    bigint NOT NULL,
    PRIMARY KEY (funding_id, cohort_id),
    FOREIGN KEY (operator_id, funding_id) REFERENCES funding (operator_id, id),
    FOREIGN KEY (operator_id, cohort_id) REFERENCES cohort (operator_id, id)
);

CREATE TABLE funding_territory (
    operator_id   bigint NOT NULL,
    funding_id    bigint NOT NULL,
    territory_id  bigint NOT NULL REFERENCES territory (id),
    PRIMARY KEY (funding_id, territory_id),
    FOREIGN KEY (operator_id, funding_id) REFERENCES funding (operator_id, id)
);

-- The situation at exit is a follow-up "after 0 months": the ESF+ exit indicator, when the
-- outcome alone does not say it (handed on, withdrawn).
ALTER TABLE follow_up DROP CONSTRAINT follow_up_after_months_check;
ALTER TABLE follow_up ADD CONSTRAINT follow_up_after_months_check CHECK (after_months BETWEEN 0 AND 60);

-- MARK: the territory tree, walked both ways

-- The territory and its ancestors, nearest first.
CREATE FUNCTION parcours_territory_lineage(of_territory bigint)
    RETURNS TABLE (id bigint, kind text, code text, name text)
    LANGUAGE sql STABLE AS $$
    WITH RECURSIVE up AS (
        SELECT t.id, t.parent_id, t.kind, t.code, t.name FROM territory AS t WHERE t.id = of_territory
        UNION ALL
        SELECT t.id, t.parent_id, t.kind, t.code, t.name FROM territory AS t JOIN up ON t.id = up.parent_id
    )
    SELECT up.id, up.kind, up.code, up.name FROM up
$$;

-- The territory and everything under it (a département: its EPCIs, Pays, Parcs and communes).
CREATE FUNCTION parcours_territory_subtree(root bigint) RETURNS SETOF bigint
    LANGUAGE sql STABLE AS $$
    WITH RECURSIVE down AS (
        SELECT t.id FROM territory AS t WHERE t.id = root
        UNION ALL
        SELECT t.id FROM territory AS t JOIN down ON t.parent_id = down.id
    )
    SELECT down.id FROM down
$$;

-- Which journeys an agreement covers: same operator, overlapping dates, one of its programmes or
-- cohorts (when it names any) and a carrier living in one of its territories (when it names any).
-- security_invoker: the reader's row-level security applies to every table read here.
CREATE VIEW funding_journey WITH (security_invoker = true) AS
SELECT f.id AS funding_id, j.id AS journey_id
FROM funding AS f
JOIN journey AS j
  ON j.operator_id = f.operator_id
 AND j.opened_on <= f.ends_on
 AND (j.closed_on IS NULL OR j.closed_on >= f.starts_on)
JOIN carrier AS c ON c.id = j.carrier_id
WHERE (
        (NOT EXISTS (SELECT FROM funding_programme AS fp WHERE fp.funding_id = f.id)
         AND NOT EXISTS (SELECT FROM funding_cohort AS fc WHERE fc.funding_id = f.id))
        OR EXISTS (SELECT FROM funding_programme AS fp WHERE fp.funding_id = f.id AND fp.programme_id = j.programme_id)
        OR EXISTS (SELECT FROM funding_cohort AS fc WHERE fc.funding_id = f.id AND fc.cohort_id = j.cohort_id)
      )
  AND (
        NOT EXISTS (SELECT FROM funding_territory AS ft WHERE ft.funding_id = f.id)
        OR EXISTS (SELECT FROM funding_territory AS ft
                   JOIN parcours_territory_lineage(c.commune_id) AS l ON l.id = ft.territory_id
                   WHERE ft.funding_id = f.id)
      );

-- MARK: the scope of a report

-- The journeys in a report's scope (any argument NULL: not restricted by it). A territory scope
-- means the carrier lives in the territory's subtree.
CREATE FUNCTION parcours_scope_journey(
    scope_operator bigint, scope_territory bigint, scope_programme bigint, scope_cohort bigint, scope_funding bigint)
    RETURNS TABLE (journey_id bigint, carrier_id bigint, operator_id bigint, programme_id bigint, cohort_id bigint,
                   opened_on date, closed_on date, phase text)
    LANGUAGE sql STABLE AS $$
    SELECT j.id, j.carrier_id, j.operator_id, j.programme_id, j.cohort_id, j.opened_on, j.closed_on, j.phase
    FROM journey AS j
    JOIN carrier AS c ON c.id = j.carrier_id
    WHERE (scope_operator IS NULL OR j.operator_id = scope_operator)
      AND (scope_programme IS NULL OR j.programme_id = scope_programme)
      AND (scope_cohort IS NULL OR j.cohort_id = scope_cohort)
      AND (scope_territory IS NULL OR c.commune_id IN (SELECT parcours_territory_subtree(scope_territory)))
      AND (scope_funding IS NULL
           OR j.id IN (SELECT fj.journey_id FROM funding_journey AS fj WHERE fj.funding_id = scope_funding))
$$;

-- Each person's last exit in [from_date, to_date] among the journeys in scope: what outcome
-- reports count, so a person who left twice counts once.
CREATE FUNCTION parcours_scope_exit(
    scope_operator bigint, scope_territory bigint, scope_programme bigint, scope_cohort bigint, scope_funding bigint,
    from_date date, to_date date)
    RETURNS TABLE (carrier_id bigint, journey_id bigint, outcome text, opened_on date, closed_on date)
    LANGUAGE sql STABLE AS $$
    SELECT DISTINCT ON (j.carrier_id) j.carrier_id, j.journey_id, j.phase, j.opened_on, j.closed_on
    FROM parcours_scope_journey(scope_operator, scope_territory, scope_programme, scope_cohort, scope_funding) AS j
    WHERE j.closed_on BETWEEN from_date AND to_date
    ORDER BY j.carrier_id, j.closed_on DESC, j.journey_id DESC
$$;

-- ESF+ age bands, at a date.
CREATE FUNCTION parcours_age_band(birth_date date, on_date date) RETURNS text
    LANGUAGE sql STABLE
    RETURN CASE
        WHEN birth_date IS NULL THEN 'unknown'
        WHEN extract(year FROM age(on_date, birth_date)) < 18 THEN 'under_18'
        WHEN extract(year FROM age(on_date, birth_date)) < 30 THEN '18_29'
        WHEN extract(year FROM age(on_date, birth_date)) < 55 THEN '30_54'
        ELSE '55_plus'
    END;

-- One row per person in scope, with what a report breaks down by. A person's entry is their
-- first journey in scope; their profile at entry is the one recorded last on or before that
-- day, else the first recorded after it. Each g_* column is NULL unless named in `breakdown`
-- (grouping by a constant NULL is free), so one GROUP BY serves every breakdown.
-- Territories are grouped at `territory_depth` (1 département, 2 EPCI/Pays/Parc, 3 commune).
CREATE FUNCTION parcours_scope_carrier(
    scope_operator bigint, scope_territory bigint, scope_programme bigint, scope_cohort bigint, scope_funding bigint,
    breakdown text[], territory_depth integer)
    RETURNS TABLE (carrier_id bigint, entry_on date,
                   g_operator text, g_territory text, g_gender text, g_age text, g_labour text, g_education text,
                   gender text, age_band text, labour_status text, education_level text, has_profile boolean,
                   consented boolean, disability boolean, third_country_national boolean,
                   foreign_background boolean, homeless boolean)
    LANGUAGE sql STABLE AS $$
    WITH entry AS (
        SELECT s.carrier_id, min(s.opened_on) AS entry_on
        FROM parcours_scope_journey(scope_operator, scope_territory, scope_programme, scope_cohort, scope_funding) AS s
        GROUP BY s.carrier_id
    )
    SELECT e.carrier_id, e.entry_on,
           CASE WHEN 'operator' = ANY (breakdown) THEN o.name END,
           CASE WHEN 'territory' = ANY (breakdown) THEN
               coalesce((SELECT l.name || ' (' || l.code || ')' FROM parcours_territory_lineage(c.commune_id) AS l
                         WHERE parcours_territory_depth(l.kind) = territory_depth), 'unknown')
           END,
           CASE WHEN 'gender' = ANY (breakdown) THEN coalesce(c.gender, 'unknown') END,
           CASE WHEN 'age' = ANY (breakdown) THEN parcours_age_band(c.birth_date, e.entry_on) END,
           CASE WHEN 'labour' = ANY (breakdown) THEN coalesce(p.labour_status, 'unknown') END,
           CASE WHEN 'education' = ANY (breakdown) THEN coalesce(p.education_level, 'unknown') END,
           coalesce(c.gender, 'unknown'), parcours_age_band(c.birth_date, e.entry_on),
           coalesce(p.labour_status, 'unknown'), coalesce(p.education_level, 'unknown'), p.id IS NOT NULL,
           p.consent_on IS NOT NULL, p.disability, p.third_country_national, p.foreign_background, p.homeless
    FROM entry AS e
    JOIN carrier AS c ON c.id = e.carrier_id
    JOIN operator AS o ON o.id = c.operator_id
    LEFT JOIN LATERAL (
        SELECT cp.id, cp.labour_status, cp.education_level, cp.consent_on, cp.disability,
               cp.third_country_national, cp.foreign_background, cp.homeless
        FROM carrier_profile AS cp
        WHERE cp.carrier_id = c.id
        ORDER BY cp.recorded_on > e.entry_on, abs(cp.recorded_on - e.entry_on), cp.id DESC
        LIMIT 1
    ) AS p ON true
$$;

-- MARK: row-level security

ALTER TABLE funder ENABLE ROW LEVEL SECURITY;
ALTER TABLE funder FORCE ROW LEVEL SECURITY;
CREATE POLICY funder_read ON funder FOR SELECT TO parcours_app USING ((SELECT parcours_current_role()) IS NOT NULL);
-- Like the partner directory: shared, added to by any operator's staff, edited by the administrator.
CREATE POLICY funder_add ON funder FOR INSERT TO parcours_app
    WITH CHECK ((SELECT parcours_current_operator()) IS NOT NULL OR (SELECT parcours_writes_all()));
CREATE POLICY funder_edit ON funder FOR UPDATE TO parcours_app
    USING ((SELECT parcours_writes_all())) WITH CHECK ((SELECT parcours_writes_all()));

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['funding', 'funding_programme', 'funding_cohort', 'funding_territory'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO parcours_app USING (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_reads_all()))', t || '_read', t);
        EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO parcours_app USING (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_writes_all())) WITH CHECK (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_writes_all()))', t || '_write', t);
    END LOOP;
END
$$;

GRANT SELECT, INSERT, UPDATE ON funder, funding TO parcours_app;
GRANT SELECT, INSERT, DELETE ON funding_programme, funding_cohort, funding_territory TO parcours_app;
GRANT SELECT ON funding_journey TO parcours_app;
