-- France's territories in every database: régions, départements, EPCI and communes from the COG
-- 2026 of INSEE and the 2025 EPCI membership of the DGCL (sql/reference/, Licence Ouverte), loaded
-- by COPY into `france_reference` then `parcours_load_france()`, at the first migration and by
-- `parcours territory load-france`. Operators add only their own groupings (Pays, Parcs, local
-- zones), which now group communes and EPCIs rather than own them.

-- MARK: codes

-- A région's INSEE code collides with a département's (52: Pays de la Loire and Haute-Marne):
-- régions take the prefix R. Territories created before this migration follow.
UPDATE territory SET code = 'R' || code WHERE kind = 'region' AND code ~ '^[0-9]{2}$';

ALTER TABLE territory DROP COLUMN insee_code;
ALTER TABLE territory ADD COLUMN insee_code text GENERATED ALWAYS AS (
    CASE WHEN kind = 'region' AND code ~ '^R[0-9]{2}$' THEN substr(code, 2)
         WHEN kind IN ('department', 'commune') THEN code END
) STORED;

-- Rows of the official reference: `territory load-france` updates them; the others are the operators'.
ALTER TABLE territory ADD COLUMN official boolean NOT NULL DEFAULT false;

-- A place name as people type it: no case, accents, hyphens, apostrophes or spaces
-- ("Saint-Pierre-d'Albigny" = "saint pierre d albigny").
CREATE FUNCTION parcours_place_key(name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN regexp_replace(
        translate(lower(name), 'àáâãäåçèéêëìíîïñòóôõöùúûüýÿœæ', 'aaaaaaceeeeiiiinooooouuuuyyoa'),
        '[^a-z0-9]', '', 'g');

CREATE INDEX territory_place_key_idx ON territory (parcours_place_key(name));
CREATE INDEX territory_kind_idx ON territory (kind);

-- A code that no longer names a commune (merged, associated or delegated communes, Paris, Lyon and
-- Marseille's arrondissements) resolves to the commune it now belongs to.
CREATE TABLE territory_former_code (
    code         text PRIMARY KEY,
    commune_id   bigint NOT NULL REFERENCES territory (id) ON DELETE CASCADE
);
CREATE INDEX territory_former_code_commune_idx ON territory_former_code (commune_id);

-- MARK: groupings

-- An operator's Pays, Parc or local zone groups communes and EPCIs of the official tree, whose
-- parents stay their EPCI and département. A local EPCI made before this migration keeps its communes.
CREATE TABLE territory_member (
    grouping_id  bigint NOT NULL REFERENCES territory (id) ON DELETE CASCADE,
    member_id    bigint NOT NULL REFERENCES territory (id) ON DELETE CASCADE,
    PRIMARY KEY (grouping_id, member_id)
);
CREATE INDEX territory_member_member_idx ON territory_member (member_id);

CREATE FUNCTION territory_member_check() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    grouping_kind text;
    member_kind text;
BEGIN
    SELECT kind INTO grouping_kind FROM territory WHERE id = NEW.grouping_id;
    SELECT kind INTO member_kind FROM territory WHERE id = NEW.member_id;
    -- Only Pays, Parcs and EPCIs group, only EPCIs and communes are grouped, an EPCI only communes:
    -- no cycle can form.
    IF grouping_kind NOT IN ('pays', 'park', 'epci') OR member_kind NOT IN ('epci', 'commune')
       OR (grouping_kind = 'epci' AND member_kind <> 'commune') THEN
        RAISE EXCEPTION 'a % cannot group a %', grouping_kind, member_kind
            USING ERRCODE = 'PA001', DETAIL = 'territory_grouping_kind';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER territory_member_check BEFORE INSERT OR UPDATE ON territory_member
    FOR EACH ROW EXECUTE FUNCTION territory_member_check();

-- Communes that an operator's grouping owned as children become its members, before the official
-- tree takes them over.
INSERT INTO territory_member (grouping_id, member_id)
SELECT t.parent_id, t.id
FROM territory AS t JOIN territory AS p ON p.id = t.parent_id
WHERE t.kind = 'commune' AND p.kind IN ('pays', 'park', 'epci');

-- The territory and everything under it: its children's subtrees and its members' (a Pays: the
-- communes it groups, and those of the EPCIs it groups).
CREATE OR REPLACE FUNCTION parcours_territory_subtree(root bigint) RETURNS SETOF bigint
    LANGUAGE sql STABLE AS $$
    WITH RECURSIVE down AS (
        SELECT t.id FROM territory AS t WHERE t.id = root
        UNION
        SELECT next.id FROM down CROSS JOIN LATERAL (
            SELECT t.id FROM territory AS t WHERE t.parent_id = down.id
            UNION ALL
            SELECT m.member_id FROM territory_member AS m WHERE m.grouping_id = down.id
        ) AS next
    )
    SELECT down.id FROM down
$$;

-- Every territory a place belongs to: its lineage, and the groupings of each step with theirs.
CREATE FUNCTION parcours_territory_containers(of_territory bigint) RETURNS SETOF bigint
    LANGUAGE sql STABLE AS $$
    WITH RECURSIVE up AS (
        SELECT t.id FROM territory AS t WHERE t.id = of_territory
        UNION
        SELECT next.id FROM up CROSS JOIN LATERAL (
            SELECT t.parent_id AS id FROM territory AS t WHERE t.id = up.id AND t.parent_id IS NOT NULL
            UNION ALL
            SELECT m.grouping_id FROM territory_member AS m WHERE m.member_id = up.id
        ) AS next
    )
    SELECT up.id FROM up
$$;

-- An agreement on a Pays covers the people living in the communes it groups.
CREATE OR REPLACE VIEW funding_journey WITH (security_invoker = true) AS
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
                   WHERE ft.funding_id = f.id AND ft.territory_id IN (SELECT parcours_territory_containers(c.commune_id)))
      );

-- MARK: loading the reference

-- Which reference files were loaded, so that the migration loads a new one once.
CREATE TABLE territory_reference (
    file        text NOT NULL,
    checksum    text PRIMARY KEY,
    loaded_at   timestamptz NOT NULL DEFAULT now(),
    created     integer NOT NULL,
    updated     integer NOT NULL
);

-- The staging table the reference is copied into, for this transaction only.
CREATE FUNCTION parcours_france_staging() RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    CREATE TEMPORARY TABLE IF NOT EXISTS france_reference (
        kind text NOT NULL, code text NOT NULL, name text NOT NULL, parent_code text
    ) ON COMMIT DROP;
    TRUNCATE france_reference;
END
$$;

-- Upserts the staged reference into the tree (by code), resolves former codes, and records the
-- load. Runs with the caller's rights: the owner at migration, the administrator otherwise (only
-- they write territories). Operators' groupings and their memberships are left as they are.
CREATE FUNCTION parcours_load_france(reference_file text, reference_checksum text)
    RETURNS TABLE (created integer, updated integer)
    LANGUAGE plpgsql AS $$
DECLARE
    created_count integer;
    updated_count integer;
BEGIN
    WITH upserted AS (
        INSERT INTO territory (code, name, kind, official)
        SELECT r.code, r.name, r.kind, true FROM france_reference AS r WHERE r.kind <> 'former'
        ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, official = true
            WHERE (territory.name, territory.kind, territory.official) IS DISTINCT FROM (excluded.name, excluded.kind, true)
        RETURNING (xmax = 0) AS inserted
    )
    SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) INTO created_count, updated_count FROM upserted;

    -- An official commune an operator's grouping owned stays in it, as a member.
    INSERT INTO territory_member (grouping_id, member_id)
    SELECT t.parent_id, t.id
    FROM france_reference AS r
    JOIN territory AS t ON t.code = r.code
    JOIN territory AS p ON p.id = t.parent_id
    WHERE r.kind = 'commune' AND NOT p.official AND p.kind IN ('pays', 'park', 'epci')
    ON CONFLICT DO NOTHING;

    -- Parents by code: every node exists by now (parents first is not needed).
    UPDATE territory AS t SET parent_id = p.id
    FROM france_reference AS r JOIN territory AS p ON p.code = r.parent_code
    WHERE t.code = r.code AND r.kind <> 'former' AND t.parent_id IS DISTINCT FROM p.id;

    INSERT INTO territory_former_code (code, commune_id)
    SELECT r.code, t.id FROM france_reference AS r JOIN territory AS t ON t.code = r.parent_code
    WHERE r.kind = 'former'
    ON CONFLICT (code) DO UPDATE SET commune_id = excluded.commune_id;

    INSERT INTO territory_reference (file, checksum, created, updated)
    VALUES (reference_file, reference_checksum, created_count, updated_count)
    ON CONFLICT (checksum) DO UPDATE SET loaded_at = now(), created = excluded.created, updated = excluded.updated;
    RETURN QUERY SELECT created_count, updated_count;
END
$$;

-- MARK: who may read and write

-- Shared reference data: every identified staff member reads it, the administrator writes it,
-- the owner (migrations, backups) reads and writes all of it. 0015 uses it too.
CREATE FUNCTION parcours_share_reference_table(t regclass) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %s FOR SELECT TO parcours_app USING ((SELECT parcours_current_role()) IS NOT NULL)',
                   t::text || '_read', t);
    EXECUTE format('CREATE POLICY %I ON %s FOR ALL TO parcours_app USING ((SELECT parcours_writes_all())) '
                   'WITH CHECK ((SELECT parcours_writes_all()))', t::text || '_write', t);
    EXECUTE format('CREATE POLICY %I ON %s FOR ALL TO pg_database_owner USING (true) WITH CHECK (true)', t::text || '_owner', t);
END
$$;
REVOKE ALL ON FUNCTION parcours_share_reference_table(regclass) FROM PUBLIC;

SELECT parcours_share_reference_table(t) FROM unnest(ARRAY['territory_former_code', 'territory_member', 'territory_reference']::regclass[]) AS t;

GRANT SELECT, INSERT, UPDATE, DELETE ON territory_former_code, territory_member TO parcours_app;
GRANT SELECT, INSERT, UPDATE ON territory_reference TO parcours_app;
GRANT EXECUTE ON FUNCTION parcours_place_key(text), parcours_territory_containers(bigint),
    parcours_france_staging(), parcours_load_france(text, text) TO parcours_app;
