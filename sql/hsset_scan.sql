-- The HS Set Range Scan (src/hsset_scan.c): hscode <@ hsset as one btree
-- range scan per key range of the set.  Every set shape (NULL, empty, one
-- member, nested exclusions, thousands of members, the CHPL) in every query
-- shape (constant, stable call, run-time subquery, prepared statement, join
-- with a table of sets, index-only and heap rows, parallel plans) must give
-- the seq scan's answer, on the fresh index and after inserts, updates,
-- deletes and VACUUM.  Then the planner's choices and EXPLAIN's ranges.
CREATE EXTENSION IF NOT EXISTS trade_screen;
CREATE SCHEMA hsset_scan_test;
SET search_path = hsset_scan_test, public;

-- every HS2022 code, national lines under the subheadings, duplicates, NULLs
CREATE TABLE decl (id serial PRIMARY KEY, hs hscode, amount int);
-- no autovacuum: a vacuum or analyze of its own, run whenever the machine's
-- load lets it, would change the statistics and visibility the plans read
ALTER TABLE decl SET (autovacuum_enabled = off);
INSERT INTO decl (hs)
SELECT n.code FROM hs_nomenclature n WHERE n.edition = 'HS2022';
INSERT INTO decl (hs)
SELECT (n.code::text || lpad((g % 100)::text, 2, '0') || CASE WHEN g % 3 = 0 THEN '00' ELSE '' END)::hscode
  FROM hs_nomenclature n, generate_series(1, 4) g
 WHERE n.edition = 'HS2022' AND hs_ndigits(n.code) = 6;
INSERT INTO decl (hs) SELECT '8542310000' FROM generate_series(1, 300);
INSERT INTO decl (hs) SELECT NULL FROM generate_series(1, 50);
UPDATE decl SET amount = id % 97;
-- statistics from every row, so that estimates and plans are stable
ALTER TABLE decl ALTER hs SET STATISTICS 1000;
CREATE INDEX decl_hs ON decl (hs);
VACUUM ANALYZE decl;

-- the sets
CREATE TABLE sets (name text PRIMARY KEY, codes hsset);
INSERT INTO sets VALUES
    ('null', NULL),
    ('empty', '{}'),
    ('one member', '{8542}'),
    ('one national line', '{8542310000}'),
    ('nested exclusions', '{85,!8542,854231,!85423100,8471,!847130,84713000}'),
    ('exclusion at the start', '{8542,!854210}'),
    ('scattered', '{01,0302,030211,2710,8471,8542,!854290,9706}'),
    ('chpl', watchlist('CHPL')),
    ('chpl tiers 1 and 2', watchlist('CHPL', ARRAY['1', '2']));
-- thousands of members: every third subheading, every seventh excluded heading's subheading
INSERT INTO sets
SELECT 'thousands', hsset(array_agg(code) FILTER (WHERE k % 3 = 0),
                          array_agg(code) FILTER (WHERE k % 3 = 1 AND k % 7 = 0))
  FROM (SELECT code, row_number() OVER (ORDER BY code) AS k
          FROM hs_nomenclature WHERE edition = 'HS2022' AND hs_ndigits(code) = 6) s;
SELECT name, cardinality(hsset_members(codes)) AS members,
       cardinality(hsset_exclusions(codes)) AS exclusions
  FROM sets ORDER BY name COLLATE "C";

CREATE TABLE results (method text, name text, n bigint, checksum numeric, ranged boolean,
                      parallel_aware boolean);
-- do the answers of every method agree with the seq scan?
CREATE FUNCTION disagreements() RETURNS TABLE (method text, name text, n bigint, seq_n bigint)
LANGUAGE sql AS $$
    SELECT r.method, r.name, r.n, s.n FROM results r JOIN results s USING (name)
     WHERE s.method = 'seq' AND r.method <> 'seq'
       AND (r.n, r.checksum) IS DISTINCT FROM (s.n, s.checksum)
     ORDER BY r.method COLLATE "C", r.name COLLATE "C"
$$;
-- force a scan kind for the rest of the transaction: 'seq' or 'range'
CREATE FUNCTION force(kind text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('enable_seqscan', (kind = 'seq')::text, true);
    PERFORM set_config('enable_bitmapscan', 'off', true);
    PERFORM set_config('enable_indexscan', (kind = 'range')::text, true);
    PERFORM set_config('enable_indexonlyscan', (kind = 'range')::text, true);
    PERFORM set_config('trade_screen.enable_rangescan', (kind = 'range')::text, true);
    PERFORM set_config('plan_cache_mode', 'force_generic_plan', true);
END $$;
-- the plan of a query, one line per row
CREATE FUNCTION plan_of(kind text, query text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    PERFORM force(kind);
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        RETURN NEXT line;
    END LOOP;
END $$;
-- run query (with %s for the set) for each set; record the method and
-- whether the range scan ran (plan checked with EXPLAIN).  The query runs
-- alone through EXECUTE, so that it may run in parallel (a query inside
-- INSERT may not), and is planned anew each time (a static query in a
-- PL/pgSQL function would keep its first plan, whatever the settings).
CREATE FUNCTION run(method text, kind text, query text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    s record;
    plan text;
    q text;
    n bigint;
    checksum numeric;
BEGIN
    PERFORM force(kind);
    FOR s IN SELECT * FROM sets ORDER BY name LOOP
        q := format(query, quote_nullable(s.codes::text) || '::hsset', s.name);
        SELECT string_agg(p, E'\n') INTO plan FROM plan_of(kind, q) p;
        EXECUTE q INTO n, checksum;
        INSERT INTO results VALUES (method, s.name, n, checksum, plan LIKE '%HS Set Range Scan%',
                                    plan LIKE '%Parallel Custom Scan (HS Set Range Scan)%');
    END LOOP;
END $$;
CREATE FUNCTION run_all(suffix text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM results;
    -- index-only: count and checksum of the codes
    PERFORM run('seq', 'seq',
        'SELECT count(*), coalesce(sum(hs_ndigits(hs)::numeric * length(hs::text)), 0) FROM decl WHERE hs <@ %s');
    PERFORM run('constant' || suffix, 'range',
        'SELECT count(*), coalesce(sum(hs_ndigits(hs)::numeric * length(hs::text)), 0) FROM decl WHERE hs <@ %s');
    PERFORM run('commuted' || suffix, 'range',
        'SELECT count(*), coalesce(sum(hs_ndigits(hs)::numeric * length(hs::text)), 0) FROM decl WHERE %s @> hs');
    -- heap rows: columns not in the index
    PERFORM run('heap rows' || suffix, 'range',
        'SELECT count(*), coalesce(sum(hs_ndigits(hs)::numeric * length(hs::text)), 0) FROM decl WHERE hs <@ %s AND amount >= 0');
    -- a stable expression: the set read from the table at run time
    PERFORM run('stable call' || suffix, 'range',
        'SELECT count(*), coalesce(sum(hs_ndigits(hs)::numeric * length(hs::text)), 0) FROM decl WHERE hs <@ (SELECT codes FROM sets WHERE name = %2$L)');
    -- a join: the inner side rescanned with each set
    PERFORM run('join' || suffix, 'range',
        'SELECT count(*), coalesce(sum(hs_ndigits(hs)::numeric * length(hs::text)), 0) FROM sets s JOIN decl d ON d.hs <@ s.codes WHERE s.name = %2$L');
END $$;

SELECT run_all('');
SELECT name, n FROM results WHERE method = 'seq' ORDER BY name COLLATE "C";
SELECT * FROM disagreements();
-- how many sets each method checked, whether the range scan ran for some
-- of them and for all (the planner picks it by cost: a constant set of one
-- key range keeps the plain btree's exact range scan, a NULL constant makes
-- the qual false before any scan, heap rows weigh heap fetches)
SELECT method, count(*) AS sets_checked, bool_or(ranged) AS range_scan_used,
       bool_and(ranged) AS for_every_set
  FROM results GROUP BY method ORDER BY method COLLATE "C";

-- the plans: each shape is a range scan
SELECT * FROM plan_of('range', $$SELECT count(*) FROM decl WHERE hs <@ '{8542,!854290,8471}'::hsset$$);
SELECT * FROM plan_of('range', $$SELECT sum(amount) FROM decl WHERE hs <@ watchlist('CHPL', ARRAY['1', '2'])$$);
SELECT * FROM plan_of('range', $$SELECT count(*) FROM sets s JOIN decl d ON d.hs <@ s.codes$$);

-- a prepared statement's parameter, with a generic plan
PREPARE in_set(hsset) AS SELECT count(*) FROM decl WHERE hs <@ $1;
BEGIN;
SELECT force('range');
EXPLAIN (COSTS OFF) EXECUTE in_set('{8542}');
COMMIT;
CREATE TEMP TABLE prepared_results (name text, n bigint);
DO $$
DECLARE
    s record;
    c bigint;
BEGIN
    PERFORM force('range');
    FOR s IN SELECT * FROM sets LOOP
        EXECUTE format('EXECUTE in_set(%s)', quote_nullable(s.codes::text)) INTO c;
        INSERT INTO prepared_results VALUES (s.name, c);
    END LOOP;
END $$;
SELECT p.name, p.n, r.n AS seq_n FROM prepared_results p JOIN results r USING (name)
 WHERE r.method = 'seq' AND p.n IS DISTINCT FROM r.n;
SELECT count(*) AS prepared_sets_checked FROM prepared_results;

-- the whole join at once: every set against every row, one rescan per set
BEGIN;
SELECT force('range');
SELECT s.name, count(d.id) AS n FROM sets s LEFT JOIN decl d ON d.hs <@ s.codes
 GROUP BY s.name
EXCEPT
SELECT name, n FROM results WHERE method = 'seq';
COMMIT;

-- parallel plans: the plan runs in a worker (the plan node travels there
-- and finds its methods by name once the worker has loaded the library)
SET force_parallel_mode = on;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SELECT * FROM plan_of('range', $$SELECT s.name, count(*) FROM sets s JOIN decl d ON d.hs <@ s.codes GROUP BY s.name$$);
BEGIN;
SELECT force('range');
SELECT s.name, count(d.id) AS n FROM sets s JOIN decl d ON d.hs <@ s.codes GROUP BY s.name
EXCEPT
SELECT name, n FROM results WHERE method = 'seq' AND n > 0;
SELECT count(*) FROM decl WHERE hs <@ '{85,!8542,854231,!85423100,8471,!847130,84713000}'::hsset;
COMMIT;
SELECT n FROM results WHERE method = 'seq' AND name = 'nested exclusions';
RESET force_parallel_mode;

-- parallel-aware plans: the leader and the workers of a Parallel Custom
-- Scan share the ranges out through a counter in shared memory, so each
-- range is read once; without the leader, the workers alone read them all
SET max_parallel_workers_per_gather = 2;
SET min_parallel_index_scan_size = 0;
SET min_parallel_table_scan_size = 0;
SELECT * FROM plan_of('range', $$SELECT count(*) FROM decl WHERE hs <@ '{8542,!854290,8471}'::hsset$$);
SELECT run('parallel', 'range',
    'SELECT count(*), coalesce(sum(hs_ndigits(hs)::numeric * length(hs::text)), 0) FROM decl WHERE hs <@ %s');
SELECT run('parallel heap rows', 'range',
    'SELECT count(*), coalesce(sum(hs_ndigits(hs)::numeric * length(hs::text)), 0) FROM decl WHERE hs <@ %s AND amount >= 0');
SET parallel_leader_participation = off;
SELECT run('parallel, workers only', 'range',
    'SELECT count(*), coalesce(sum(hs_ndigits(hs)::numeric * length(hs::text)), 0) FROM decl WHERE hs <@ %s');
SELECT * FROM disagreements();
-- the sets of more than one range ran in parallel-aware scans
SELECT method, count(*) AS sets_checked, count(*) FILTER (WHERE parallel_aware) AS parallel_aware
  FROM results WHERE method LIKE 'parallel%' GROUP BY method ORDER BY method COLLATE "C";
RESET parallel_leader_participation;
-- a rescan of the Gather starts the shared counter again: the parallel
-- scan as the inner side of a nested loop, gathered once per outer row
CREATE FUNCTION per_outer_row(kind text) RETURNS TABLE (g int, n bigint) LANGUAGE plpgsql AS $$
BEGIN
    PERFORM force(kind);
    PERFORM set_config(s, 'off', true) FROM unnest(ARRAY['enable_hashjoin', 'enable_mergejoin', 'enable_material']) s;
    RETURN QUERY EXECUTE $q$SELECT x.g, count(d.hs) FROM generate_series(8, 10) x(g) LEFT JOIN decl d
                    ON hs_ndigits(d.hs) >= x.g
                   AND d.hs <@ '{85,!8542,854231,!85423100,8471,!847130,84713000}'::hsset GROUP BY x.g$q$;
END $$;
BEGIN;
SELECT force('range');
SELECT set_config(s, 'off', true) FROM unnest(ARRAY['enable_hashjoin', 'enable_mergejoin', 'enable_material']) s;
EXPLAIN (COSTS OFF) SELECT x.g, count(d.hs) FROM generate_series(8, 10) x(g) LEFT JOIN decl d
    ON hs_ndigits(d.hs) >= x.g
   AND d.hs <@ '{85,!8542,854231,!85423100,8471,!847130,84713000}'::hsset GROUP BY x.g;
COMMIT;
SELECT * FROM per_outer_row('range') EXCEPT SELECT * FROM per_outer_row('seq');
SELECT count(*) AS outer_rows, min(n) > 0 AS each_found_rows FROM per_outer_row('seq');
RESET max_parallel_workers_per_gather;
RESET min_parallel_index_scan_size;
RESET min_parallel_table_scan_size;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;

-- changes after the build: inserts (every level), updates, deletes, VACUUM
INSERT INTO decl (hs, amount) SELECT hs, 1 FROM decl WHERE id % 7 = 0;
INSERT INTO decl (hs, amount) VALUES ('85', 1), ('8542', 1), ('854290', 1), ('85429010', 1), (NULL, 1);
UPDATE decl SET hs = '8471300000' WHERE id % 11 = 0;
UPDATE decl SET hs = NULL WHERE id % 13 = 0;
DELETE FROM decl WHERE id % 5 = 0;
-- before VACUUM (pages not all-visible: index-only rows checked in the heap)
SELECT run_all(' before vacuum');
SELECT * FROM disagreements();
VACUUM ANALYZE decl;
SELECT run_all(' after vacuum');
SELECT * FROM disagreements();
SELECT method, count(*) AS sets_checked, bool_or(ranged) AS range_scan_used,
       bool_and(ranged) AS for_every_set
  FROM results GROUP BY method ORDER BY method COLLATE "C";

-- EXPLAIN VERBOSE shows the key ranges, and under ANALYZE the heap fetches
BEGIN;
SELECT force('range');
EXPLAIN (VERBOSE, COSTS OFF)
SELECT count(*) FROM decl WHERE hs <@ '{85,!8542,854231,!85423100,8471}'::hsset;
EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF, SUMMARY OFF)
SELECT count(*) FROM sets s JOIN decl d ON d.hs <@ s.codes WHERE s.name = 'one member';
COMMIT;
RESET ALL;

-- the planner's own choices: a tiny set takes the range scan, a set
-- covering most of the table a seq scan, one range the plain btree range
SET search_path = hsset_scan_test, public;
EXPLAIN (COSTS OFF) SELECT count(*) FROM decl WHERE hs <@ '{854231,847130,030211}'::hsset;
SELECT hsset(array_agg(DISTINCT hs_chapter(code)), '{8542}') AS nearly_all
  FROM hs_nomenclature WHERE edition = 'HS2022' \gset
EXPLAIN (COSTS OFF) SELECT count(*) FROM decl WHERE hs <@ :'nearly_all'::hsset;
EXPLAIN (COSTS OFF) SELECT count(*) FROM decl WHERE hs <@ '{8542}'::hsset;
-- the empty set: no range, nothing read
EXPLAIN (COSTS OFF) SELECT count(*) FROM decl WHERE hs <@ '{}'::hsset;
-- not offered: a column of the scanned table as the set, ctid wanted
CREATE TABLE own_set (hs hscode, codes hsset);
CREATE INDEX ON own_set (hs);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM own_set WHERE hs <@ codes;
EXPLAIN (COSTS OFF) SELECT ctid FROM decl WHERE hs <@ '{854231,847130}'::hsset;
RESET enable_seqscan;

DROP SCHEMA hsset_scan_test CASCADE;
