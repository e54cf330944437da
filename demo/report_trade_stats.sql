-- demo/report_trade_stats.sql: mirror gaps and re-exports in the sample's
-- trade statistics (demo/load_trade_stats.sql), by mirror_gap and
-- pass_through; the planted ghost and re-export values judge them.  The
-- sample's lanes are thin (a few shipments a month, a part recorded a month
-- later), so they are compared by quarter: a quarter is a period like a
-- month, and the lag then matters little.
\pset footer off
\pset null '-'
SET search_path = sample, public;

\echo
\echo '== Mirror gaps: coalition exports the partner never recorded as imports (mirror_gap by quarter, cutoff 2022-03)'
WITH x AS (
    SELECT partner, hs, date_trunc('quarter', period)::date AS period, sum(value) AS exported
      FROM trade_stats
     WHERE flow = 'X' AND reporter IN ('DE','IT','FR','PL','NL','CZ','AT','LT','FI','US','JP')
     GROUP BY 1, 2, 3
), m AS (
    SELECT reporter AS partner, hs, date_trunc('quarter', period)::date AS period, sum(value) AS imported
      FROM trade_stats
     WHERE flow = 'M' AND partner IN ('DE','IT','FR','PL','NL','CZ','AT','LT','FI','US','JP')
     GROUP BY 1, 2, 3
), lanes AS (
    -- the partner published every quarter: a quarter without a row is 0
    SELECT x.partner, x.hs, x.period, x.exported, coalesce(m.imported, 0) AS imported
      FROM x LEFT JOIN m USING (partner, hs, period)
), ghosts AS (
    SELECT (SELECT l FROM unnest(string_to_array(d.route::text, '>')) WITH ORDINALITY u(l, k)
             WHERE l NOT IN ('DE','IT','FR','PL','NL','CZ','AT','LT','FI','US','JP') ORDER BY k LIMIT 1) AS partner,
           hs_chapter(d.hs) AS hs, sum(d.value_usd) AS ghost_usd
      FROM declarations d WHERE d.planted IS NOT NULL AND hashint8(d.decl_id) % 2 = 0
     GROUP BY 1, 2
)
SELECT l.partner, l.hs AS chapter, round((g).ratio_before::numeric, 2) AS ratio_before,
       round((g).ratio_after::numeric, 2) AS ratio_after, round((g).phantom_share::numeric, 2) AS phantom,
       round(((g).missing_after / 1e3)::numeric) AS missing_kusd, round((g).score::numeric, 2) AS score,
       round((coalesce(gh.ghost_usd, 0) / 1e3)::numeric) AS planted_ghost_kusd
  FROM (SELECT partner, hs, mirror_gap(period, exported, imported, '2022-03-01', 0.05, 1, 100000) AS g FROM lanes GROUP BY partner, hs) l
  LEFT JOIN ghosts gh ON gh.partner = l.partner AND gh.hs = l.hs
 ORDER BY (g).score DESC, l.partner, l.hs
 LIMIT 8;

\echo
\echo '== Re-exports: hub imports from the coalition that left again for Russia (pass_through by quarter, cutoff 2022-03)'
WITH m AS (
    SELECT reporter AS hub, hs, date_trunc('quarter', period)::date AS period, sum(value) AS imported
      FROM trade_stats
     WHERE flow = 'M' AND partner IN ('DE','IT','FR','PL','NL','CZ','AT','LT','FI','US','JP')
     GROUP BY 1, 2, 3
), x AS (
    SELECT reporter AS hub, hs, date_trunc('quarter', period)::date AS period, sum(value) AS exported
      FROM trade_stats WHERE flow = 'X' AND partner = 'RU'
     GROUP BY 1, 2, 3
), hub AS (
    SELECT hub, hs, period, coalesce(m.imported, 0) AS imported, coalesce(x.exported, 0) AS exported
      FROM m FULL JOIN x USING (hub, hs, period)
), planted AS (
    SELECT d.dispatch::text AS hub, hs_chapter(d.hs) AS hs, sum(d.value_usd) AS reexport_usd
      FROM declarations d WHERE d.planted IS NOT NULL AND hashint8(d.decl_id) % 2 <> 0
     GROUP BY 1, 2
)
SELECT h.hub, h.hs AS chapter, round(((p).import_surge / 1e3)::numeric) AS import_surge_kusd,
       round(((p).export_surge / 1e3)::numeric) AS export_surge_kusd, round((p).pass_through_share::numeric, 2) AS share,
       round((p).score::numeric, 2) AS score, round((coalesce(pl.reexport_usd, 0) / 1e3)::numeric) AS planted_reexport_kusd
  FROM (SELECT hub, hs, pass_through(period, imported, exported, '2022-03-01', 100000) AS p FROM hub GROUP BY hub, hs) h
  LEFT JOIN planted pl ON pl.hub = h.hub AND pl.hs = h.hs
 ORDER BY (p).score DESC, h.hub, h.hs
 LIMIT 8;
