-- hscode indexes: amvalidate, then the same queries on a seq scan, on a
-- plain btree (through the planner support function) and on the GiST
-- opclass; results must be identical.  Data: every level, duplicates,
-- NULLs; then inserts, updates, deletes, VACUUM and TRUNCATE after the
-- build.  Also the reverse rule join and the estimates.
CREATE EXTENSION IF NOT EXISTS trade_screen;
CREATE SCHEMA hscode_index_test;
SET search_path = hscode_index_test, public;

SELECT opc.opcname, am.amname, amvalidate(opc.oid)
  FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
 WHERE opc.opcintype = 'hscode'::regtype
 ORDER BY opc.opcname COLLATE "C";

-- every HS2022 code (chapters, headings, subheadings), national lines
-- under them, duplicates and NULLs
CREATE TABLE decl (id serial PRIMARY KEY, hs hscode);
INSERT INTO decl (hs)
SELECT n.code FROM hs_nomenclature n WHERE n.edition = 'HS2022';
INSERT INTO decl (hs)
SELECT (n.code::text || lpad((g % 100)::text, 2, '0') || CASE WHEN g % 3 = 0 THEN '00' ELSE '' END)::hscode
  FROM hs_nomenclature n, generate_series(1, 4) g
 WHERE n.edition = 'HS2022' AND hs_ndigits(n.code) = 6;
INSERT INTO decl (hs) SELECT '8542310000' FROM generate_series(1, 300);
INSERT INTO decl (hs) SELECT NULL FROM generate_series(1, 50);

-- the query shapes, each returning a count and a checksum of the ids
CREATE TABLE shapes (shape text PRIMARY KEY, qual text);
INSERT INTO shapes VALUES
    ('eq national', $$hs = '8542310000'$$),
    ('eq chapter', $$hs = '85'$$),
    ('under chapter', $$hs <@ '85'$$),
    ('under heading', $$hs <@ '8542'$$),
    ('under subheading', $$hs <@ '854231'$$),
    ('under national', $$hs <@ '85423101'$$),
    ('covers national', $$hs @> '8542310000'$$),
    ('covers subheading', $$hs @> '854231'$$),
    ('commuted under', $$'8542' @> hs$$),
    ('commuted covers', $$'854231' <@ hs$$),
    ('in set', $$hs <@ '{8542,!854290,8471,01}'::hsset$$),
    ('set holds', $$'{8542,!854290,8471,01}'::hsset @> hs$$),
    ('in one-range set', $$hs <@ '{8542}'::hsset$$),
    ('in nested set', $$hs <@ '{85,!8542,854231,!85423100,8471}'::hsset$$),
    ('in set at run time', $$hs <@ (SELECT '{8542,!854290,8471,01}'::hsset)$$),
    ('in empty set', $$hs <@ '{}'::hsset$$),
    ('in watchlist', $$hs <@ watchlist('CHPL')$$),
    ('in watchlist tier 1', $$hs <@ watchlist('CHPL', ARRAY['1'])$$);

CREATE TABLE results (method text, shape text, n bigint, checksum numeric);
-- allow only the given scan kinds (seq, index, indexonly, bitmap) until
-- the end of the statement's transaction
CREATE FUNCTION allow_scans(kinds text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    k text;
BEGIN
    FOREACH k IN ARRAY ARRAY['seq', 'index', 'indexonly', 'bitmap'] LOOP
        PERFORM set_config('enable_' || k || 'scan',
                           (k = ANY (string_to_array(kinds, ',')))::text, true);
    END LOOP;
END $$;
CREATE FUNCTION run_shapes(method text, kinds text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    s record;
BEGIN
    PERFORM allow_scans(kinds);
    FOR s IN SELECT * FROM shapes LOOP
        EXECUTE format('INSERT INTO results SELECT %L, %L, count(*), coalesce(sum(id::numeric * id), 0) FROM decl WHERE %s',
                       method, s.shape, s.qual);
    END LOOP;
END $$;
CREATE FUNCTION plans(kinds text) RETURNS TABLE (shape text, plan text) LANGUAGE plpgsql AS $$
DECLARE
    s record;
    line text;
BEGIN
    PERFORM allow_scans(kinds);
    FOR s IN SELECT * FROM shapes ORDER BY shapes.shape COLLATE "C" LOOP
        FOR line IN EXECUTE format('EXPLAIN (COSTS OFF) SELECT count(*) FROM decl WHERE %s', s.qual) LOOP
            shape := s.shape;
            plan := line;
            RETURN NEXT;
        END LOOP;
    END LOOP;
END $$;
-- do the answers of every method agree with the seq scan?
CREATE FUNCTION disagreements() RETURNS TABLE (method text, shape text, n bigint, seq_n bigint)
LANGUAGE sql AS $$
    SELECT r.method, r.shape, r.n, s.n FROM results r JOIN results s USING (shape)
     WHERE s.method = 'seq' AND r.method <> 'seq'
       AND (r.n, r.checksum) IS DISTINCT FROM (s.n, s.checksum)
     ORDER BY r.method COLLATE "C", r.shape COLLATE "C"
$$;

VACUUM ANALYZE decl;   -- sets the visibility map: index-only plans do not wait on autovacuum
SELECT run_shapes('seq', 'seq');
SELECT shape, n FROM results ORDER BY shape COLLATE "C";

-- a plain btree: <@ and @> become ranges and equalities on ancestors
CREATE INDEX decl_hs_btree ON decl (hs);
SELECT * FROM plans('index,indexonly,bitmap');
SELECT run_shapes('btree', 'index,indexonly,bitmap');
DROP INDEX decl_hs_btree;

-- the GiST opclass: every shape is an index condition, exact, index-only
CREATE INDEX decl_hs_gist ON decl USING gist (hs);
SELECT * FROM plans('index,indexonly,bitmap');
SELECT run_shapes('gist', 'index,indexonly,bitmap');
SELECT * FROM disagreements();

-- changes after the build: inserts (every level), updates, deletes, VACUUM
CREATE INDEX decl_hs_btree ON decl (hs);
INSERT INTO decl (hs) SELECT hs FROM decl WHERE id % 7 = 0;
INSERT INTO decl (hs) VALUES ('85'), ('8542'), ('854290'), ('85429010'), (NULL);
UPDATE decl SET hs = '8471300000' WHERE id % 11 = 0;
UPDATE decl SET hs = NULL WHERE id % 13 = 0;
DELETE FROM decl WHERE id % 5 = 0;
VACUUM decl;
TRUNCATE results;
SELECT run_shapes('seq', 'seq');
SELECT run_shapes('bitmap, both indexes', 'bitmap');
DROP INDEX decl_hs_gist;
SELECT run_shapes('btree after changes', 'index,indexonly,bitmap');
-- amcheck on the btree that lived through the changes, every heap tuple looked up
CREATE EXTENSION IF NOT EXISTS amcheck;
SELECT bt_index_check('decl_hs_btree', true);
CREATE INDEX decl_hs_gist ON decl USING gist (hs);
DROP INDEX decl_hs_btree;
SELECT run_shapes('gist rebuilt', 'index,indexonly,bitmap');
SELECT * FROM disagreements();
SELECT count(*) AS shapes_checked FROM results WHERE method = 'gist rebuilt';

-- TRUNCATE leaves usable, empty indexes
CREATE INDEX decl_hs_btree ON decl (hs);
TRUNCATE decl;
INSERT INTO decl (hs) VALUES ('854231'), ('8542310000'), (NULL);
SET enable_seqscan = off;
SELECT count(*) FROM decl WHERE hs <@ '8542';
SELECT count(*) FROM decl WHERE hs <@ '{8542}'::hsset;
RESET enable_seqscan;

-- the reverse direction: a table of rule prefixes probed with declarations'
-- codes, as a nested loop whose inner side is a btree range scan
TRUNCATE decl;
INSERT INTO decl (hs)
SELECT (n.code::text || lpad((g % 100)::text, 4, '0'))::hscode
  FROM hs_nomenclature n, generate_series(1, 20) g
 WHERE n.edition = 'HS2022' AND hs_ndigits(n.code) = 6;
DROP INDEX decl_hs_gist;
CREATE TABLE rules (prefix hscode);
INSERT INTO rules SELECT code FROM watchlists WHERE list = 'CHPL';
INSERT INTO rules VALUES ('8542'), ('85'), ('8471');
-- statistics from every row, so that the estimates below are stable
ALTER TABLE decl ALTER hs SET STATISTICS 1000;
VACUUM ANALYZE decl;
ANALYZE rules;
EXPLAIN (COSTS OFF) SELECT count(*) FROM rules r JOIN decl d ON r.prefix @> d.hs;
SELECT count(*) FROM rules r JOIN decl d ON r.prefix @> d.hs;
SET enable_nestloop = off;
SELECT count(*) FROM rules r JOIN decl d ON r.prefix = ANY (hs_ancestors(d.hs, true));
RESET enable_nestloop;
-- with the index on the rules instead: equality with each code's ancestors
DROP INDEX decl_hs_btree;
CREATE INDEX rules_prefix ON rules (prefix);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM decl d JOIN rules r ON r.prefix @> d.hs;
SELECT count(*) FROM decl d JOIN rules r ON r.prefix @> d.hs;
RESET enable_seqscan;

-- estimates against actual rows
CREATE FUNCTION estimate_vs_actual(qual text, OUT estimated bigint, OUT actual bigint)
LANGUAGE plpgsql AS $$
DECLARE
    plan json;
BEGIN
    EXECUTE format('EXPLAIN (ANALYZE, FORMAT JSON, TIMING OFF) SELECT * FROM decl WHERE %s', qual) INTO plan;
    estimated := (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint;
    actual := (plan -> 0 -> 'Plan' ->> 'Actual Rows')::bigint;
END $$;
SELECT qual, e.actual, e.estimated, e.estimated BETWEEN e.actual / 2 AND e.actual * 2 AS within_2x
  FROM (VALUES ($$hs <@ '85'$$), ($$hs <@ '8542'$$), ($$hs <@ '854231'$$),
               ($$hs <@ watchlist('CHPL')$$), ($$hs <@ '{84,85}'::hsset$$)) v(qual),
       estimate_vs_actual(qual) e
 ORDER BY qual COLLATE "C";

-- direct function calls: an index condition only when the other side does
-- not depend on the indexed table
CREATE TABLE pairs (a hscode, b hscode);
INSERT INTO pairs SELECT '8542', '85' FROM generate_series(1, 100);
CREATE INDEX ON pairs (a);
ANALYZE pairs;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM pairs WHERE hscode_contained(a, b);
EXPLAIN (COSTS OFF) SELECT count(*) FROM pairs WHERE hscode_contained(a, '85');
SELECT count(*) FROM pairs WHERE hscode_contained(a, b);
RESET enable_seqscan;
