-- bench/names_quality.sql: precision, recall, F1 at each scorer's threshold,
-- ROC AUC and ties, for name_similarity and the two pg_trgm peers, on
--   project: the project's labelled pairs (test/data/name_pairs.csv);
--   public dev / public test: pairs from public sanctions lists
--     (test/data/public_name_pairs.csv, scripts/public-name-pairs.py): an
--     organisation and its own alias, or two listed organisations sharing a
--     word; "test" is never used to tune anything.
-- ties: the share of pairs scoring exactly 1, and of the pairs at or above
-- the threshold (a review list) the share whose score another pair of that
-- list has too (a reviewer cannot order those).
-- Run from the repository's top folder in a database with trade_screen,
-- pg_trgm and unaccent:  psql -f bench/names_quality.sql
\set QUIET on
SET client_min_messages = warning;
SET extra_float_digits = 0;
CREATE TEMP TABLE pairs (a text, b text, same int, category text, source text, part text);
CREATE TEMP TABLE project (a text, b text, same int, category text);
\copy project FROM 'test/data/name_pairs.csv' WITH (FORMAT csv, HEADER true)
INSERT INTO pairs SELECT a, b, same, category, 'project', 'project' FROM project;
\copy pairs FROM 'test/data/public_name_pairs.csv' WITH (FORMAT csv, HEADER true)
UPDATE pairs SET part = 'public ' || part WHERE part <> 'project';
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
    SELECT part, scorer, max(threshold) AS threshold, count(*) AS pairs,
           count(*) FILTER (WHERE same = 1 AND score >= threshold) AS tp,
           count(*) FILTER (WHERE same = 0 AND score >= threshold) AS fp,
           count(*) FILTER (WHERE same = 1 AND score < threshold) AS fn,
           avg((score = 1)::int) AS ones
      FROM scored GROUP BY part, scorer
), ranked AS (
    SELECT part, scorer, same, score,
           rank() OVER (PARTITION BY part, scorer ORDER BY score) AS r,
           count(*) OVER (PARTITION BY part, scorer, score) AS t,
           score >= threshold AS listed,
           count(*) FILTER (WHERE same = 1) OVER (PARTITION BY part, scorer) AS np,
           count(*) FILTER (WHERE same = 0) OVER (PARTITION BY part, scorer) AS nn
      FROM scored
), auc AS (
    -- Mann-Whitney: (sum of the positives' mid-ranks - np(np+1)/2) / (np nn)
    SELECT part, scorer,
           (sum(r + (t - 1) / 2.0) FILTER (WHERE same = 1) - max(np) * (max(np) + 1) / 2.0)
             / nullif(max(np) * max(nn), 0) AS auc,
           avg((t > 1)::int) FILTER (WHERE listed) AS tied
      FROM ranked GROUP BY part, scorer
)
SELECT c.part, c.scorer, c.threshold, pairs, tp, fp, fn,
       round(tp::numeric / nullif(tp + fp, 0), 3) AS precision,
       round(tp::numeric / nullif(tp + fn, 0), 3) AS recall,
       round(2 * tp::numeric / nullif(2 * tp + fp + fn, 0), 3) AS f1,
       round(auc.auc, 3) AS roc_auc,
       round(c.ones, 3) AS score_1, round(auc.tied, 3) AS tied
  FROM c JOIN auc USING (part, scorer)
 ORDER BY c.part COLLATE "C", c.scorer COLLATE "C";
-- errors of name_similarity by category (the project's pairs) and kind (public dev)
SELECT part, category, same, count(*) AS pairs,
       count(*) FILTER (WHERE (score >= threshold) <> (same = 1)) AS wrong
  FROM scored WHERE scorer = 'name_similarity' AND part IN ('project', 'public dev')
 GROUP BY part, category, same ORDER BY part COLLATE "C", same DESC, category COLLATE "C";
