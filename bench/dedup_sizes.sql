-- bench/dedup_sizes.sql: btree sizes of country and route with deduplication
-- (btequalimage in country_ops and route_ops, 0.2.0) and without it (as in
-- 0.1.0, reproduced with deduplicate_items = off), next to an hscode index
-- on the same 1M rows.  psql -f bench/dedup_sizes.sql in a database with
-- trade_screen; prints the sizes.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
DROP TABLE IF EXISTS dedup_sizes;
CREATE TABLE dedup_sizes AS
SELECT (ARRAY['KZ','KG','AM','AE','TR','GE','RU','BY','CN','DE'])[1 + (i::bigint * 7919) % 10]::country AS c,
       (ARRAY['DE>PL>KZ>RU','IT>AE>KG>RU','FR>TR>GE>AM','CN>KZ>RU','DE>RU'])[1 + (i::bigint * 104729) % 5]::route AS r,
       ('85423' || lpad(((i::bigint * 7919) % 100000)::text, 5, '0'))::hscode AS h
  FROM generate_series(1, 1000000) i;
CREATE INDEX dedup_sizes_country ON dedup_sizes (c);
CREATE INDEX dedup_sizes_country_0_1_0 ON dedup_sizes (c) WITH (deduplicate_items = off);
CREATE INDEX dedup_sizes_route ON dedup_sizes (r);
CREATE INDEX dedup_sizes_route_0_1_0 ON dedup_sizes (r) WITH (deduplicate_items = off);
CREATE INDEX dedup_sizes_hscode ON dedup_sizes (h);
SELECT relname AS index, pg_size_pretty(pg_relation_size(oid)) AS size
  FROM pg_class WHERE relname LIKE 'dedup_sizes_%' ORDER BY relname;
DROP TABLE dedup_sizes;
