-- The réunion d'information: the collective meeting where an operator presents its pathway to
-- people who are thinking of joining, often before they are admitted. A session kind of its own, so
-- that a coordinator records it as what it is rather than as a workshop.
ALTER TABLE session DROP CONSTRAINT session_kind_check,
    ADD CONSTRAINT session_kind_check CHECK (kind IN ('information', 'workshop', 'module', 'appointment', 'visit', 'pitch'));
