-- The report readers plan every query for the scope they are given, and never JIT-compile it.
--
-- Measured on a generated network (4 operators, 24,000 carriers; BENCHMARKS.md), one territory's
-- dashboard page took 16 s where its reports, run one by one from the command line, took < 1 s each:
--
-- 1. JIT. Row-level security puts the funder's branch of every policy (a sub-plan over funding
--    agreements, never executed for other roles) into each plan, which lifts the estimated cost of
--    a report query past jit_inline_above_cost and jit_optimize_above_cost: each execution then
--    compiled 150–350 functions with LLVM optimisation, 2–5 s, for a query that runs in 60–190 ms
--    (auto_explain). Without JIT the page takes 3.3 s.
-- 2. Generic plans. PL/pgSQL keeps each RETURN QUERY's plan for the session; after five runs
--    PostgreSQL may switch to a generic plan, in which `scope_operator IS NULL OR j.operator_id =
--    scope_operator` cannot be folded away, so a site built over one connection got slower page by
--    page. A custom plan per call costs a few milliseconds of planning and keeps each scope's
--    indexes in use.
--
-- Both are settings of the functions, so they travel with the schema to any server, and nothing
-- else (the API's short queries, the imports) changes.
ALTER FUNCTION parcours_report_rows(text, bigint, bigint, bigint, bigint, bigint, text[], integer, date, date)
    SET jit = off SET plan_cache_mode = force_custom_plan;
ALTER FUNCTION parcours_intake_rows(bigint, bigint, bigint, bigint, bigint, text[], integer, date, date)
    SET jit = off SET plan_cache_mode = force_custom_plan;
ALTER FUNCTION parcours_participant_rows(bigint, date, date)
    SET jit = off SET plan_cache_mode = force_custom_plan;
