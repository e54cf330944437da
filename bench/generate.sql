-- bench/generate.sql: the deterministic data of the HS hierarchy benchmark.
--   psql -v n=5000000 -f bench/generate.sql   (needs trade_screen, ltree, prefix)
-- decl: :n declarations with 10-digit national lines, Zipf-skewed (weight
-- 1/rank) over the real HS2022 subheadings, the ranking heavy in chapters
-- 84, 85, 87, 39, 73 and 90; the same code in every peer's representation
-- (text, ltree, prefix_range, bigint, hscode).  Rows are stored in a
-- pseudo-random order, as arrivals would be.
-- decl100k: the first 100,000 declarations; rules: 1,137 rule prefixes
-- (chapters 84 and 85, the 300 most declared headings, the 835 most
-- declared subheadings) for Q5; q4: 40 CHPL subheadings for Q4.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
DROP TABLE IF EXISTS decl, decl100k, rules, q4, subs;

-- subheadings ranked: a stable hash decides the order, heavy chapters
-- first; 854231 (processors) is put at rank 20, which gives Q3 the size the
-- issue measured (about 0.6% of declarations)
CREATE TABLE subs AS
WITH ranked AS (
    SELECT code, row_number() OVER (ORDER BY
               (hashtext(code::text) & 1048575)::float8
               / CASE WHEN hs_chapter(code)::text IN ('84', '85', '87', '39', '73', '90') THEN 12 ELSE 1 END,
               code) AS r0
      FROM hs_nomenclature
     WHERE edition = 'HS2022' AND hs_ndigits(code) = 6 AND code <> '854231')
SELECT code, CASE WHEN r0 < 20 THEN r0 ELSE r0 + 1 END AS rank FROM ranked
UNION ALL SELECT '854231', 20;

-- rows per subheading: n * (1/rank) / H, at least 1
CREATE TEMP TABLE counts AS
SELECT code, rank, greatest(1, round(:n * (1.0 / rank) / h))::int AS rows
  FROM subs, (SELECT sum(1.0 / rank) AS h FROM subs) z;

CREATE TABLE decl (id bigint, hs hscode, t text, l ltree, p prefix_range, b bigint);
INSERT INTO decl (id, hs)
SELECT row_number() OVER (ORDER BY hashint8(c.rank * 1000003 + g)),
       -- national lines: a few per subheading, "0000" the most common
       (c.code::text || CASE WHEN g % 2 = 0 THEN '0000'
                             ELSE lpad((((g * 7 + c.rank) % (2 + c.rank % 9)) * 1000 + (g % 3) * 10)::text, 4, '0')
                        END)::hscode
  FROM counts c, generate_series(1, c.rows) g;
UPDATE decl SET t = hs::text,
                l = (substr(hs::text, 1, 2) || '.' || substr(hs::text, 3, 2) || '.' || substr(hs::text, 5, 2)
                     || '.' || substr(hs::text, 7, 2) || '.' || substr(hs::text, 9, 2))::ltree,
                p = hs::text::prefix_range,
                b = hs::text::bigint;
CREATE TABLE decl100k AS SELECT * FROM decl WHERE id <= 100000;

CREATE TABLE rules AS
WITH heads AS (SELECT hs_heading(hs) AS code, count(*) FROM decl100k GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 300),
     subh AS (SELECT hs_subheading(hs) AS code, count(*) FROM decl100k GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 835)
SELECT code AS prefix FROM (SELECT '84'::hscode AS code UNION ALL SELECT '85'
                            UNION ALL SELECT code FROM heads UNION ALL SELECT code FROM subh) r;
ALTER TABLE rules ADD t text, ADD l ltree, ADD p prefix_range, ADD bk bigint;
-- bk: the prefix as (digits * 100 + length), the key of the bigint hash join
UPDATE rules SET t = prefix::text,
                 l = concat_ws('.', substr(prefix::text, 1, 2), nullif(substr(prefix::text, 3, 2), ''), nullif(substr(prefix::text, 5, 2), ''), nullif(substr(prefix::text, 7, 2), ''), nullif(substr(prefix::text, 9, 2), ''))::ltree,
                 p = prefix::text::prefix_range,
                 bk = prefix::text::bigint * 100 + hs_ndigits(prefix);

CREATE TABLE q4 AS
SELECT code, code::text AS lo, (code::text::bigint + 1)::text AS hi,
       code::text::bigint * 10000 AS blo, code::text::bigint * 10000 + 9999 AS bhi,
       concat_ws('.', substr(code::text, 1, 2), nullif(substr(code::text, 3, 2), ''), nullif(substr(code::text, 5, 2), ''), nullif(substr(code::text, 7, 2), ''), nullif(substr(code::text, 9, 2), ''))::ltree AS l
  FROM watchlists WHERE list = 'CHPL' ORDER BY code LIMIT 40;

VACUUM (FREEZE, ANALYZE) decl;
VACUUM (FREEZE, ANALYZE) decl100k;
VACUUM ANALYZE rules;
VACUUM ANALYZE q4;
