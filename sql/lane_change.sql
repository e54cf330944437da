-- lane_change: a lane's surge after a cutoff, robust to seasonality and to
-- single-month blips; its parallel and serial forms agree; real Eurostat
-- lanes rank as the published figures say.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS trade_screen;
RESET client_min_messages;
SET extra_float_digits = 0;

-- monthly series of a few lanes, 2020-2022, cutoff 1 March 2022
CREATE TABLE lanes (lane text, period date, value double precision);
INSERT INTO lanes
SELECT l.lane, m::date,
       CASE l.lane
           WHEN 'zero to 100k' THEN CASE WHEN m >= '2022-03-01' THEN 100000 ELSE 0 END
           WHEN 'one to three' THEN CASE WHEN m >= '2022-03-01' THEN 3 ELSE 1 END
           WHEN 'seasonal' THEN 50000 * (1 + 0.8 * cos(2 * pi() * extract(month FROM m) / 12))
           WHEN 'blip' THEN CASE WHEN m = '2022-06-01' THEN 5000000 ELSE 20000 END
           WHEN '5M to 170M a year' THEN CASE WHEN m >= '2022-03-01' THEN 170e6 / 12 ELSE 5e6 / 12 END
           WHEN '0 to 200k a year' THEN CASE WHEN m >= '2022-03-01' THEN 200e3 / 12 ELSE 0 END
           WHEN 'falling' THEN CASE WHEN m >= '2022-03-01' THEN 10000 ELSE 800000 END
       END
  FROM (VALUES ('zero to 100k'), ('one to three'), ('seasonal'), ('blip'), ('5M to 170M a year'),
               ('0 to 200k a year'), ('falling')) l(lane),
       generate_series('2020-01-01'::date, '2022-12-01', '1 month') m;
-- a missing month is zero: the dormant lane has no rows at all before 2022
DELETE FROM lanes WHERE lane = 'zero to 100k' AND value = 0;

SELECT lane, round((c).score::numeric, 3) AS score, round((c).before_level) AS before, round((c).after_level) AS after,
       round((c).ratio::numeric, 2) AS ratio, (c).months_before_active, (c).months_after_active
  FROM (SELECT lane, lane_change(period, value, '2022-03-01', 10) AS c FROM lanes GROUP BY lane) x
 ORDER BY (c).score DESC, lane COLLATE "C";

-- the prior decides what counts as noise: with a prior of 1 a tiny lane's tripling is a surge
SELECT lane, round((lane_change(period, value, '2022-03-01', 10, 1)).score::numeric, 3) AS score
  FROM lanes WHERE lane = 'one to three' GROUP BY lane;
-- twelve months reach back a year; more than twelve reach back two whole years
-- (a series that counts months from January 2019: 1, 2, 3, ...)
SELECT (lane_change(m::date, i, '2022-01-01', 12)).before_level AS before_12,
       (lane_change(m::date, i, '2022-01-01', 13)).before_level AS before_13,
       (lane_change(m::date, i, '2022-01-01', 13)).after_level AS after_13
  FROM generate_series('2019-01-01'::date, '2023-06-01', '1 month') WITH ORDINALITY g(m, i);
-- no rows: NULL
SELECT lane_change(period, value, '2022-03-01', 10) IS NULL AS empty FROM lanes WHERE false;

-- a parallel plan (partial aggregates, serial and deserial) gives the serial answer
CREATE TABLE lanes_big AS SELECT l.*, g FROM lanes l, generate_series(1, 200) g;
ANALYZE lanes_big;
CREATE TEMP TABLE serial_answer AS
SELECT lane, lane_change(period, value, '2022-03-01', 10) AS c FROM lanes_big GROUP BY lane;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET enable_hashagg = off;
EXPLAIN (COSTS OFF) SELECT lane, lane_change(period, value, '2022-03-01', 10) FROM lanes_big GROUP BY lane;
-- (sums in another order differ in the last bits: compare to 9 significant digits)
CREATE FUNCTION sig9(c lane_change_result) RETURNS text LANGUAGE sql AS
$$ SELECT concat_ws(' ', to_char(c.score, '9.99999999EEEE'), to_char(c.before_level, '9.99999999EEEE'),
                    to_char(c.after_level, '9.99999999EEEE'), to_char(c.ratio, '9.99999999EEEE'),
                    c.months_before_active, c.months_after_active) $$;
SELECT count(*) AS lanes, count(*) FILTER (WHERE sig9(s.c) = sig9(p.c)) AS equal
  FROM serial_answer s
  JOIN (SELECT lane, lane_change(period, value, '2022-03-01', 10) AS c FROM lanes_big GROUP BY lane) p USING (lane);
RESET ALL;
SET extra_float_digits = 0;

-- robust_stats: count, median and MAD, in a parallel plan too
SELECT (robust_stats(x)).* FROM (VALUES (1.0::float8), (2), (3), (4), (100), (NULL), ('Infinity')) v(x);
SELECT (robust_stats(x)).* FROM (SELECT 1.0::float8 WHERE false) v(x);
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SELECT (robust_stats(value)).n, round((robust_stats(value)).median::numeric) AS median FROM lanes_big;
RESET ALL;

-- bad arguments
SELECT lane_change(period, value, '2022-03-01', 0) FROM lanes;
SELECT lane_change(period, value, '2022-03-01', 121) FROM lanes;
SELECT lane_change(period, value, NULL, 10) FROM lanes;
SELECT lane_change(period, value, '2022-03-01', 10, -1) FROM lanes;
SELECT lane_change(period, value, 'infinity', 10) FROM lanes;
SELECT lane_change(period, value, CASE WHEN lane = 'blip' THEN date '2022-03-01' ELSE '2021-03-01' END, 10) FROM lanes;

-- Real lanes: EU exports of sanctioned headings to five hubs (Eurostat, EUR),
-- summed over the member states, 10 months from March 2022 against the same
-- months of 2021.  Cars (8703) to Kyrgyzstan went from about 5.7M to 173M a
-- year.
CREATE TABLE eu_exports (reporter text, partner text, hs4 text, period text, value_eur double precision, source_file text);
\copy eu_exports FROM 'data/eurostat_eu_exports_hs4_monthly_2020_2022.csv' WITH (FORMAT csv, HEADER true)
SELECT count(*) AS rows, count(DISTINCT (partner, hs4)) FILTER (WHERE partner NOT IN ('RU', 'BY')) AS hub_lanes FROM eu_exports;
CREATE TEMP TABLE ranked AS
SELECT partner, hs4, (c).*, rank() OVER (ORDER BY (c).score DESC) AS rank
  FROM (SELECT partner, hs4, lane_change(to_date(period, 'YYYY-MM'), value_eur, '2022-03-01', 10) AS c
          FROM eu_exports WHERE partner NOT IN ('RU', 'BY') GROUP BY partner, hs4) l;
SELECT rank, partner, hs4, round(score::numeric, 2) AS score, round(before_level / 1e3) AS before_keur,
       round(after_level / 1e3) AS after_keur, round(ratio::numeric, 1) AS ratio
  FROM ranked WHERE rank <= 10 ORDER BY rank, partner, hs4;
SELECT rank <= 10 AS cars_to_kyrgyzstan_in_top_10 FROM ranked WHERE partner = 'KG' AND hs4 = '8703';
-- and Russia itself collapsed: its lanes rank last
SELECT round(avg((c).score)::numeric, 3) AS mean_score_russia, round(avg((c).ratio)::numeric, 2) AS mean_ratio_russia
  FROM (SELECT lane_change(to_date(period, 'YYYY-MM'), value_eur, '2022-03-01', 10) AS c
          FROM eu_exports WHERE partner = 'RU' GROUP BY hs4) r;

-- The Eurasian roundabout: a heading's exports to a hub rising, faster than
-- the hub's other headings, while the same heading's exports to Russia fell
CREATE VIEW hub_lanes AS
SELECT partner, hs4 AS heading, to_date(period, 'YYYY-MM') AS period, value_eur AS value
  FROM eu_exports WHERE partner <> 'BY';
SELECT partner, heading, round(hub_ratio::numeric, 1) AS hub_ratio, round(other_ratio::numeric, 2) AS other_ratio,
       round(target_ratio::numeric, 2) AS russia_ratio, round(score::numeric, 2) AS score
  FROM roundabout('hub_lanes', '2022-03-01', 10)
 ORDER BY score DESC, partner, heading LIMIT 8;
-- a lane whose hub exports fell, or whose Russian exports grew, scores 0
SELECT count(*) FILTER (WHERE score > 0 AND (hub_ratio <= 1 OR target_ratio >= 1 OR relative_ratio <= 1)) AS inconsistent,
       count(*) FILTER (WHERE score > 0) AS roundabout_lanes, count(*) AS lanes
  FROM roundabout('hub_lanes', '2022-03-01', 10);
SELECT * FROM roundabout('lanes', '2022-03-01');
-- roundabout reads monthly trade: a lane that trades only in January, year
-- after year, is a monthly series (it names the granularity), not an annual one
CREATE TEMP TABLE jan_only AS
SELECT p AS partner, '8450'::text AS heading, make_date(y, 1, 15) AS period, (100 * y - 201800)::float8 AS value
  FROM generate_series(2018, 2023) y, unnest(ARRAY['KZ', 'RU']) p;
SELECT partner, heading, round(hub_ratio::numeric, 3) AS hub_ratio FROM roundabout('jan_only', '2022-03-01', 12, 'RU', 1) ORDER BY 1;
-- (the same lane given to lane_change without a granularity is refused as annual)
SELECT lane_change(period, value, '2022-03-01', 12, 1) FROM jan_only WHERE partner = 'KZ';
