-- hardening: findings of the adversarial review, each kept fixed by a test.
CREATE EXTENSION IF NOT EXISTS trade_screen;
SET extra_float_digits = 0;

-- The selectivity estimators are plain functions a superuser may attach to
-- any operator.  Attached to operators on other types they must neither
-- read out of bounds nor trust the values: they fall back on the default
-- estimate (0.005 of the rows; 5 of 1000).  Keys 13 to 15 were lengths
-- past the end of the power-of-ten table.
CREATE TABLE est_int8 (k int8);
INSERT INTO est_int8 SELECT 13 + g % 3 FROM generate_series(1, 1000) g;
CREATE TABLE est_text (t text);
INSERT INTO est_text SELECT repeat('x', g % 7) FROM generate_series(1, 1000) g;
ANALYZE est_int8, est_text;
CREATE OPERATOR <@@ (LEFTARG = int8, RIGHTARG = int8, FUNCTION = int8le,
                     RESTRICT = hscode_under_sel, JOIN = hscode_under_joinsel);
CREATE OPERATOR @@> (LEFTARG = int8, RIGHTARG = int8, FUNCTION = int8le,
                     RESTRICT = hscode_over_sel, JOIN = hscode_over_joinsel);
CREATE OPERATOR <@@ (LEFTARG = text, RIGHTARG = text, FUNCTION = text_le,
                     RESTRICT = hscode_in_hsset_sel);
CREATE FUNCTION est_rows(q text) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN ' || q LOOP
        RETURN substring(line FROM 'rows=([0-9]+)')::int;
    END LOOP;
END $$;
SELECT q, est_rows(q) AS rows
  FROM (VALUES ('SELECT * FROM est_int8 WHERE k <@@ 15'),
               ('SELECT * FROM est_int8 WHERE k <@@ 14'),
               ('SELECT * FROM est_int8 WHERE 15 <@@ k'),
               ('SELECT * FROM est_int8 WHERE k @@> 15'),
               ('SELECT * FROM est_int8 WHERE k @@> -1'),
               ('SELECT * FROM est_text WHERE t <@@ ''xxxxxx'''),
               ('SELECT * FROM est_text WHERE t <@@ ''{85}''')) AS v(q)
 ORDER BY q COLLATE "C";
-- joins: the estimate of a join of 1000 x 1000 rows at the default 0.001
SELECT est_rows('SELECT * FROM est_int8 a JOIN est_int8 b ON a.k <@@ b.k') AS under_join,
       est_rows('SELECT * FROM est_int8 a JOIN est_int8 b ON a.k @@> b.k') AS over_join;
-- our own operators keep their real estimates
CREATE TABLE est_hs (hs hscode);
INSERT INTO est_hs SELECT CASE WHEN g % 10 = 0 THEN '8542' ELSE '0101' END FROM generate_series(1, 1000) g;
ANALYZE est_hs;
SELECT est_rows('SELECT * FROM est_hs WHERE hs <@ ''8542''') AS under,
       est_rows('SELECT * FROM est_hs WHERE hs <@ ''{8542}''::hsset') AS in_set;
DROP TABLE est_int8, est_text, est_hs;
DROP OPERATOR <@@ (int8, int8), @@> (int8, int8), <@@ (text, text);

-- hsset_agg of no rows or only NULLs is NULL, as sum() is: "no code known"
-- is not "a known empty list" ({}); NULLs before, between and after codes
-- are skipped.
SELECT g, hsset_agg(c) AS agg, hsset_agg(c) IS NULL AS is_null
  FROM (VALUES (1, NULL::hscode), (1, NULL),
               (2, NULL), (2, '8542'), (2, NULL), (2, '8471'),
               (3, '85'), (3, NULL)) AS v(g, c)
 GROUP BY g ORDER BY g;
SELECT hsset_agg(c) IS NULL AS no_rows FROM (SELECT '85'::hscode WHERE false) AS v(c);
-- the same in parallel workers, each of which may see only NULLs
CREATE TABLE agg_nulls (c hscode);
INSERT INTO agg_nulls SELECT CASE WHEN g = 150000 THEN '8542' END FROM generate_series(1, 200000) g;
ANALYZE agg_nulls;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT hsset_agg(c) FROM agg_nulls;
SELECT hsset_agg(c) AS one_code, (SELECT hsset_agg(c) FROM agg_nulls WHERE c IS NULL) AS only_nulls
  FROM agg_nulls;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
DROP TABLE agg_nulls;
