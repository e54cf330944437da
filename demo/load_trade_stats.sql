-- demo/load_trade_stats.sql: trade statistics of the sample, both sides, for
-- the mirror-gap and re-export section of the report (demo/report_trade_stats.sql).
-- Built from sample.declarations as the statistics offices would record them:
--  - coalition exports (flow X, FOB): the origin reports an export to the
--    first country of the route outside the coalition, in the month declared;
--  - partner imports (flow M, CIF: 5% more): that country records an import
--    from the origin when the goods are cleared there, about three weeks later
--    (so a part falls in the next month): they end there, or a local firm
--    dispatches them on (a re-export);
--  - hub exports to Russia (flow X): the dispatching country reports them.
-- Half of the planted shipments (by a hash of decl_id) are "ghost trade":
-- the goods cross the hub under transit and neither its imports nor its
-- exports record them; the other half are cleared and re-exported.
-- Runs after demo/load_routes.sql (countries and routes typed).
SET client_min_messages = warning;
DROP TABLE IF EXISTS sample.trade_stats;
CREATE TABLE sample.trade_stats (
    reporter text NOT NULL,
    partner text NOT NULL,
    flow text NOT NULL CHECK (flow IN ('X', 'M')),
    hs hscode NOT NULL,
    edition text NOT NULL,
    period date NOT NULL,
    value double precision NOT NULL
);
COMMENT ON TABLE sample.trade_stats IS 'monthly trade statistics of the sample (demo/load_trade_stats.sql): reporter, partner, flow (X exports FOB, M imports CIF), HS chapter, edition, month, value in USD';

WITH d AS (
    SELECT x.*, (string_to_array(x.route::text, '>')) AS legs,
           x.planted IS NOT NULL AND hashint8(x.decl_id) % 2 = 0 AS ghost
      FROM sample.declarations x
), first_out AS (
    SELECT d.*,
           (SELECT l FROM unnest(d.legs) WITH ORDINALITY u(l, k)
             WHERE l NOT IN ('DE','IT','FR','PL','NL','CZ','AT','LT','FI','US','JP') ORDER BY k LIMIT 1) AS partner
      FROM d
     WHERE d.origin::text IN ('DE','IT','FR','PL','NL','CZ','AT','LT','FI','US','JP')
)
INSERT INTO sample.trade_stats
-- coalition exports, as the origin reports them
SELECT origin::text, partner, 'X', hs_chapter(hs), 'HS2022', date_trunc('month', decl_date)::date, sum(value_usd)::float8
  FROM first_out WHERE partner IS NOT NULL
 GROUP BY 1, 2, 4, 6
UNION ALL
-- partner imports, as the partner records them: cleared goods only
SELECT partner, origin::text, 'M', hs_chapter(hs), 'HS2022', date_trunc('month', decl_date + 20)::date,
       1.05 * sum(value_usd)::float8
  FROM first_out
 WHERE partner IS NOT NULL AND NOT ghost
   AND (destination::text = partner OR dispatch::text = partner)
 GROUP BY 1, 2, 4, 6
UNION ALL
-- hub exports to Russia of goods from the coalition, as the hub reports them
SELECT dispatch::text, 'RU', 'X', hs_chapter(hs), 'HS2022', date_trunc('month', decl_date + 20)::date, sum(value_usd)::float8
  FROM first_out
 WHERE destination::text = 'RU' AND dispatch::text = partner AND NOT ghost
 GROUP BY 1, 4, 6;
ANALYZE sample.trade_stats;
