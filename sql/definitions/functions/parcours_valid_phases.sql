-- A programme's phases: at least one, all known, strictly in the pathway's order.
CREATE OR REPLACE FUNCTION parcours_valid_phases(phases text[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN cardinality(phases) > 0
        AND NOT EXISTS (
            SELECT
            FROM unnest(phases) WITH ORDINALITY AS p (phase, n)
            WHERE parcours_phase_rank(p.phase) IS NULL
               OR (p.n > 1 AND parcours_phase_rank(p.phase) <= parcours_phase_rank(phases[p.n - 1]))
        );
