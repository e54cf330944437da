-- demo/report_watchlists.sql: goods of the Common High Priority List in the
-- declarations, by tier, read through the hscode index (each tier's set is
-- one index scan: "hs <@ watchlist('CHPL', tiers)").
\set QUIET on
\pset footer off
SET search_path = sample, public;
\echo
\echo 'CHPL goods by tier (Common High Priority List of 2024-02-23)'
SELECT t.tier,
       left(t.definition, 60) || CASE WHEN length(t.definition) > 60 THEN '...' END AS tier_definition,
       x.declarations, round(x.value_usd) AS value_usd, x.codes, x.exporters
  FROM watchlist_tiers t
 CROSS JOIN LATERAL (
       SELECT count(*) AS declarations, coalesce(sum(d.value_usd), 0) AS value_usd,
              count(DISTINCT d.hs) AS codes, count(DISTINCT d.exporter) AS exporters
         FROM declarations d
        WHERE d.hs <@ watchlist('CHPL', ARRAY[t.tier])) x
 WHERE t.list = 'CHPL'
 ORDER BY t.tier_order;

\echo 'CHPL subheadings declared most, by value'
SELECT w.tier, w.code AS subheading, left(w.note, 50) AS description,
       count(*) AS declarations, round(sum(d.value_usd)) AS value_usd,
       string_agg(DISTINCT d.destination::text, ',' ORDER BY d.destination::text) AS destinations
  FROM watchlists w
  JOIN declarations d ON d.hs <@ w.code
 WHERE w.list = 'CHPL' AND NOT w.excluded
 GROUP BY w.tier, w.code, w.note
 ORDER BY sum(d.value_usd) DESC NULLS LAST, w.code
 LIMIT 10;

\echo 'how the tier counts are read (one index scan per tier)'
EXPLAIN (COSTS OFF)
SELECT count(*) FROM declarations d WHERE d.hs <@ watchlist('CHPL', ARRAY['1']);
