-- Ordering and hierarchy laws on generated codes, the btree and hash
-- opclasses (amvalidate, index scans equal to seq scans), hash agreement.
CREATE EXTENSION IF NOT EXISTS trade_screen;
SET extra_float_digits = 0;

SELECT opc.opcname, am.amname, amvalidate(opc.oid)
  FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
 WHERE opc.opcintype = 'hscode'::regtype
 ORDER BY 1, 2;

-- 20,000 generated codes of every length, heavy in chapters 84 and 85,
-- with duplicates; deterministic (setseed)
SELECT setseed(0.42);
CREATE TABLE gen AS
SELECT i AS id,
       hs_parse(lpad((CASE WHEN random() < 0.5 THEN 84 + (random() < 0.5)::int
                   ELSE 1 + floor(random() * 96)::int END)::text, 2, '0')
        || substr(lpad(floor(random() * 1e10)::bigint::text, 10, '0'), 1,
                  (ARRAY[0, 2, 4, 5, 6, 7, 8, 9, 10])[1 + floor(random() * 9)::int])) AS c
  FROM generate_series(1, 20000) i;
DELETE FROM gen WHERE c IS NULL;  -- chapter 77 drawn
-- the plans below are read: no autovacuum changing visibility or statistics
-- midway on a slow run (valgrind)
ALTER TABLE gen SET (autovacuum_enabled = off);
CREATE TABLE gen_copy AS SELECT * FROM gen;
SELECT count(*) > 19000 AS enough, count(DISTINCT hs_ndigits(c)) AS lengths FROM gen;

-- the order is the byte order of the digit strings (a code right before its descendants)
SELECT count(*) AS order_mismatches
  FROM (SELECT c, row_number() OVER (ORDER BY c, id) AS r1,
               row_number() OVER (ORDER BY c::text COLLATE "C", id) AS r2 FROM gen) s
 WHERE r1 <> r2;

-- on a sample: antisymmetry, trichotomy, transitivity, and <@ / @> as prefixes
CREATE TABLE sample AS SELECT DISTINCT c FROM gen ORDER BY c LIMIT 120;
INSERT INTO sample SELECT DISTINCT hs_truncate(c, 4) FROM sample WHERE hs_ndigits(c) >= 4
ON CONFLICT DO NOTHING;
INSERT INTO sample SELECT DISTINCT hs_chapter(c) FROM sample;
SELECT count(*) FILTER (WHERE (a.c < b.c) AND (b.c < a.c)) AS antisymmetry,
       count(*) FILTER (WHERE ((a.c < b.c)::int + (a.c = b.c)::int + (a.c > b.c)::int) <> 1) AS trichotomy,
       count(*) FILTER (WHERE (a.c <@ b.c) <> starts_with(a.c::text, b.c::text)) AS under_is_prefix,
       count(*) FILTER (WHERE (a.c @> b.c) <> starts_with(b.c::text, a.c::text)) AS covers_is_prefix,
       count(*) FILTER (WHERE a.c <@ b.c AND a.c < b.c) AS ancestor_sorts_after,
       count(*) FILTER (WHERE (a.c <@ b.c) <> (b.c = ANY (hs_ancestors(a.c, true)))) AS ancestors_agree,
       count(*) FILTER (WHERE (a.c = b.c) <> (hscode_hash(a.c) = hscode_hash(b.c))) AS hash_agrees,
       count(*) AS pairs
  FROM sample a, sample b;
SELECT count(*) AS transitivity_violations
  FROM sample a, sample b, sample c
 WHERE a.c < b.c AND b.c < c.c AND NOT a.c < c.c;

-- every subtree is one contiguous run of the sorted codes
WITH ranked AS (SELECT c, row_number() OVER (ORDER BY c) AS rn FROM (SELECT DISTINCT c FROM gen) d),
     roots AS (SELECT DISTINCT hs_truncate(c, 4) AS root FROM gen WHERE hs_ndigits(c) >= 4
               UNION SELECT DISTINCT hs_chapter(c) FROM gen)
SELECT count(*) AS subtrees,
       count(*) FILTER (WHERE hi - lo + 1 <> n) AS not_contiguous
  FROM (SELECT root, min(rn) AS lo, max(rn) AS hi, count(*) AS n
          FROM roots JOIN ranked ON ranked.c <@ roots.root GROUP BY root) s;

-- btree and hash indexes return what a seq scan returns (with NULLs,
-- duplicates, rows inserted after the build)
INSERT INTO gen VALUES (-1, NULL), (-2, '8542'), (-3, '85');
CREATE VIEW answers AS
SELECT 'eq' AS q, count(*) AS n FROM gen WHERE c = '8542'
UNION ALL SELECT 'lt', count(*) FROM gen WHERE c < '8542'
UNION ALL SELECT 'ge', count(*) FROM gen WHERE c >= '8542310000'
UNION ALL SELECT 'between', count(*) FROM gen WHERE c BETWEEN '84' AND '8471'
UNION ALL SELECT 'in', count(*) FROM gen WHERE c IN ('8542', '85', '01');
CREATE TABLE seq_answers AS SELECT * FROM answers;
SET enable_seqscan = off;
CREATE INDEX gen_btree ON gen (c);
INSERT INTO gen VALUES (-4, '8542'), (-5, NULL);
INSERT INTO seq_answers VALUES ('eq', 1), ('lt', 0), ('ge', 0), ('between', 0), ('in', 1);
EXPLAIN (COSTS OFF) SELECT count(*) FROM gen WHERE c BETWEEN '84' AND '8471';
SELECT a.q, a.n AS btree, s.n AS seq_scan
  FROM answers a JOIN (SELECT q, sum(n) AS n FROM seq_answers GROUP BY q) s USING (q)
 ORDER BY 1;
DROP INDEX gen_btree;
CREATE INDEX gen_hash ON gen USING hash (c);
EXPLAIN (COSTS OFF) SELECT count(*) FROM gen WHERE c = '8542';
SELECT (SELECT count(*) FROM gen WHERE c = '8542') AS hash_index,
       (SELECT sum(n) FROM seq_answers WHERE q = 'eq') AS seq_scan;
TRUNCATE gen;
INSERT INTO gen VALUES (1, '8542');
SELECT count(*) AS after_truncate FROM gen WHERE c = '8542';
RESET enable_seqscan;
INSERT INTO gen SELECT -id, c FROM gen_copy;
ANALYZE gen;
-- sorting, grouping and joining use the type's own support
SELECT hs_chapter(c) AS chapter, count(*) FROM gen WHERE c IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3;
SELECT count(*) FROM gen a JOIN gen b ON a.c = b.c WHERE a.c <@ '8542';

-- estimates: <@ and @> use the column statistics (the server's default
-- for an unknown operator would be a flat 0.5% here)
CREATE FUNCTION estimated_rows(q text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE plan json;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || q INTO plan;
    RETURN (plan->0->'Plan'->>'Plan Rows')::bigint;
END $$;
CREATE FUNCTION actual_rows(q text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    EXECUTE 'SELECT count(*) FROM (' || q || ') s' INTO n;
    RETURN n;
END $$;
SELECT q, estimated_rows(q) BETWEEN actual_rows(q) / 2 AND actual_rows(q) * 2 AS within_2x
  FROM (VALUES ('SELECT * FROM gen WHERE c <@ ''85'''),
               ('SELECT * FROM gen WHERE c <@ ''84'''),
               ('SELECT * FROM gen WHERE c <@ ''01'''),
               ('SELECT * FROM gen WHERE ''8471'' @> c'),
               ('SELECT * FROM gen WHERE c @> ''8542310000'''),
               ('SELECT * FROM gen WHERE c <@ ''85'' OR c <@ ''84''')) AS v(q)
 ORDER BY 1;
