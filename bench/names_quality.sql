-- bench/names_quality.sql: precision, recall, F1 at each scorer's threshold
-- and ROC AUC, for name_similarity and the two pg_trgm peers, on the
-- labelled pairs of test/data/name_pairs.csv.  Run from the repository's
-- top folder in a database with trade_screen, pg_trgm and unaccent:
--   psql -f bench/names_quality.sql
\set QUIET on
SET client_min_messages = warning;
SET extra_float_digits = 0;
CREATE TEMP TABLE pairs (a text, b text, same int, category text);
\copy pairs FROM 'test/data/name_pairs.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE scored AS
SELECT p.*, 'name_similarity' AS scorer, name_similarity(a, b) AS score,
       current_setting('trade_screen.name_threshold')::float8 AS threshold
  FROM pairs p
UNION ALL
SELECT p.*, 'similarity(raw)', similarity(a, b), current_setting('pg_trgm.similarity_threshold')::float8
  FROM pairs p
UNION ALL
SELECT p.*, 'similarity(lower(unaccent))', similarity(lower(unaccent(a)), lower(unaccent(b))),
       current_setting('pg_trgm.similarity_threshold')::float8
  FROM pairs p;
\set QUIET off
WITH c AS (
    SELECT scorer, max(threshold) AS threshold,
           count(*) FILTER (WHERE same = 1 AND score >= threshold) AS tp,
           count(*) FILTER (WHERE same = 0 AND score >= threshold) AS fp,
           count(*) FILTER (WHERE same = 1 AND score < threshold) AS fn
      FROM scored GROUP BY scorer
), auc AS (
    SELECT p.scorer,
           avg(CASE WHEN p.score > n.score THEN 1.0 WHEN p.score = n.score THEN 0.5 ELSE 0.0 END) AS auc
      FROM scored p JOIN scored n ON n.scorer = p.scorer AND n.same = 0
     WHERE p.same = 1
     GROUP BY p.scorer
)
SELECT c.scorer, c.threshold, tp, fp, fn,
       round(tp::numeric / nullif(tp + fp, 0), 3) AS precision,
       round(tp::numeric / nullif(tp + fn, 0), 3) AS recall,
       round(2 * tp::numeric / nullif(2 * tp + fp + fn, 0), 3) AS f1,
       round(auc.auc, 3) AS roc_auc
  FROM c JOIN auc USING (scorer)
 ORDER BY c.scorer COLLATE "C";
-- errors of name_similarity by category
SELECT category, same, count(*) AS pairs,
       count(*) FILTER (WHERE (score >= threshold) <> (same = 1)) AS wrong
  FROM scored WHERE scorer = 'name_similarity'
 GROUP BY category, same ORDER BY same DESC, category COLLATE "C";
