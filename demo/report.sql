-- demo/report.sql: the screening report of the main job, over
-- sample.declarations (demo/generate.sql).  Plain SQL an analyst could send
-- from a BI tool; the hierarchy operator <@ matches 10-digit national lines
-- against the 6-digit subheadings of the Common High Priority List.
\pset footer off
\pset null '-'
SET search_path = sample, public;
-- the sanctioning countries whose origin makes CHPL goods suspicious in Russia
CREATE TEMP TABLE sanctioning (country text PRIMARY KEY);
INSERT INTO sanctioning VALUES ('AT'),('BE'),('BG'),('HR'),('CY'),('CZ'),('DK'),('EE'),('FI'),
  ('FR'),('DE'),('GR'),('HU'),('IE'),('IT'),('LV'),('LT'),('LU'),('MT'),('NL'),('PL'),('PT'),
  ('RO'),('SK'),('SI'),('ES'),('SE'),('US'),('GB'),('JP');

\echo
\echo '== Sample customs declarations'
SELECT count(*) AS declarations, min(decl_date) AS first, max(decl_date) AS last,
       count(DISTINCT hs) AS tariff_lines, count(DISTINCT route) AS routes,
       round(sum(value_usd) / 1e6, 1) AS value_musd
  FROM declarations;

\echo
\echo '== CHPL goods by HS heading and destination, before and after 24 February 2022'
SELECT hs_heading(d.hs) AS heading,
       left(hs_describe(hs_heading(d.hs)), 50) AS description,
       d.destination AS dest,
       count(*) FILTER (WHERE d.decl_date < date '2022-02-24') AS before,
       count(*) FILTER (WHERE d.decl_date >= date '2022-02-24') AS after,
       round(sum(d.value_usd) FILTER (WHERE d.decl_date >= date '2022-02-24') / 1e3) AS after_kusd
  FROM declarations d
  JOIN chpl c ON d.hs <@ c.hs6::hscode
 WHERE d.destination IN ('RU', 'BY', 'KZ', 'KG', 'AM')
 GROUP BY 1, 2, 3
HAVING count(*) FILTER (WHERE d.decl_date >= date '2022-02-24') > 0
 ORDER BY after DESC, heading, dest
 LIMIT 15;

\echo
\echo '== Flagged: CHPL goods of sanctioning-country origin reaching Russia or Belarus after 24 February 2022'
SELECT d.route, c.tier, count(*) AS declarations,
       round(sum(d.value_usd) / 1e3) AS kusd,
       string_agg(DISTINCT hs_format(hs_subheading(d.hs), 'hs'), ' ' ORDER BY hs_format(hs_subheading(d.hs), 'hs')) AS subheadings
  FROM declarations d
  JOIN chpl c ON d.hs <@ c.hs6::hscode
 WHERE d.destination IN ('RU', 'BY')
   AND d.decl_date >= date '2022-02-24'
   AND d.origin IN (SELECT country FROM sanctioning)
 GROUP BY 1, 2
 ORDER BY declarations DESC, 1, 2
 LIMIT 15;

\echo
\echo '== Washing machines (HS 8450) into Russia by dispatch country and year'
SELECT d.dispatch, extract(year FROM d.decl_date)::int AS year, count(*) AS declarations,
       sum(d.quantity)::bigint AS units
  FROM declarations d
 WHERE d.hs <@ '8450' AND d.destination = 'RU'
 GROUP BY 1, 2
 ORDER BY 1, 2;

\echo
\echo '== How the CHPL screen above scores against the planted ground truth'
WITH flagged AS (
    SELECT DISTINCT d.decl_id
      FROM declarations d JOIN chpl c ON d.hs <@ c.hs6::hscode
     WHERE d.destination IN ('RU', 'BY') AND d.decl_date >= date '2022-02-24'
       AND d.origin IN (SELECT country FROM sanctioning)
)
SELECT coalesce(d.planted, '(not planted)') AS scheme, count(*) AS declarations,
       count(f.decl_id) AS flagged
  FROM declarations d LEFT JOIN flagged f USING (decl_id)
 WHERE d.planted IS NOT NULL OR f.decl_id IS NOT NULL
 GROUP BY 1
 ORDER BY 1;
RESET search_path;
