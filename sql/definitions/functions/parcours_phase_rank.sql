-- Position of a phase in the pathway; NULL for anything else.
CREATE OR REPLACE FUNCTION parcours_phase_rank(phase text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN array_position(ARRAY['idea', 'workshops', 'modules', 'incubation', 'pitch', 'orientation'], phase);
