-- bench/detect/evaluate.sql: detection quality of a scorer over decl (bench/detect/load.sql).
--   psql -v scorer='<SQL expression over decl's columns>' -f bench/detect/evaluate.sql
-- Scores every row of decl with :scorer and with the naive rule "CHPL goods to RU or BY"
-- (1 or 0), joins the ground truth afterwards and prints markdown tables:
--   per typology: ROC AUC against all clean rows and against the hard negatives only
--   (positives = rows of the typology; ties count half), and precision in the top 1% of all
--   rows (rows of the typology over rows of the typology plus clean rows among the top 1%;
--   rows tied at the cut count by the fraction of their score group that fits in it);
--   per hard-negative kind: its share of the top 1% and the AUC of all planted rows against it,
--   and the scorer's AUC of each typology against each kind;
--   per variant of each typology: the scorer's AUC against all clean rows.
-- The last line, "check: ok" or "check: FAILED ...", applies the issue's target: AUC at least
-- 0.95 on every typology and above the naive rule's.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
\pset footer off

DROP TABLE IF EXISTS detect_scores;
CREATE TABLE detect_scores AS
SELECT d.decl_id,
       (:scorer)::double precision AS scorer,
       (d.hs <@ watchlist('CHPL', NULL, '2024-02-23')
        AND route_destination(d.route) IN ('RU', 'BY'))::int::double precision AS naive
  FROM decl d;

CREATE TEMP TABLE ev AS
SELECT m.method, t.label, t.hard_negative, t.variant,
       coalesce(CASE m.method WHEN 'scorer' THEN s.scorer ELSE s.naive END, 0) AS score
  FROM detect_scores s JOIN decl_truth t USING (decl_id)
 CROSS JOIN (VALUES ('scorer'), ('naive')) AS m(method);
ANALYZE ev;

-- AUC by ranks: for every score a method gives, how many clean rows (and hard negatives)
-- score below it and equal to it; a positive row adds (below + equal / 2) / negatives
CREATE TEMP TABLE cum AS
SELECT method, score, sum(n) OVER w - n AS n_below, n AS n_eq,
       sum(nh) OVER w - nh AS nh_below, nh AS nh_eq
  FROM (SELECT method, score, count(*) FILTER (WHERE label = 'clean') AS n,
               count(*) FILTER (WHERE label = 'clean' AND hard_negative IS NOT NULL) AS nh
          FROM ev GROUP BY 1, 2) g
WINDOW w AS (PARTITION BY method ORDER BY score);
CREATE TEMP TABLE tot AS
SELECT method, count(*) FILTER (WHERE label = 'clean') AS n,
       count(*) FILTER (WHERE label = 'clean' AND hard_negative IS NOT NULL) AS nh
  FROM ev GROUP BY 1;
CREATE TEMP TABLE pos AS
SELECT e.method, e.label, e.variant, (c.n_below + 0.5 * c.n_eq) / t.n AS r,
       (c.nh_below + 0.5 * c.nh_eq) / t.nh AS rh
  FROM ev e JOIN cum c USING (method, score) JOIN tot t USING (method)
 WHERE e.label <> 'clean';

CREATE TEMP TABLE auc AS
SELECT method, label AS typ, count(*) AS positives, avg(r) AS auc, avg(rh) AS auc_hard
  FROM pos GROUP BY 1, 2
UNION ALL
SELECT method, 'all typologies', count(*), avg(r), avg(rh) FROM pos GROUP BY 1;

-- the top 1% of all rows: the weight of each row in it (1, 0, or a fraction at the cut)
CREATE TEMP TABLE top AS
WITH k AS (SELECT ceil(0.01 * count(*) / 2) AS k FROM ev),
sc AS (SELECT method, score, count(*) AS cnt FROM ev GROUP BY 1, 2),
cut AS (
    SELECT method, score,
           greatest(0, least(1, (k - (sum(cnt) OVER (PARTITION BY method ORDER BY score DESC) - cnt))
                                / cnt::double precision)) AS f
      FROM sc, k)
SELECT e.method, e.label, e.hard_negative, sum(c.f) AS w, count(*) AS rows
  FROM ev e JOIN cut c USING (method, score)
 GROUP BY 1, 2, 3;

CREATE TEMP TABLE prec AS
SELECT t.method, y.typ,
       sum(t.w) FILTER (WHERE t.label = y.typ)
       / nullif(sum(t.w) FILTER (WHERE t.label IN (y.typ, 'clean')), 0) AS p_at_1
  FROM top t CROSS JOIN (SELECT DISTINCT label AS typ FROM ev WHERE label <> 'clean') y
 GROUP BY 1, 2
UNION ALL
SELECT method, 'all typologies', sum(w) FILTER (WHERE label <> 'clean') / sum(w)
  FROM top GROUP BY 1;

-- AUC of all planted rows against each kind of clean row: the kind's rows, and every
-- score of a planted row with no row of the kind, ranked together
CREATE TEMP TABLE kind_auc AS
WITH k AS (
    SELECT method, coalesce(hard_negative, '(ordinary clean trade)') AS kind, score, count(*) AS n
      FROM ev WHERE label = 'clean' GROUP BY 1, 2, 3
    UNION ALL
    SELECT p.method, kk.kind, p.score, 0
      FROM (SELECT DISTINCT method, score FROM ev WHERE label <> 'clean') p
     CROSS JOIN (SELECT DISTINCT coalesce(hard_negative, '(ordinary clean trade)') AS kind
                   FROM ev WHERE label = 'clean') kk),
g AS (SELECT method, kind, score, sum(n) AS n FROM k GROUP BY 1, 2, 3),
c AS (SELECT *, sum(n) OVER w - n AS n_below, sum(n) OVER (PARTITION BY method, kind) AS n_tot
        FROM g WINDOW w AS (PARTITION BY method, kind ORDER BY score))
SELECT e.method, e.label, c.kind, avg((c.n_below + 0.5 * c.n) / c.n_tot) AS auc
  FROM ev e JOIN c USING (method, score)
 WHERE e.label <> 'clean'
 GROUP BY GROUPING SETS ((1, 2, 3), (1, 3));
UPDATE kind_auc SET label = 'all typologies' WHERE label IS NULL;

\echo
\echo '| typology | rows | AUC scorer | AUC naive | AUC scorer, hard negatives only | AUC naive, hard negatives only | precision top 1% scorer | precision top 1% naive |'
\echo '|---|---:|---:|---:|---:|---:|---:|---:|'
\pset format unaligned
\pset tuples_only on
SELECT format('| %s | %s | %s | %s | %s | %s | %s | %s |', s.typ, s.positives,
              to_char(s.auc, 'FM0.000'), to_char(n.auc, 'FM0.000'),
              to_char(s.auc_hard, 'FM0.000'), to_char(n.auc_hard, 'FM0.000'),
              to_char(ps.p_at_1, 'FM0.000'), to_char(pn.p_at_1, 'FM0.000'))
  FROM auc s JOIN auc n ON n.typ = s.typ AND n.method = 'naive'
  JOIN prec ps ON ps.typ = s.typ AND ps.method = 'scorer'
  JOIN prec pn ON pn.typ = s.typ AND pn.method = 'naive'
 WHERE s.method = 'scorer'
 ORDER BY s.typ = 'all typologies', s.typ COLLATE "C";

\echo
\echo '| hard negative (clean rows) | rows | share of top 1% scorer | share of top 1% naive | mean score scorer | mean score naive | AUC scorer, all typologies vs this kind | AUC naive, all typologies vs this kind |'
\echo '|---|---:|---:|---:|---:|---:|---:|---:|'
WITH kinds AS (
    SELECT coalesce(hard_negative, '(ordinary clean trade)') AS kind, method,
           count(*) AS rows, avg(score) AS mean
      FROM ev WHERE label = 'clean' GROUP BY 1, 2),
tops AS (
    SELECT coalesce(hard_negative, '(ordinary clean trade)') AS kind, method,
           sum(w) / (SELECT sum(w) FROM top t2 WHERE t2.method = t.method) AS share
      FROM top t WHERE label = 'clean' GROUP BY 1, 2)
SELECT format('| %s | %s | %s | %s | %s | %s | %s | %s |', ks.kind, ks.rows,
              to_char(coalesce(ts.share, 0), 'FM0.000'), to_char(coalesce(tn.share, 0), 'FM0.000'),
              to_char(ks.mean, 'FM0.000'), to_char(kn.mean, 'FM0.000'),
              to_char(s.auc, 'FM0.000'), to_char(n.auc, 'FM0.000'))
  FROM kinds ks
  JOIN kinds kn ON kn.kind = ks.kind AND kn.method = 'naive'
  LEFT JOIN tops ts ON ts.kind = ks.kind AND ts.method = 'scorer'
  LEFT JOIN tops tn ON tn.kind = ks.kind AND tn.method = 'naive'
  JOIN kind_auc s ON s.kind = ks.kind AND s.method = 'scorer' AND s.label = 'all typologies'
  JOIN kind_auc n ON n.kind = ks.kind AND n.method = 'naive' AND n.label = 'all typologies'
 WHERE ks.method = 'scorer'
 ORDER BY ks.kind COLLATE "C";

\echo
\echo 'AUC of the scorer, each typology against each kind of clean row:'
\echo
SELECT '| typology | ' || string_agg(kind, ' | ' ORDER BY kind COLLATE "C") || ' |'
       || E'\n|---|' || repeat('---:|', count(*)::int)
  FROM (SELECT DISTINCT kind FROM kind_auc) k;
SELECT format('| %s | %s |', label,
              string_agg(to_char(auc, 'FM0.000'), ' | ' ORDER BY kind COLLATE "C"))
  FROM kind_auc WHERE method = 'scorer'
 GROUP BY label
 ORDER BY label = 'all typologies', label COLLATE "C";

\echo
\echo '| typology: variant (how the case was planted) | rows | AUC scorer | AUC naive |'
\echo '|---|---:|---:|---:|'
WITH a AS (SELECT method, label, variant, count(*) AS rows, avg(r) AS auc
             FROM pos GROUP BY 1, 2, 3)
SELECT format('| %s: %s | %s | %s | %s |', s.label, s.variant, s.rows,
              to_char(s.auc, 'FM0.000'), to_char(n.auc, 'FM0.000'))
  FROM a s JOIN a n ON (n.label, n.variant, n.method) = (s.label, s.variant, 'naive')
 WHERE s.method = 'scorer'
 ORDER BY s.label COLLATE "C", s.variant COLLATE "C";

\echo
\echo 'Levels of the scorer (default thresholds: low from 0.2, medium from 0.4, high from 0.7), as shares of each kind of row: clean trade before and after the cutoff (2022-02-24), hard negatives after it, and each typology.'
\echo
\echo '| rows | n | none | low | medium | high |'
\echo '|---|---:|---:|---:|---:|---:|'
SELECT format('| %s | %s | %s | %s | %s | %s |', k, count(*),
              to_char(avg((x < 0.2)::int), 'FM0.000'), to_char(avg((x >= 0.2 AND x < 0.4)::int), 'FM0.000'),
              to_char(avg((x >= 0.4 AND x < 0.7)::int), 'FM0.000'), to_char(avg((x >= 0.7)::int), 'FM0.000'))
  FROM (SELECT coalesce(s.scorer, 0) AS x,
               CASE WHEN t.label <> 'clean' THEN t.label
                    WHEN d.decl_date < date '2022-02-24' THEN 'clean, before the cutoff'
                    WHEN t.hard_negative IS NULL THEN 'clean, after the cutoff'
                    ELSE 'clean, after the cutoff: ' || t.hard_negative END AS k
          FROM detect_scores s JOIN decl_truth t USING (decl_id) JOIN decl d USING (decl_id)) y
 GROUP BY k ORDER BY k COLLATE "C";

\echo
SELECT CASE WHEN count(*) = 0 THEN 'check: ok'
            ELSE 'check: FAILED ' || string_agg(format('%s (AUC %s, naive %s)', s.typ,
                                                       to_char(s.auc, 'FM0.000'), to_char(n.auc, 'FM0.000')),
                                                ', ' ORDER BY s.typ COLLATE "C")
       END
  FROM auc s JOIN auc n ON n.typ = s.typ AND n.method = 'naive'
 WHERE s.method = 'scorer' AND s.typ <> 'all typologies'
   AND (s.auc < 0.95 OR s.auc <= n.auc);
