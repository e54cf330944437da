-- trade_stats: one nomenclature across editions (hs_convert, hs_restate), mirror
-- gaps (mirror_gap), re-exports through a hub (pass_through), lane_change over
-- annual series and single-month blips.  Planted cases must be found and
-- decoys not; parallel plans give the serial answer.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS trade_screen;
RESET client_min_messages;
SET extra_float_digits = 0;

-- HS editions ------------------------------------------------------------------

-- smartphones: HS2017 8517.12 split into HS2022 8517.13 and 8517.14 (and parts
-- to display modules, semiconductors and e-waste); both new codes come wholly
-- from 8517.12, so they take almost all of it
SELECT code, round(weight::numeric, 4) AS weight FROM hs_convert('851712', 'HS2017', 'HS2022') WHERE weight > 0.01;
SELECT round(sum(weight)::numeric, 12) AS total, count(*) AS counterparts FROM hs_convert('851712', 'HS2017', 'HS2022');
-- the other way each new code is a merge: weight 1
SELECT * FROM hs_convert('851713', 'HS2022', 'HS2017');
SELECT * FROM hs_convert('851714', 'HS2022', 'HS2017');
-- a code deeper than six digits converts its subheading
SELECT * FROM hs_convert('85171300', 'HS2022', 'HS2017');
-- drones: heading 8806 is new in HS2022, taken from 8802 (and 8525.80 cameras)
SELECT code, round(weight::numeric, 4) AS weight FROM hs_convert('8806', 'HS2022', 'HS2017');
SELECT code, round(weight::numeric, 4) AS weight FROM hs_convert('8802', 'HS2017', 'HS2022');
SELECT code, round(weight::numeric, 4) AS weight FROM hs_convert('880260', 'HS2017', 'HS2022');
-- e-waste: HS2022 8549 draws from hundreds of HS2017 codes, each a small part
SELECT count(*) AS counterparts, round(sum(weight)::numeric, 12) AS total, round(max(weight)::numeric, 4) AS largest
  FROM hs_convert('854921', 'HS2022', 'HS2017');
SELECT code, round(weight::numeric, 4) AS weight FROM hs_convert('8549', 'HS2022', 'HS2017') ORDER BY weight DESC, code LIMIT 3;
-- ... and an HS2017 code that gave a part to it keeps almost all its trade
SELECT code, round(weight::numeric, 4) AS weight FROM hs_convert('840110', 'HS2017', 'HS2022') ORDER BY weight DESC, code LIMIT 2;
-- the same edition twice: the code itself
SELECT * FROM hs_convert('851712', 'HS2017', 'HS2017');

-- round trips: every weight set sums to 1, there and back, and a 1:1 code
-- comes back to itself
CREATE TEMP TABLE trip AS
SELECT c.code, c.rel, f.code AS mid, f.weight AS w1
  FROM (SELECT DISTINCT code, relationship AS rel FROM hs_correlation
         WHERE code::text IN ('010121', '300490', '620342', '870323', '851713', '880621', '271012')) c,
       hs_convert(c.code, 'HS2022', 'HS2017') f;
CREATE TEMP TABLE trip_back AS
SELECT DISTINCT t.mid, b.code, b.weight AS w2 FROM trip t, hs_convert(t.mid, 'HS2017', 'HS2022') b;
SELECT t.code, t.rel, round(sum(t.w1)::numeric, 12) AS there,
       (SELECT round(sum(t2.w1 * b.w2)::numeric, 12) FROM trip t2 JOIN trip_back b ON b.mid = t2.mid WHERE t2.code = t.code) AS back,
       (SELECT round(sum(t2.w1 * b.w2)::numeric, 4) FROM trip t2 JOIN trip_back b ON b.mid = t2.mid
         WHERE t2.code = t.code AND b.code = t.code) AS to_itself
  FROM trip t GROUP BY t.code, t.rel ORDER BY t.code;
-- smartphones there and back: the share that returns to 8517.13
SELECT b.code, round(sum(f.weight * b.weight)::numeric, 4) AS weight
  FROM hs_convert('851713', 'HS2022', 'HS2017') f, hs_convert(f.code, 'HS2017', 'HS2022') b
 WHERE b.code::text LIKE '85171%' GROUP BY b.code ORDER BY b.code;

-- trade shares a user knows replace the default weights (normalised)
INSERT INTO hs_conversion_shares (from_edition, from_code, to_edition, to_code, share, note)
VALUES ('HS2017', '851712', 'HS2022', '851713', 97, 'first months of 2022'),
       ('HS2017', '851712', 'HS2022', '851714', 3, 'first months of 2022');
SELECT code, weight FROM hs_convert('851712', 'HS2017', 'HS2022') WHERE weight > 0;
DELETE FROM hs_conversion_shares;

-- unknown editions and codes: 22023, each case
CREATE FUNCTION sqlstate_of(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
SELECT q, sqlstate_of(q) FROM (VALUES
    ('SELECT * FROM hs_convert(''851712'', ''HS2012'', ''HS2022'')'),
    ('SELECT * FROM hs_convert(''851712'', ''HS2017'', ''hs2022'')'),
    ('SELECT * FROM hs_convert(''851713'', ''HS2017'', ''HS2022'')'),
    ('SELECT * FROM hs_convert(''0107'', ''HS2017'', ''HS2022'')'),
    ('SELECT * FROM hs_convert(''851713'', ''HS2017'', ''HS2017'')'),
    ('SELECT * FROM hs_convert(''851712'', ''HS1996'', ''HS1996'')')) t(q);

-- a lane across the edition change: smartphones to a hub, flat at 1M a month;
-- until December 2021 in HS2017 8517.12, from January 2022 in HS2022
-- 8517.13 (80%) and 8517.14 (20%)
CREATE TABLE phones (period date, edition text, code hscode, value double precision);
INSERT INTO phones
SELECT m, 'HS2017', '851712', 1e6 FROM generate_series('2020-01-01'::date, '2021-12-01', '1 month') m
UNION ALL
SELECT m, 'HS2022', c.code::hscode, 1e6 * c.part
  FROM generate_series('2022-01-01'::date, '2022-12-01', '1 month') m,
       (VALUES ('851713', 0.8), ('851714', 0.2)) c(code, part);
-- as recorded: a false collapse of 8517.12 and false surges of the new codes
SELECT code, round((lane_change(period, value, '2022-01-01', 12)).ratio::numeric, 3) AS ratio
  FROM phones GROUP BY code ORDER BY code;
-- restated on HS2017 (the new codes are merges there: exact): one flat lane
SELECT r.code, round((c).ratio::numeric, 3) AS ratio, round((c).score::numeric, 3) AS score
  FROM (SELECT r.code, lane_change(p.period, r.weight * p.value, '2022-01-01', 12) AS c
          FROM phones p, hs_convert(p.code, p.edition, 'HS2017') r
         GROUP BY r.code) r;
-- restated on HS2022 at the heading: 8517 keeps 99.9% of the old code
SELECT r.code, round((lane_change(p.period, r.value, '2022-01-01', 12)).ratio::numeric, 3) AS ratio
  FROM phones p, hs_restate(hs_heading(p.code), p.edition, p.value, 'HS2022') r
 WHERE r.code = '8517' GROUP BY r.code;

-- roundabout on a restated series: phones to Kazakhstan rise five-fold while
-- phones to Russia collapse, across the edition change; as recorded, the new
-- code's lane to Russia rises from nothing and the roundabout is missed
CREATE TABLE rb (partner text, edition text, code hscode, period date, value double precision);
INSERT INTO rb
SELECT p.partner, CASE WHEN m < '2022-01-01' THEN 'HS2017' ELSE 'HS2022' END,
       CASE WHEN m < '2022-01-01' THEN '851712' ELSE '851713' END::hscode, m,
       CASE p.partner WHEN 'KZ' THEN CASE WHEN m >= '2022-03-01' THEN 5e5 ELSE 1e5 END
                      ELSE CASE WHEN m >= '2022-03-01' THEN 1e4 ELSE 1e6 END END
  FROM (VALUES ('KZ'), ('RU')) p(partner), generate_series('2021-01-01'::date, '2022-12-01', '1 month') m
UNION ALL
SELECT 'KZ', 'HS2017', '847130', m, 1e6 FROM generate_series('2021-01-01'::date, '2022-12-01', '1 month') m;
CREATE VIEW rb_recorded AS SELECT partner, code AS heading, period, value FROM rb;
CREATE VIEW rb_restated AS
SELECT rb.partner, r.code AS heading, rb.period, sum(r.value) AS value
  FROM rb, hs_restate(rb.code, rb.edition, rb.value, 'HS2017') r
 GROUP BY 1, 2, 3;
SELECT 'recorded' AS series, partner, heading, round(hub_ratio::numeric, 1) AS hub_ratio,
       round(target_ratio::numeric, 2) AS russia_ratio, round(score::numeric, 2) AS score
  FROM roundabout('rb_recorded', '2022-03-01', 10) WHERE heading LIKE '8517%'
UNION ALL
SELECT 'restated', partner, heading, round(hub_ratio::numeric, 1), round(target_ratio::numeric, 2), round(score::numeric, 2)
  FROM roundabout('rb_restated', '2022-03-01', 10) WHERE heading LIKE '8517%'
 ORDER BY 1, 3;

-- Mirror gaps --------------------------------------------------------------------

-- one lane a row of kinds; exports seasonal around 1M a month, 2020-2022,
-- cutoff March 2022; imports as the partner records them (CIF, +5%)
CREATE TABLE mirror (lane text, period date, exported double precision, imported double precision);
INSERT INTO mirror
SELECT l.lane, m, e,
       CASE l.lane
           WHEN 'phantom half' THEN CASE WHEN m >= '2022-03-01' THEN 0.5 ELSE 1 END * 1.05 * e
           WHEN 'phantom small lane' THEN CASE WHEN m >= '2022-03-01' THEN 0.5 ELSE 1 END * 1.05 * e
           WHEN 'clean' THEN 1.05 * e
           WHEN 'normal gap 60%' THEN 0.6 * 1.05 * e
           WHEN 'recorded a month late' THEN 1.05 * e_prev
           WHEN 'partner month missing' THEN CASE WHEN m = '2022-06-01' THEN NULL ELSE 1.05 * e END
           WHEN 'one month recorded zero' THEN CASE WHEN m = '2022-06-01' THEN 0 ELSE 1.05 * e END
           WHEN 'exports blip unmatched' THEN 1.05 * 1e6 * (1 + 0.4 * sin(2 * pi() * extract(month FROM m) / 12))
       END
  FROM (VALUES ('phantom half'), ('phantom small lane'), ('clean'), ('normal gap 60%'), ('recorded a month late'),
               ('partner month missing'), ('one month recorded zero'), ('exports blip unmatched')) l(lane),
       generate_series('2020-01-01'::date, '2022-12-01', '1 month') m,
       LATERAL (SELECT 1e6 * (1 + 0.4 * sin(2 * pi() * extract(month FROM m) / 12))
                       * CASE WHEN l.lane = 'phantom small lane' THEN 1.0 / 500 ELSE 1 END
                       * CASE WHEN l.lane = 'exports blip unmatched' AND m = '2022-07-01' THEN 20 ELSE 1 END AS e,
                       1e6 * (1 + 0.4 * sin(2 * pi() * (extract(month FROM m) - 1) / 12)) AS e_prev) v;
SELECT lane, round((g).ratio_before::numeric, 3) AS ratio_before, round((g).ratio_after::numeric, 3) AS ratio_after,
       round((g).phantom_share::numeric, 3) AS phantom, round((g).missing_after / 1e3) AS missing_keur,
       round((g).score::numeric, 2) AS score, (g).lag_months AS lag, (g).periods_after
  FROM (SELECT lane, mirror_gap(period, exported, imported, '2022-03-01') AS g FROM mirror GROUP BY lane) x
 ORDER BY (g).score DESC, lane COLLATE "C";
-- without the lag allowed, the late lane shows a gap in some months
SELECT round((mirror_gap(period, exported, imported, '2022-03-01', 0.05, 0, 10000)).ratio_after::numeric, 3) AS ratio_after_lag0
  FROM mirror WHERE lane = 'recorded a month late';
-- the margin: imports are brought to FOB before the ratio
SELECT round((mirror_gap(period, exported, imported, '2022-03-01', 0, 1, 10000)).ratio_before::numeric, 3) AS no_margin,
       round((mirror_gap(period, exported, imported, '2022-03-01', 0.05, 1, 10000)).ratio_before::numeric, 3) AS margin_5
  FROM mirror WHERE lane = 'clean';
-- annual statistics: one row a year
SELECT (g).granularity, round((g).ratio_before::numeric, 3) AS ratio_before, round((g).ratio_after::numeric, 3) AS ratio_after,
       round((g).phantom_share::numeric, 3) AS phantom, (g).periods_before, (g).periods_after
  FROM (SELECT mirror_gap(make_date(y, 1, 1), 12e6, CASE WHEN y >= 2022 THEN 0.45 ELSE 0.9 END * 12e6, '2022-02-24') AS g
          FROM generate_series(2017, 2023) y) x;
-- no rows: NULL; a lane with no history is compared with no gap
SELECT mirror_gap(period, exported, imported, '2022-03-01') IS NULL AS empty FROM mirror WHERE false;
SELECT round((g).normal_ratio::numeric, 3) AS normal, round((g).phantom_share::numeric, 3) AS phantom
  FROM (SELECT mirror_gap(period, exported, imported, '2022-03-01') AS g FROM mirror
         WHERE lane = 'phantom half' AND period >= '2022-03-01') x;
-- bad parameters
SELECT q, sqlstate_of(q) FROM (VALUES
    ('SELECT mirror_gap(period, exported, imported, ''2022-03-01'', 1.5, 1, 10000) FROM mirror'),
    ('SELECT mirror_gap(period, exported, imported, ''2022-03-01'', 0.05, 13, 10000) FROM mirror'),
    ('SELECT mirror_gap(period, exported, imported, ''2022-03-01'', 0.05, 1, 0) FROM mirror'),
    ('SELECT mirror_gap(period, exported, imported, NULL) FROM mirror'),
    ('SELECT mirror_gap(period, exported, imported, ''infinity'') FROM mirror'),
    ('SELECT mirror_gap(period, exported, imported, period) FROM mirror'),
    ('SELECT pass_through(period, exported, imported, ''2022-03-01'', -1) FROM mirror')) t(q);

-- Re-exports through a hub ----------------------------------------------------------

-- hub lanes: imports of a product from the coalition, exports of it to RU
CREATE TABLE hub (lane text, period date, imported double precision, exported double precision);
INSERT INTO hub
SELECT l.lane, m,
       CASE l.lane
           WHEN 'imports x3, 60% passed on' THEN base * CASE WHEN m >= '2022-03-01' THEN 3 ELSE 1 END
           WHEN 'imports x3, kept' THEN base * CASE WHEN m >= '2022-03-01' THEN 3 ELSE 1 END
           WHEN 'seasonal, no change' THEN base
           WHEN 'one month blip' THEN base + CASE WHEN m = '2022-07-01' THEN 3e7 ELSE 0 END
           WHEN 'own goods to RU' THEN base
           WHEN 'small lane passed on' THEN base / 1000 * CASE WHEN m >= '2022-03-01' THEN 3 ELSE 1 END
       END,
       CASE l.lane
           WHEN 'imports x3, 60% passed on' THEN 2e4 + CASE WHEN m >= '2022-04-01' THEN 0.6 * 2 * base_prev ELSE 0 END
           WHEN 'imports x3, kept' THEN 2e4
           WHEN 'seasonal, no change' THEN 3e5 * (1 + 0.8 * cos(2 * pi() * extract(month FROM m) / 12))
           WHEN 'one month blip' THEN 3e5 + CASE WHEN m = '2022-07-01' THEN 2.5e7 ELSE 0 END
           WHEN 'own goods to RU' THEN CASE WHEN m >= '2022-03-01' THEN 2e6 ELSE 1e4 END
           WHEN 'small lane passed on' THEN (20 + CASE WHEN m >= '2022-04-01' THEN 0.6 * 2 * base_prev ELSE 0 END) / 1000
       END
  FROM (VALUES ('imports x3, 60% passed on'), ('imports x3, kept'), ('seasonal, no change'), ('one month blip'),
               ('own goods to RU'), ('small lane passed on')) l(lane),
       generate_series('2020-01-01'::date, '2022-12-01', '1 month') m,
       LATERAL (SELECT 1e6 * (1 + 0.4 * sin(2 * pi() * extract(month FROM m) / 12)) AS base,
                       1e6 * (1 + 0.4 * sin(2 * pi() * (extract(month FROM m) - 1) / 12)) AS base_prev) v;
SELECT lane, round((p).import_surge / 1e3) AS import_surge_k, round((p).export_surge / 1e3) AS export_surge_k,
       round((p).pass_through_share::numeric, 2) AS share, round((p).score::numeric, 2) AS score
  FROM (SELECT lane, pass_through(period, imported, exported, '2022-03-01') AS p FROM hub GROUP BY lane) x
 ORDER BY (p).score DESC, lane COLLATE "C";
SELECT (p).granularity, round(((p).import_surge / 1e6)::numeric, 2) AS import_surge_m, round((p).pass_through_share::numeric, 2) AS share
  FROM (SELECT pass_through(make_date(y, 12, 31), CASE WHEN y >= 2022 THEN 36e6 ELSE 12e6 END,
                            CASE WHEN y >= 2022 THEN 18e6 ELSE 0 END, '2022-03-01') AS p
          FROM generate_series(2018, 2023) y) x;

-- Parallel plans give the serial answer (combine, serial, deserial) ----------------
CREATE TABLE mirror_big AS SELECT m.*, g FROM mirror m, generate_series(1, 100) g;
CREATE TABLE hub_big AS SELECT h.*, g FROM hub h, generate_series(1, 100) g;
ANALYZE mirror_big;
ANALYZE hub_big;
CREATE TEMP TABLE serial_mirror AS
SELECT lane, mirror_gap(period, exported, imported, '2022-03-01') AS g FROM mirror_big GROUP BY lane;
CREATE TEMP TABLE serial_hub AS
SELECT lane, pass_through(period, imported, exported, '2022-03-01') AS p FROM hub_big GROUP BY lane;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET enable_hashagg = off;
EXPLAIN (COSTS OFF) SELECT lane, mirror_gap(period, exported, imported, '2022-03-01') FROM mirror_big GROUP BY lane;
EXPLAIN (COSTS OFF) SELECT lane, pass_through(period, imported, exported, '2022-03-01') FROM hub_big GROUP BY lane;
-- rows of a month are summed in one order whatever the plan: equal bit for bit
SELECT count(*) AS lanes, count(*) FILTER (WHERE s.g::text = p.g::text) AS equal
  FROM serial_mirror s
  JOIN (SELECT lane, mirror_gap(period, exported, imported, '2022-03-01') AS g FROM mirror_big GROUP BY lane) p USING (lane);
SELECT count(*) AS lanes, count(*) FILTER (WHERE s.p::text = p.p::text) AS equal
  FROM serial_hub s
  JOIN (SELECT lane, pass_through(period, imported, exported, '2022-03-01') AS p FROM hub_big GROUP BY lane) p USING (lane);
RESET ALL;
SET extra_float_digits = 0;

-- lane_change over annual series -------------------------------------------------

-- one row a year: the monthly forms refuse, with a hint
CREATE TABLE annual (lane text, period date, value double precision);
INSERT INTO annual
SELECT l, make_date(y, 1, 1),
       CASE l WHEN 'surge' THEN CASE WHEN y >= 2022 THEN 40e6 ELSE 2e6 END ELSE 5e6 END
  FROM (VALUES ('surge'), ('flat')) t(l), generate_series(2018, 2023) y;
SELECT sqlstate_of('SELECT lane_change(period, value, ''2022-01-01'', 12) FROM annual GROUP BY lane');
SELECT lane_change(period, value, '2022-01-01', 12) FROM annual WHERE lane = 'surge';
-- granularity 'year': the years from the cutoff's against as many years before, levels a month
SELECT lane, round((c).score::numeric, 3) AS score, round((c).before_level) AS before, round((c).after_level) AS after,
       round((c).ratio::numeric, 2) AS ratio
  FROM (SELECT lane, lane_change(period, value, '2022-01-01', 24, 10000, 'year') AS c FROM annual GROUP BY lane) x
 ORDER BY lane COLLATE "C";
-- 'month' said explicitly: the caller knows, no refusal (and the scores are 0, as compared month by month)
SELECT lane, round((lane_change(period, value, '2022-01-01', 12, 10000, 'month')).score::numeric, 3) AS score
  FROM annual GROUP BY lane ORDER BY lane COLLATE "C";
-- a monthly lane with trade in a few Januaries only is not refused under three years
SELECT round((lane_change(period, value, '2022-01-01', 12)).score::numeric, 3) AS score
  FROM annual WHERE lane = 'surge' AND period >= '2021-01-01' AND period < '2023-01-01';
SELECT sqlstate_of('SELECT lane_change(period, value, ''2022-01-01'', 12, 10000, ''quarter'') FROM annual');
-- monthly forms agree with the granularity form on monthly data
SELECT count(*) AS months,
       (SELECT lane_change(m::date, 1000 + i, '2022-03-01', 10) FROM generate_series('2020-01-01'::date, '2022-12-01', '1 month') WITH ORDINALITY g(m, i))
     = (SELECT lane_change(m::date, 1000 + i, '2022-03-01', 10, 10000, 'month') FROM generate_series('2020-01-01'::date, '2022-12-01', '1 month') WITH ORDINALITY g(m, i)) AS same
  FROM generate_series('2020-01-01'::date, '2022-12-01', '1 month');

-- single-month blips: the levels are medians, so a blip of any size moves a
-- level at most to the neighbouring month's value (bounded), never by the
-- blip; with months >= 3 a blip cannot make a flat lane surge
CREATE TABLE blips (period date, value double precision);
INSERT INTO blips
SELECT m, 50000 * (1 + 0.3 * sin(i)) FROM generate_series('2021-01-01'::date, '2022-12-01', '1 month') WITH ORDINALITY g(m, i);
SELECT blip, round((c).after_level) AS after, round((c).score::numeric, 3) AS score
  FROM (SELECT b.blip, lane_change(x.period, x.value + CASE WHEN x.period = '2022-06-01' THEN b.blip ELSE 0 END,
                                   '2022-03-01', 10) AS c
          FROM blips x, (VALUES (0), (1e5), (1e7), (1e11)) b(blip) GROUP BY b.blip) y
 ORDER BY blip;
-- the bound: the after level with any blip lies between the after months' 5th and 7th values
SELECT bool_and((c).after_level BETWEEN lo AND hi) AS bounded
  FROM (SELECT b.blip, lane_change(x.period, x.value + CASE WHEN x.period = '2022-06-01' THEN b.blip ELSE 0 END,
                                   '2022-03-01', 10) AS c
          FROM blips x, (VALUES (0), (1e5), (1e7), (1e11)) b(blip) GROUP BY b.blip) y,
       (SELECT (array_agg(value ORDER BY value))[5] AS lo, (array_agg(value ORDER BY value))[7] AS hi
          FROM blips WHERE period >= '2022-03-01') s;
