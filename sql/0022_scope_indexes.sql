-- The report scopes filter journeys by programme or cohort, and carriers by commune (a territory's
-- page). Without these indexes every programme and cohort page of a dashboard site read all
-- 218,000 journeys of the national network (auto_explain: 678 sequential scans of `journey` in
-- one operator's site of 27 pages, 25 s; with them 18.7 s, and 8.4 s with random_page_cost 1.1).
CREATE INDEX journey_programme_idx ON journey (programme_id);
CREATE INDEX journey_cohort_idx ON journey (cohort_id);
CREATE INDEX carrier_commune_idx ON carrier (commune_id);
