-- Each territory's ancestors, kept: what reports and scopes asked a recursive query for every
-- commune of every report (issue 26). And a commune's own département: INSEE gives every commune
-- one, while the tree's chain commune → EPCI → département put the 569 communes of the 89 EPCIs
-- that cross a border under the EPCI's seat (Chagny, Saône-et-Loire, counted in Côte-d'Or).

ALTER TABLE territory ADD COLUMN department_id bigint REFERENCES territory (id);
CREATE INDEX territory_department_idx ON territory (department_id);

-- One row per territory and each of its ancestors, itself included. `official`: reached by the
-- official tree (the parent chain, a commune's own département), not through an operator's
-- grouping (a Pays, a Parc, a local zone) — the official ones give a report's levels, each at most
-- once; the groupings are scopes a commune may belong to several of. Written only by
-- parcours_refresh_territory_ancestors (the triggers of territory and territory_member).
CREATE TABLE territory_ancestor (
    ancestor_id    bigint NOT NULL REFERENCES territory (id) ON DELETE CASCADE,
    territory_id   bigint NOT NULL REFERENCES territory (id) ON DELETE CASCADE,
    ancestor_kind  text NOT NULL,
    official       boolean NOT NULL,
    PRIMARY KEY (ancestor_id, territory_id)
);
CREATE INDEX territory_ancestor_of_idx ON territory_ancestor (territory_id, ancestor_kind);
GRANT SELECT ON territory_ancestor TO parcours_app;
