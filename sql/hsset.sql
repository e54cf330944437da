-- hsset: input forms and canonical output, rejected inputs with their
-- SQLSTATE, binary round trip, membership, set algebra, containment,
-- constructors and the aggregate.
CREATE EXTENSION IF NOT EXISTS trade_screen;
CREATE SCHEMA hsset_test;
SET search_path = hsset_test, public;

-- accepted spellings and their canonical form
SELECT input, input::hsset AS canonical
  FROM (VALUES ('{}'), (' { } '), ('{8542}'), ('{8542.31, 8542}'), ('{8542,!854290}'),
               ('{ 8542 , ! 8542.90 , 8471 }'), ('{!8542}'), ('{85,!8542,854231}'),
               ('{8542,8542}'), ('{8542,!854290,!85429010}'), ('{HS 8542 31 000 0}'),
               ('{8542,!854290,85429010}')) AS v(input)
 ORDER BY input COLLATE "C";

-- rejected inputs: one row each, with the SQLSTATE and the detail
CREATE FUNCTION try_hsset(input text, OUT state text, OUT message text, OUT detail text)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM input::hsset;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                            detail = PG_EXCEPTION_DETAIL;
END $$;
SELECT input, (try_hsset(input)).*
  FROM (VALUES (''), ('8542'), ('{8542'), ('8542}'), ('{8542,}'), ('{,8542}'),
               ('{8542,,8471}'), ('{854}'), ('{!}'), ('{!!8542}'), ('{77}'),
               ('{85x2}'), ('{8542,!8542}'), ('{8542;8471}')) AS v(input)
 ORDER BY input COLLATE "C";

-- rejected calls: one row each, with the SQLSTATE, the detail and the hint
CREATE FUNCTION try_hsset_call(call text, OUT state text, OUT message text, OUT detail text,
    OUT hint text)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'SELECT ' || call;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                            detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
END $$;
SELECT call, (try_hsset_call(call)).*
  FROM (VALUES ($c$hsset(ARRAY['8542']::hscode[], ARRAY['8542']::hscode[])$c$)) AS v(call)
 ORDER BY call COLLATE "C";

-- binary I/O: the text form, through the same validation as text input
SELECT s, hsset_send(s) = convert_to(s::text, 'UTF8') AS send_is_text
  FROM (VALUES ('{}'::hsset), ('{8542,!854290,8471}'), ('{85,!8542,854231}')) v(s)
 ORDER BY s::text COLLATE "C";
CREATE TABLE bin_src (s hsset);
CREATE TABLE bin_dst (s hsset);
INSERT INTO bin_src VALUES ('{}'), ('{8542,!854290,8471}'), ('{85,!8542,854231}');
COPY bin_src TO '/tmp/trade_screen_hsset_regress.bin' (FORMAT binary);
COPY bin_dst FROM '/tmp/trade_screen_hsset_regress.bin' (FORMAT binary);
SELECT count(*) AS equal_after_round_trip FROM bin_dst d JOIN bin_src s ON d.s = s.s;
SELECT count(*) AS round_tripped FROM bin_dst;
-- a text column's binary form is its bytes: feed bad sets to hsset_recv
CREATE TABLE bin_bad (s text);
INSERT INTO bin_bad VALUES ('{8542,!8542}');
COPY bin_bad TO '/tmp/trade_screen_hsset_regress.bin' (FORMAT binary);
COPY bin_dst FROM '/tmp/trade_screen_hsset_regress.bin' (FORMAT binary);
TRUNCATE bin_bad;
INSERT INTO bin_bad VALUES ('{854}');
COPY bin_bad TO '/tmp/trade_screen_hsset_regress.bin' (FORMAT binary);
COPY bin_dst FROM '/tmp/trade_screen_hsset_regress.bin' (FORMAT binary);
TRUNCATE bin_bad;
INSERT INTO bin_bad VALUES ('{8542.31, 8542}');
COPY bin_bad TO '/tmp/trade_screen_hsset_regress.bin' (FORMAT binary);
TRUNCATE bin_dst;
COPY bin_dst FROM '/tmp/trade_screen_hsset_regress.bin' (FORMAT binary);
SELECT s AS canonical_after_recv FROM bin_dst;

-- membership
SELECT code, code <@ '{8542,!854290,85429010,8471}'::hsset AS in_set,
       '{8542,!854290,85429010,8471}'::hsset @> code AS set_holds
  FROM (VALUES ('85'::hscode), ('8542'), ('854231'), ('8542310000'), ('854290'),
               ('8542900000'), ('85429010'), ('8542901099'), ('8471'), ('847130'),
               ('8543'), ('84')) AS v(code)
 ORDER BY code;
SELECT '8542'::hscode <@ '{}'::hsset AS empty_set, NULL::hscode <@ '{8542}'::hsset AS null_code;

-- set algebra, checked against membership on every code of the nomenclature
SELECT '{85,!8542}'::hsset | '{854231}' AS union_,
       '{85,!8542}'::hsset & '{8542,8541}' AS intersect_,
       '{85}'::hsset - '{8542,!854231}' AS except_,
       '{8542}'::hsset - '{8542}' AS empty_;
WITH sets(a, b) AS (
    VALUES ('{85,!8542,854231}'::hsset, '{8542,!854232,8471}'::hsset),
           ('{84,85,!8471,!8542}', '{8471,!847130,854231}'),
           ('{}', '{01,!0101}'))
SELECT count(*) AS codes_checked,
       count(*) FILTER (WHERE (n.code <@ (a | b)) <> (n.code <@ a OR n.code <@ b)) AS union_wrong,
       count(*) FILTER (WHERE (n.code <@ (a & b)) <> (n.code <@ a AND n.code <@ b)) AS intersect_wrong,
       count(*) FILTER (WHERE (n.code <@ (a - b)) <> (n.code <@ a AND NOT n.code <@ b)) AS except_wrong
  FROM sets, hs_nomenclature n
 WHERE n.edition = 'HS2022';

-- containment and equality
SELECT a, b, a @> b AS contains, a <@ b AS contained, a = b AS equal
  FROM (VALUES ('{85}'::hsset, '{8542,!854231}'::hsset), ('{85,!8542}', '{854231}'),
               ('{8542}', '{8542.31,8542}'), ('{}', '{8542}'), ('{8542}', '{}'))
       AS v(a, b)
 ORDER BY a::text COLLATE "C", b::text COLLATE "C";

-- constructors and the aggregate
SELECT hsset(ARRAY['8542', '854231', '8471', NULL]::hscode[]) AS from_array,
       hsset(ARRAY['8542']::hscode[], ARRAY['854290']::hscode[]) AS with_exclusion,
       '854231'::hscode::hsset AS cast_;
SELECT hsset_agg(code) FROM (VALUES ('8542'::hscode), ('854231'), (NULL), ('8471'), ('8542')) v(code);
SELECT hsset_agg(code) IS NULL AS no_rows FROM (SELECT '8542'::hscode WHERE false) v(code);
SELECT hsset_agg(code) = hsset(array_agg(code)) AS agg_equals_array
  FROM hs_nomenclature WHERE edition = 'HS2022' AND code <@ '85';
SELECT hsset_members('{85,!8542,854231}'), hsset_exclusions('{85,!8542,854231}');

-- a column of sets probed with a code (the estimator must not take the code for a set)
CREATE TABLE lists (name text, codes hsset);
INSERT INTO lists VALUES ('chips', '{8542,!854290}'), ('computers', '{8471}'), ('none', '{}');
ANALYZE lists;
SELECT name FROM lists WHERE codes @> '854231'::hscode ORDER BY name COLLATE "C";
SELECT name FROM lists WHERE '847130'::hscode <@ codes ORDER BY name COLLATE "C";

-- hsset_agg in parallel: partial aggregation in the workers, combined in
-- the leader, gives the same set as a serial run
CREATE TABLE agg_codes AS
SELECT (lpad((1 + i % 96)::text, 2, '0') || lpad((i * 7919 % 10000)::text, 4, '0'))::text AS t
  FROM generate_series(1, 50000) i;
DELETE FROM agg_codes WHERE t LIKE '77%';
ALTER TABLE agg_codes ALTER COLUMN t TYPE hscode USING t::hscode;
ANALYZE agg_codes;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial_set AS SELECT hsset_agg(t) AS s FROM agg_codes;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT hsset_agg(t) FROM agg_codes;
SELECT (SELECT hsset_agg(t) FROM agg_codes) = s AS parallel_equals_serial,
       cardinality(hsset_members(s)) AS members
  FROM serial_set;
SELECT hsset_agg(t) FROM agg_codes WHERE t <@ '85' AND t < '8502';
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- btree and hash opclasses (hsset_ops, hsset_hash_ops): DISTINCT, GROUP BY,
-- ORDER BY, hash and merge joins, indexes, hash partitioning
SELECT opc.opcname, am.amname, amvalidate(opc.oid)
  FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
 WHERE opc.opcintype = 'hsset'::regtype
 ORDER BY opc.opcname COLLATE "C";
CREATE TEMP TABLE lists (id int, codes hsset);
-- the same sets written differently are equal (canonical form), so they group
INSERT INTO lists
SELECT i, (ARRAY['{8542,!854290}', '{!854290,8542}', '{8542,854231,!854290}', '{85}',
                 '{8542}', '{}', '{01,97}', '{97,01,0101}'])[1 + i % 8]::hsset
  FROM generate_series(1, 4000) i;
INSERT INTO lists VALUES (0, NULL);
ANALYZE lists;
-- the order: member by member, a set before the longer sets it starts
SELECT DISTINCT codes FROM lists ORDER BY codes;
SELECT codes, count(*) FROM lists GROUP BY codes ORDER BY codes;
SET enable_hashagg = off;
SELECT count(DISTINCT codes) AS sorted_distinct FROM lists;
RESET enable_hashagg;
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT codes, count(*) FROM lists GROUP BY codes;
SELECT count(*) AS hashed_groups FROM (SELECT codes FROM lists GROUP BY codes) g;
RESET enable_sort;
-- ordering laws on the distinct values: antisymmetric, transitive, = agrees
SELECT count(*) FILTER (WHERE (a < b) = (b > a) AND (a <= b) = NOT (a > b)
                          AND (hsset_cmp(a, b) = 0) = (a = b)
                          AND sign(hsset_cmp(a, b)) = -sign(hsset_cmp(b, a))) AS lawful,
       count(*) AS pairs
  FROM (SELECT DISTINCT codes AS a FROM lists WHERE codes IS NOT NULL) x,
       (SELECT DISTINCT codes AS b FROM lists WHERE codes IS NOT NULL) y;
-- hash and merge joins on a watchlist column give the nested loop's answer
CREATE TEMP TABLE named (name text, codes hsset);
INSERT INTO named VALUES ('chips', '{8542,!854290}'), ('all 85', '{85}'), ('none', '{}'), ('null', NULL);
ANALYZE named;
SET enable_nestloop = off;
SET enable_mergejoin = off;
EXPLAIN (COSTS OFF) SELECT n.name, count(*) FROM named n JOIN lists l ON l.codes = n.codes GROUP BY n.name;
SELECT n.name, count(*) FROM named n JOIN lists l ON l.codes = n.codes GROUP BY n.name ORDER BY n.name;
SET enable_hashjoin = off;
SET enable_mergejoin = on;
EXPLAIN (COSTS OFF) SELECT n.name, count(*) FROM named n JOIN lists l ON l.codes = n.codes GROUP BY n.name;
SELECT n.name, count(*) FROM named n JOIN lists l ON l.codes = n.codes GROUP BY n.name ORDER BY n.name;
RESET enable_hashjoin;
RESET enable_mergejoin;
RESET enable_nestloop;
-- a btree on the column (deduplicated: equal sets are equal bytes) and a hash index
CREATE INDEX lists_btree ON lists (codes);
CREATE INDEX lists_hash ON lists USING hash (codes);
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM lists WHERE codes = '{8542,!854290}';
SELECT count(*) FROM lists WHERE codes = '{!854290,8542}';
DROP INDEX lists_btree;
EXPLAIN (COSTS OFF) SELECT count(*) FROM lists WHERE codes = '{8542,!854290}';
SELECT count(*) FROM lists WHERE codes = '{!854290,8542}';
RESET enable_seqscan;
RESET enable_bitmapscan;
-- hash partitioning by a watchlist column: the extended hash is seeded
CREATE TEMP TABLE parted (codes hsset) PARTITION BY HASH (codes);
CREATE TEMP TABLE parted_0 PARTITION OF parted FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TEMP TABLE parted_1 PARTITION OF parted FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO parted SELECT codes FROM lists WHERE codes IS NOT NULL;
SELECT count(*) = 4000 AS all_routed,
       count(DISTINCT tableoid) AS partitions_used,
       bool_and(hsset_hash_extended(codes, 0) = hsset_hash_extended(codes::text::hsset, 0)) AS stable,
       bool_or(hsset_hash_extended(codes, 1) <> hsset_hash_extended(codes, 0)) AS seeded
  FROM parted;
