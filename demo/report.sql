-- demo/report.sql: the screening report of the main job.  Every flag comes
-- from the scoring engine (screen_declaration, with the baselines that
-- demo/load_scoring.sql fitted): no rule is written here.  Then the planted
-- ground truth judges it, and lane_change ranks the real Eurostat lanes.
\pset footer off
\pset null '-'
SET search_path = sample, public;

\echo
\echo '== Sample customs declarations'
SELECT count(*) AS declarations, min(decl_date) AS first, max(decl_date) AS last,
       count(DISTINCT hs) AS tariff_lines, count(DISTINCT route) AS routes,
       count(DISTINCT exporter) AS exporters, round(sum(value_usd) / 1e6, 1) AS value_musd
  FROM declarations;

\echo
\echo '== Scoring profile (screen_fit) and the levels it gave'
SELECT p.profile, p.version, p.cutoff, p.watchlist, p.fitted_rows, p.rows_before_cutoff, p.has_history
  FROM screen_profiles p WHERE p.profile = 'default';
SELECT level, count(*) AS declarations, round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct,
       round(min(score)::numeric, 2) AS min_score
  FROM screened GROUP BY level
 ORDER BY min(score) DESC;

\echo
\echo '== The 15 highest-scoring declarations, with the indicators that fired (contribution)'
SELECT d.decl_id, d.decl_date, hs_format(d.hs, 'hs') AS hs, d.origin, d.route, d.exporter,
       round(s.score::numeric, 3) AS score, s.level,
       (SELECT string_agg((r->>'indicator') || ' ' || round((r->>'contribution')::numeric, 2), ', ')
          FROM jsonb_array_elements(s.reasons) r) AS reasons
  FROM screened s JOIN declarations d USING (decl_id)
 ORDER BY s.score DESC, d.decl_id
 LIMIT 15;

\echo
\echo '== Why: the reasons of the top declaration, as screen_declaration returns them'
SELECT jsonb_pretty(s.reasons) AS reasons
  FROM screened s
 ORDER BY s.score DESC, s.decl_id
 LIMIT 1;

\echo
\echo '== Indicators: how often each fired, and its mean contribution'
SELECT r->>'indicator' AS indicator, count(*) AS declarations,
       round(avg((r->>'contribution')::numeric), 3) AS mean_contribution
  FROM screened s, jsonb_array_elements(s.reasons) r
 GROUP BY 1
 ORDER BY 2 DESC, 1;

\echo
\echo '== Washing machines (HS 8450) into Russia by dispatch country and year'
SELECT d.dispatch, extract(year FROM d.decl_date)::int AS year, count(*) AS declarations,
       sum(d.quantity)::bigint AS units, round(avg(s.score)::numeric, 2) AS mean_score
  FROM declarations d JOIN screened s USING (decl_id)
 WHERE d.hs <@ '8450' AND d.destination = 'RU'
 GROUP BY 1, 2
 ORDER BY 1, 2;

\echo
\echo '== Judged against the planted ground truth (demo/generate.sql): medium or high counts as flagged'
SELECT coalesce(d.planted, '(clean trade)') AS scheme, count(*) AS declarations,
       count(*) FILTER (WHERE s.level IN ('medium', 'high')) AS flagged,
       round(avg(s.score)::numeric, 3) AS mean_score
  FROM declarations d JOIN screened s USING (decl_id)
 GROUP BY 1
 ORDER BY 1;
-- ROC AUC of the score, planted against clean (ties count half)
WITH ranked AS (
    SELECT d.planted IS NOT NULL AS positive, rank() OVER (ORDER BY s.score) AS lo,
           count(*) OVER (PARTITION BY s.score) AS ties
      FROM declarations d JOIN screened s USING (decl_id)
)
SELECT round(((sum(lo + (ties - 1) / 2.0) FILTER (WHERE positive))
              - count(*) FILTER (WHERE positive) * (count(*) FILTER (WHERE positive) + 1) / 2.0)
             / (count(*) FILTER (WHERE positive) * count(*) FILTER (WHERE NOT positive)), 3) AS roc_auc_planted_vs_clean,
       (SELECT count(*) FILTER (WHERE p.planted IS NOT NULL) FROM (
            SELECT d.planted FROM declarations d JOIN screened s USING (decl_id)
             ORDER BY s.score DESC, d.decl_id LIMIT (SELECT count(*) / 100 FROM declarations)) p) AS planted_in_top_1pct,
       (SELECT count(*) / 100 FROM declarations) AS top_1pct
  FROM ranked;

\echo
\echo '== Surging lanes: EU exports of sanctioned headings to five hubs (Eurostat), March-December 2022 against 2021'
SELECT rank() OVER (ORDER BY (c).score DESC) AS rank, partner, hs4,
       round((c).score::numeric, 2) AS score, round((c).before_level / 1e3) AS before_keur_month,
       round((c).after_level / 1e3) AS after_keur_month, round((c).ratio::numeric, 1) AS ratio
  FROM (SELECT partner, hs4, lane_change(to_date(period, 'YYYY-MM'), value_eur, '2022-03-01', 10) AS c
          FROM eu_exports WHERE partner NOT IN ('RU', 'BY') GROUP BY partner, hs4) l
 ORDER BY (c).score DESC, partner, hs4
 LIMIT 10;
RESET search_path;
