-- route_gin_ops: amvalidate over our opclasses, then the same queries on a
-- seq scan and on the GIN index (EXPLAIN shown), results identical; NULLs,
-- inserts after the build, updates, deletes, VACUUM, TRUNCATE.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS trade_screen;
RESET client_min_messages;

SELECT opc.opcname COLLATE "C" AS opclass, am.amname AS am, amvalidate(opc.oid) AS valid
  FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
 WHERE opc.opcname IN ('country_ops', 'country_hash_ops', 'route_ops', 'route_hash_ops',
                       'route_gin_ops', 'route_gin_country_ops')
 ORDER BY 1, 2;

-- generated routes: 1 to 6 countries drawn from a weighted pool, some NULL
CREATE TABLE rt (id int PRIMARY KEY, r route);
CREATE FUNCTION gen_route(seed int) RETURNS route LANGUAGE sql IMMUTABLE AS $$
    SELECT route_from_countries(ARRAY(
        SELECT (ARRAY['DE','PL','LT','KZ','KG','AM','AE','TR','GE','UZ','CN','BY','RU','RU',
                      'RU','KZ','FI','IT'])[1 + ((seed * 2654435761::bigint + k * 40503) % 1000003) % 18]::country
          FROM generate_series(1, 1 + seed % 6) k)) $$;
-- plus routes that hold the legs of KZ>KG>RU without the sub-route (the
-- recheck must drop them) and routes that hold it
INSERT INTO rt SELECT i, CASE WHEN i % 50 = 0 THEN NULL
                              WHEN i % 37 = 0 THEN 'DE>KZ>KG>RU'
                              WHEN i % 41 = 0 THEN 'KZ>KG>AM>KG>RU'
                              WHEN i % 43 = 0 THEN 'KG>RU>KZ>KG'
                              ELSE gen_route(i) END
  FROM generate_series(1, 6000) i;

-- the query block, as a function of nothing: one row per query with the
-- number of rows and a checksum of their ids
CREATE TEMP TABLE queries (q text PRIMARY KEY, sql text);
INSERT INTO queries VALUES
    ('visits KZ', $$r @> 'KZ'::country$$),
    ('KZ visited (commuted)', $$'KZ'::country <@ r$$),
    ('visits ZZ (none)', $$r @> 'ZZ'::country$$),
    ('visits any KZ,KG,AM', $$r ?| '{KZ,KG,AM}'::country[]$$),
    ('visits any of none', $$r ?| '{}'::country[]$$),
    ('visits any with NULL', $$r ?| '{NULL,AM}'::country[]$$),
    ('visits all KZ,RU', $$r ?& '{KZ,RU}'::country[]$$),
    ('visits all of none', $$r ?& '{}'::country[]$$),
    ('leg KG>RU', $$r @> 'KG>RU'::route$$),
    ('leg RU>KZ', $$r @> 'RU>KZ'::route$$),
    ('sub-route KZ>KG>RU', $$r @> 'KZ>KG>RU'::route$$),
    ('sub-route KG>KZ>RU', $$r @> 'KG>KZ>RU'::route$$),
    ('sub-route DE>PL>LT>KZ', $$r @> 'DE>PL>LT>KZ'::route$$),
    ('sub-route of one country', $$r @> 'AE'::route$$),
    ('contained (commuted)', $$'KG>RU'::route <@ r$$);

CREATE FUNCTION run_queries() RETURNS TABLE (q text, n bigint, ids bigint)
LANGUAGE plpgsql AS $$
DECLARE
    x record;
BEGIN
    FOR x IN SELECT * FROM queries ORDER BY queries.q COLLATE "C" LOOP
        q := x.q;
        EXECUTE format('SELECT count(*), coalesce(sum(id::bigint * id), 0) FROM rt WHERE %s', x.sql)
            INTO n, ids;
        RETURN NEXT;
    END LOOP;
END $$;

SET enable_seqscan = on; SET enable_bitmapscan = off; SET enable_indexscan = off;
CREATE TEMP TABLE seq AS SELECT * FROM run_queries();
SELECT q, n FROM seq ORDER BY q COLLATE "C";

CREATE INDEX rt_gin ON rt USING gin (r);
SET enable_seqscan = off; SET enable_bitmapscan = on;
EXPLAIN (COSTS OFF) SELECT count(*) FROM rt WHERE r @> 'KZ'::country;
EXPLAIN (COSTS OFF) SELECT count(*) FROM rt WHERE r ?| '{KZ,KG,AM}'::country[];
EXPLAIN (COSTS OFF) SELECT count(*) FROM rt WHERE r ?& '{KZ,RU}'::country[];
EXPLAIN (COSTS OFF) SELECT count(*) FROM rt WHERE r @> 'KG>RU'::route;
EXPLAIN (COSTS OFF) SELECT count(*) FROM rt WHERE 'KZ'::country <@ r;
EXPLAIN (COSTS OFF) SELECT count(*) FROM rt WHERE r @> 'KZ>KG>RU'::route;
-- every query gives the seq scan's rows
SELECT i.q, i.n, (i.n, i.ids) = (s.n, s.ids) AS same_as_seq
  FROM run_queries() i JOIN seq s USING (q) ORDER BY i.q COLLATE "C";

-- inserts after the build, updates (to NULL and from NULL), deletes
INSERT INTO rt SELECT i, gen_route(i * 3) FROM generate_series(6001, 7000) i;
UPDATE rt SET r = gen_route(id + 17) WHERE id % 7 = 0;
UPDATE rt SET r = NULL WHERE id % 11 = 0;
UPDATE rt SET r = 'KG>KZ>RU' WHERE id % 50 = 0;
DELETE FROM rt WHERE id % 13 = 0;
VACUUM rt;
SET enable_seqscan = on; SET enable_bitmapscan = off;
CREATE TEMP TABLE seq2 AS SELECT * FROM run_queries();
SET enable_seqscan = off; SET enable_bitmapscan = on;
SELECT i.q, i.n, (i.n, i.ids) = (s.n, s.ids) AS same_as_seq
  FROM run_queries() i JOIN seq2 s USING (q) ORDER BY i.q COLLATE "C";

-- the pending list (fastupdate) answers too
ALTER INDEX rt_gin SET (fastupdate = on);
INSERT INTO rt SELECT i, gen_route(i * 5) FROM generate_series(7001, 7500) i;
SET enable_seqscan = on; SET enable_bitmapscan = off;
CREATE TEMP TABLE seq3 AS SELECT * FROM run_queries();
SET enable_seqscan = off; SET enable_bitmapscan = on;
SELECT count(*) AS queries, count(*) FILTER (WHERE (i.n, i.ids) = (s.n, s.ids)) AS same_as_seq
  FROM run_queries() i JOIN seq3 s USING (q);

-- route_gin_country_ops (country keys only) answers the same, rechecking legs
DROP INDEX rt_gin;
CREATE INDEX rt_gin_country ON rt USING gin (r route_gin_country_ops);
EXPLAIN (COSTS OFF) SELECT count(*) FROM rt WHERE r @> 'KG>RU'::route;
SELECT i.q, i.n, (i.n, i.ids) = (s.n, s.ids) AS same_as_seq
  FROM run_queries() i JOIN seq3 s USING (q) ORDER BY i.q COLLATE "C";
DROP INDEX rt_gin_country;
CREATE INDEX rt_gin ON rt USING gin (r);

-- TRUNCATE empties the index
TRUNCATE rt;
SELECT count(*) AS after_truncate FROM rt WHERE r @> 'KZ'::country;
INSERT INTO rt VALUES (1, 'DE>KZ>RU'), (2, NULL), (3, 'KG>RU');
SELECT id, r FROM rt WHERE r @> 'RU'::country ORDER BY id;

RESET enable_seqscan; RESET enable_bitmapscan; RESET enable_indexscan;
DROP TABLE rt;
