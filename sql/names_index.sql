-- names_index: gin_name_ops (text) and gin_name_array_ops (text[]) return
-- what a sequential scan returns for %%: the same query block on a seq scan
-- and on each index, on the labelled pairs and on generated variants of
-- them, with NULLs, empty names, inserts after the build, a threshold
-- change and TRUNCATE.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS trade_screen;
RESET client_min_messages;
SET extra_float_digits = 0;

SELECT opcname, amvalidate(oid)
  FROM pg_opclass
 WHERE opcnamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'trade_screen')
   AND opcname LIKE 'gin_name%'
 ORDER BY opcname COLLATE "C";

CREATE TEMP TABLE pairs (a text, b text, same int, category text);
\copy pairs FROM 'test/data/name_pairs.csv' WITH (FORMAT csv, HEADER true)

-- the list side: every name of the pairs, and generated variants (a letter
-- dropped, words swapped, a legal form added), NULLs and empty names
CREATE TABLE listed (id serial PRIMARY KEY, name text, names text[]);
INSERT INTO listed (name, names)
SELECT n, ARRAY[n, n || ' LLC']
  FROM (SELECT a AS n FROM pairs UNION SELECT b FROM pairs) x;
INSERT INTO listed (name, names)
SELECT CASE i % 3 WHEN 0 THEN overlay(n placing '' from (1 + i % greatest(length(n) - 1, 1))::int for 1)
                  WHEN 1 THEN regexp_replace(n, '^(\S+) (\S+)', '\2 \1')
                  ELSE 'ООО ' || n END,
       ARRAY[n]
  FROM (SELECT row_number() OVER (ORDER BY n COLLATE "C") AS i, n
          FROM (SELECT a AS n FROM pairs UNION SELECT b FROM pairs) y) x;
-- words in brackets (qualifiers, weighing as generic words) and plurals of
-- generic words
INSERT INTO listed (name, names)
SELECT CASE i % 2 WHEN 0 THEN regexp_replace(n, ' (\S+)$', ' (\1)') ELSE n || ' Holdings' END,
       ARRAY[n || ' (Almaty)', '(' || n || ') Groups']
  FROM (SELECT row_number() OVER (ORDER BY n COLLATE "C") AS i, n
          FROM (SELECT a AS n FROM pairs UNION SELECT b FROM pairs) y) x;
INSERT INTO listed (name, names) VALUES (NULL, NULL), ('', '{}'), ('ООО', ARRAY['ООО', NULL]);

CREATE TEMP TABLE probes AS
SELECT DISTINCT a AS q FROM pairs
UNION SELECT regexp_replace(a, '^(\S+) ', '(\1) ') FROM pairs WHERE same = 1
UNION SELECT 'Tekhsnab' UNION SELECT 'Kazakhstan' UNION SELECT '' UNION SELECT 'LLC';

CREATE FUNCTION answers(OUT text_rows bigint, OUT text_digest text, OUT array_rows bigint, OUT array_digest text)
LANGUAGE sql AS $$
    SELECT (SELECT count(*) FROM probes p JOIN listed l ON l.name %% p.q),
           (SELECT md5(string_agg(p.q || '=' || l.id, ',' ORDER BY p.q COLLATE "C", l.id))
              FROM probes p JOIN listed l ON l.name %% p.q),
           (SELECT count(*) FROM probes p JOIN listed l ON l.names %% p.q),
           (SELECT md5(string_agg(p.q || '=' || l.id, ',' ORDER BY p.q COLLATE "C", l.id))
              FROM probes p JOIN listed l ON l.names %% p.q)
$$;

-- seq scan
SET enable_indexscan = off;
SET enable_bitmapscan = off;
CREATE TEMP TABLE seq AS SELECT * FROM answers();
SELECT text_rows, array_rows FROM seq;
RESET enable_indexscan;
RESET enable_bitmapscan;

-- indexes
CREATE INDEX listed_name_gin ON listed USING gin (name gin_name_ops);
CREATE INDEX listed_names_gin ON listed USING gin (names gin_name_array_ops);
ANALYZE listed;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM probes p JOIN listed l ON l.name %% p.q;
EXPLAIN (COSTS OFF) SELECT count(*) FROM probes p JOIN listed l ON p.q %% l.names;
SELECT (SELECT row(s.*)::text FROM seq s) = (SELECT row(a.*)::text FROM answers() a) AS index_equals_seqscan;

-- rows inserted after the build
INSERT INTO listed (name, names) VALUES ('Techsnab Ltd', ARRAY['Техснаб Групп']), ('Himprom', ARRAY['Khimprom JSC']);
SELECT l.id > 0 AS found, l.name FROM listed l WHERE l.name %% 'Техснаб' AND l.name IN ('Techsnab Ltd') ;
SELECT l.name FROM listed l WHERE l.names %% 'ХИМПРОМ' ORDER BY l.name COLLATE "C";
SET enable_seqscan = on;
SET enable_indexscan = off;
SET enable_bitmapscan = off;
SELECT l.name FROM listed l WHERE l.names %% 'ХИМПРОМ' ORDER BY l.name COLLATE "C";
RESET enable_indexscan;
RESET enable_bitmapscan;

-- another threshold: the index still answers as the seq scan
SET trade_screen.name_threshold = 0.55;
SET enable_indexscan = off;
SET enable_bitmapscan = off;
CREATE TEMP TABLE seq55 AS SELECT * FROM answers();
RESET enable_indexscan;
RESET enable_bitmapscan;
SET enable_seqscan = off;
SELECT (SELECT row(s.*)::text FROM seq55 s) = (SELECT row(a.*)::text FROM answers() a) AS index_equals_seqscan_at_055,
       (SELECT text_rows FROM seq55) > (SELECT text_rows FROM seq) AS more_rows_at_055;
RESET trade_screen.name_threshold;

-- TRUNCATE empties the index
TRUNCATE listed;
SELECT count(*) AS after_truncate FROM listed WHERE name %% 'Tekhsnab';
INSERT INTO listed (name, names) VALUES ('Tekhsnab', ARRAY['Tekhsnab']);
SELECT count(*) AS after_insert FROM listed WHERE name %% 'Техснаб' AND names %% 'Техснаб';
RESET enable_seqscan;
DROP TABLE listed;
