-- Intake before the journey: who sent the person (the prescriber), the information session, the
-- diagnostic, then admission (a carrier and a journey, keeping the intake's dates) or a decline
-- with its reason (and the partner the person was redirected to). Networks and funders count the
-- funnel from the first contact: first contacts → admitted → in a pathway → activity created.

CREATE FUNCTION parcours_is_prescriber(code text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN code IN ('france_travail', 'mission_locale', 'caf', 'siae', 'cap_emploi', 'elu', 'reseau', 'bouche_a_oreille', 'other');

-- Who sent a carrier (kept from their intake, or given when they are added).
ALTER TABLE carrier ADD COLUMN prescriber text CHECK (parcours_is_prescriber(prescriber));

CREATE TABLE intake (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    operator_id     bigint NOT NULL REFERENCES operator (id),
    first_name      text NOT NULL CHECK (btrim(first_name) <> '' AND length(first_name) <= 100),
    last_name       text CHECK (length(last_name) <= 100),
    email           text CHECK (length(email) <= 254),
    phone           text CHECK (length(phone) <= 40),
    commune_id      bigint REFERENCES territory (id),
    prescriber      text NOT NULL CHECK (parcours_is_prescriber(prescriber)),
    contacted_on    date NOT NULL,
    info_session_on date,
    diagnostic_on   date,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'admitted', 'declined')),
    decided_on      date,
    decline_reason  text CHECK (decline_reason IN ('not_eligible', 'redirected', 'withdrew', 'no_answer', 'other')),
    redirected_to   bigint REFERENCES partner (id),
    carrier_id      bigint REFERENCES carrier (id),
    journey_id      bigint REFERENCES journey (id),
    note            text CHECK (length(note) <= 2000),
    staff_id        bigint NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT intake_dates CHECK (
        (info_session_on IS NULL OR info_session_on >= contacted_on)
        AND (diagnostic_on IS NULL OR diagnostic_on >= contacted_on)
        AND (decided_on IS NULL OR decided_on >= contacted_on)),
    CONSTRAINT intake_decision CHECK (
        (status = 'pending' AND decided_on IS NULL AND decline_reason IS NULL AND journey_id IS NULL AND redirected_to IS NULL)
        OR (status = 'admitted' AND decided_on IS NOT NULL AND journey_id IS NOT NULL AND carrier_id IS NOT NULL AND decline_reason IS NULL)
        OR (status = 'declined' AND decided_on IS NOT NULL AND decline_reason IS NOT NULL AND journey_id IS NULL
            AND (redirected_to IS NULL OR decline_reason = 'redirected')))
);
CREATE INDEX intake_operator_idx ON intake (operator_id, contacted_on);
CREATE INDEX intake_carrier_idx ON intake (carrier_id);

-- A decision is final: an admitted or declined intake changes no more (a new contact is a new intake).
CREATE FUNCTION intake_decided_is_final() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status <> 'pending' AND NOT pg_has_role(current_user, 'pg_database_owner', 'MEMBER') THEN
        RAISE EXCEPTION 'intake % was already decided', OLD.id USING ERRCODE = 'PA001', DETAIL = 'intake_decided';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER intake_decided_is_final BEFORE UPDATE ON intake
    FOR EACH ROW EXECUTE FUNCTION intake_decided_is_final();

-- An erased carrier's intake (0012) keeps its dates and prescriber for the counts, not the person.
-- NB: runs inside parcours_erase_carrier, as the schema's owner, whom the finality rule lets through.
CREATE FUNCTION intake_carrier_erased() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE intake SET first_name = parcours_erased(), last_name = parcours_erased(), email = NULL, phone = NULL,
        note = CASE WHEN note IS NOT NULL THEN parcours_erased() END
    WHERE carrier_id = NEW.id;
    RETURN NEW;
END
$$;
CREATE TRIGGER intake_carrier_erased AFTER UPDATE OF first_name ON carrier
    FOR EACH ROW WHEN (NEW.first_name = parcours_erased() AND OLD.first_name IS DISTINCT FROM NEW.first_name)
    EXECUTE FUNCTION intake_carrier_erased();

ALTER TABLE intake ENABLE ROW LEVEL SECURITY;
ALTER TABLE intake FORCE ROW LEVEL SECURITY;
CREATE POLICY intake_read ON intake FOR SELECT TO parcours_app
    USING (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_reads_all()));
CREATE POLICY intake_write ON intake FOR ALL TO parcours_app
    USING (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_writes_all()))
    WITH CHECK (operator_id = (SELECT parcours_current_operator()) OR (SELECT parcours_writes_all()));
CREATE POLICY intake_owner ON intake FOR ALL TO pg_database_owner USING (true) WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE ON intake TO parcours_app;

-- MARK: the intake report

-- The intakes a report may count for the acting staff member: everything for the network and the
-- administrator, the operator's for its staff; none for a funder (its agreements cover journeys).
-- A programme, cohort or agreement scope keeps the intakes admitted into a journey it covers.
CREATE FUNCTION parcours_scope_intake(
    scope_operator bigint, scope_territory bigint, scope_programme bigint, scope_cohort bigint, scope_funding bigint,
    breakdown text[], territory_depth integer)
    RETURNS TABLE (intake_id bigint, g_operator text, g_territory text, g_prescriber text)
    LANGUAGE sql STABLE AS $$
    SELECT i.id,
           CASE WHEN 'operator' = ANY (breakdown) THEN o.name END,
           CASE WHEN 'territory' = ANY (breakdown) THEN
               coalesce((SELECT l.name || ' (' || l.code || ')' FROM parcours_territory_lineage(i.commune_id) AS l
                         WHERE parcours_territory_depth(l.kind) = territory_depth), 'unknown')
           END,
           CASE WHEN 'prescriber' = ANY (breakdown) THEN i.prescriber END
    FROM intake AS i
    JOIN operator AS o ON o.id = i.operator_id
    WHERE (parcours_current_role() IN ('admin', 'network')
           OR (parcours_current_role() IN ('coordinator', 'counsellor') AND i.operator_id = parcours_current_operator()))
      AND (scope_operator IS NULL OR i.operator_id = scope_operator)
      AND (scope_territory IS NULL OR i.commune_id IN (SELECT parcours_territory_subtree(scope_territory)))
      AND (scope_programme IS NULL AND scope_cohort IS NULL AND scope_funding IS NULL
           OR i.journey_id IN (SELECT s.journey_id FROM parcours_scope_journey(NULL, NULL, scope_programme, scope_cohort, scope_funding) AS s))
$$;
REVOKE ALL ON FUNCTION parcours_scope_intake(bigint, bigint, bigint, bigint, bigint, text[], integer) FROM PUBLIC;

-- The intake report's rows, laid out as every report's (Store+Reports.swift) with the prescriber
-- in the third breakdown column: the first contacts of the period, what became of them, the
-- reasons for not admitting, to whom people were redirected, and the prescriber mix.
CREATE FUNCTION parcours_intake_rows(
    scope_operator bigint, scope_territory bigint, scope_programme bigint, scope_cohort bigint,
    scope_funding bigint, breakdown text[], territory_depth integer, from_date date, to_date date)
    RETURNS SETOF text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
BEGIN
    IF parcours_current_role() IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY SELECT parcours_row_cells(row_to_json(q)) FROM (
        WITH contact AS (
            SELECT s.*, i.* FROM parcours_scope_intake(scope_operator, scope_territory, scope_programme, scope_cohort,
                                                       scope_funding, breakdown, territory_depth) AS s
            JOIN intake AS i ON i.id = s.intake_id
            WHERE i.contacted_on BETWEEN from_date AND to_date
        )
        SELECT 'intake' AS section, c.g_operator, c.g_territory, c.g_prescriber, NULL::text AS g4, NULL::text AS g5, NULL::text AS g6,
               GROUPING(c.g_operator, c.g_territory, c.g_prescriber) <> 0 AS is_total,
               -- every value as text: the sections share the columns
               count(*)::text AS v1, count(c.info_session_on)::text AS v2, count(c.diagnostic_on)::text AS v3,
               (count(*) FILTER (WHERE c.status = 'admitted'))::text AS v4,
               (count(*) FILTER (WHERE c.status = 'declined'))::text AS v5,
               (count(*) FILTER (WHERE c.status = 'pending'))::text AS v6,
               (count(*) FILTER (WHERE j.phase = 'activity_created'))::text AS v7,
               round(100.0 * count(*) FILTER (WHERE c.status = 'admitted') / nullif(count(*), 0), 1)::text AS v8,
               round((percentile_cont(0.5) WITHIN GROUP (ORDER BY c.decided_on - c.contacted_on)
                      FILTER (WHERE c.status = 'admitted'))::numeric, 1)::text AS v9
        FROM contact AS c
        LEFT JOIN journey AS j ON j.id = c.journey_id
        GROUP BY GROUPING SETS ((c.g_operator, c.g_territory, c.g_prescriber), ())
        UNION ALL
        SELECT 'declines', c.g_operator, c.g_territory, c.g_prescriber, NULL, NULL, NULL,
               GROUPING(c.g_operator, c.g_territory, c.g_prescriber) <> 0,
               c.decline_reason, count(*)::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL
        FROM contact AS c WHERE c.status = 'declined'
        GROUP BY GROUPING SETS ((c.g_operator, c.g_territory, c.g_prescriber, c.decline_reason), (c.decline_reason))
        UNION ALL
        SELECT 'redirections', c.g_operator, c.g_territory, c.g_prescriber, NULL, NULL, NULL,
               GROUPING(c.g_operator, c.g_territory, c.g_prescriber) <> 0,
               pa.name, count(*)::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL
        FROM contact AS c JOIN partner AS pa ON pa.id = c.redirected_to
        GROUP BY GROUPING SETS ((c.g_operator, c.g_territory, c.g_prescriber, pa.name), (pa.name))
        UNION ALL
        -- the prescriber mix is itself the breakdown by prescriber: within operator and territory only
        SELECT 'prescribers', c.g_operator, c.g_territory, NULL, NULL, NULL, NULL,
               GROUPING(c.g_operator, c.g_territory) <> 0,
               c.prescriber, count(*)::text, (count(*) FILTER (WHERE c.status = 'admitted'))::text,
               round(100.0 * count(*) / nullif(sum(count(*)) OVER (PARTITION BY GROUPING(c.g_operator, c.g_territory),
                                                                                c.g_operator, c.g_territory), 0), 1)::text,
               NULL, NULL, NULL, NULL, NULL
        FROM contact AS c
        GROUP BY GROUPING SETS ((c.g_operator, c.g_territory, c.prescriber), (c.prescriber))
        ORDER BY 1, 8, 2, 3, 4, 9
    ) AS q;
END
$fn$;
REVOKE ALL ON FUNCTION parcours_intake_rows(bigint, bigint, bigint, bigint, bigint, text[], integer, date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION parcours_intake_rows(bigint, bigint, bigint, bigint, bigint, text[], integer, date, date) TO parcours_app;
