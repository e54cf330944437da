-- bench/stats_generate.sql: generated trade statistics with planted cases and
-- decoys for mirror_gap, pass_through and lane_change across an edition change
-- (bench/stats_bench.sh).  Every lane runs monthly from January 2020 to
-- December 2022, cutoff March 2022.  The generator draws its own nuisance
-- (level, trend, seasonality, noise, CIF/FOB margin, normal gap, recording
-- lag, missing months, blips) at random; the aggregates know none of it.
--   psql -v seed=0.42 -v n=400 -f bench/stats_generate.sql
SELECT setseed(:seed);

-- one row a lane, its parameters drawn here
CREATE TABLE gen_lane AS
SELECT kind, i AS lane, label,
       exp(ln(1e4) + random() * ln(1e4)) AS level,          -- 10k .. 100M a month
       (random() - 0.3) * 0.04 AS trend,                       -- -1.2% .. +2.8% a month
       random() * 0.6 AS season, random() * 12 AS phase,
       0.05 + random() * 0.25 AS noise,
       1.02 + random() * 0.08 AS cif,                          -- CIF/FOB margin 2-10%
       0.5 + random() * 0.6 AS normal,                         -- partner records 50-110%
       CASE WHEN random() < 0.5 THEN 0 WHEN random() < 0.8 THEN 1 ELSE 2 END AS lag,
       CASE WHEN random() < 0.3 THEN 1 + floor(random() * 36)::int END AS missing_month,
       CASE WHEN random() < 0.3 THEN 1 + floor(random() * 36)::int END AS blip_month,
       5 + random() * 25 AS blip_size,
       1 + random() * 4 AS boost,                              -- exports after: x1 .. x5
       CASE WHEN label = 'planted' THEN 0.3 + random() * 0.5 ELSE 0 END AS phantom,
       CASE WHEN label = 'planted' THEN 0.2 + random() * 0.8 ELSE 0 END AS share
  FROM (VALUES ('mirror'), ('pass'), ('edition')) k(kind),
       generate_series(1, :n) i,
       LATERAL (SELECT CASE WHEN i % 2 = 0 THEN 'planted' ELSE 'decoy' END AS label) l;

-- Mirror lanes: exports as reported, imports as the partner records them.
-- A planted lane loses `phantom` of its extra exports after the cutoff (they
-- never reach the partner); decoys differ only by nuisance.
CREATE TABLE gen_mirror AS
WITH m AS (
    SELECT l.*, t, (make_date(2020, 1, 1) + make_interval(months => t - 1))::date AS period,
           make_date(2020, 1, 1) + make_interval(months => t - 1) >= '2022-03-01' AS after
      FROM gen_lane l, generate_series(1, 36) t WHERE l.kind = 'mirror'
), shipped AS (
    SELECT m.*,
           level * exp(trend * t) * (1 + season * sin(2 * pi() * (t + phase) / 12))
             * CASE WHEN after THEN boost ELSE 1 END
             * exp(noise * (random() + random() + random() - 1.5)) AS goods,
           CASE WHEN after THEN 1 - phantom * (boost - 1) / boost ELSE 1 END AS arrives
      FROM m
)
SELECT s.kind, s.lane, s.label, s.period,
       s.goods * CASE WHEN s.t = s.blip_month THEN s.blip_size ELSE 1 END AS exported,
       -- recorded `lag` months later, at the lane's normal ratio and CIF
       CASE WHEN s.t = s.missing_month THEN NULL
            ELSE p.goods * p.arrives * s.normal * s.cif
                 * exp(0.5 * s.noise * (random() + random() + random() - 1.5)) END AS imported
  FROM shipped s LEFT JOIN shipped p ON p.lane = s.lane AND p.t = s.t - s.lag;

-- Hub lanes: the hub's imports from the coalition and its exports to RU.  A
-- planted lane passes `share` of its extra imports on, 0-2 months later;
-- decoys: the hub keeps its extra imports, or its exports to RU rise from
-- its own goods, or nothing changes but seasonality and a blip on both.
CREATE TABLE gen_hub AS
WITH m AS (
    SELECT l.*, t, (make_date(2020, 1, 1) + make_interval(months => t - 1))::date AS period,
           make_date(2020, 1, 1) + make_interval(months => t - 1) >= '2022-03-01' AS after,
           CASE WHEN l.label = 'planted' THEN 'planted' ELSE (ARRAY['kept', 'own goods', 'blips'])[1 + l.lane / 2 % 3] END AS variant
      FROM gen_lane l, generate_series(1, 36) t WHERE l.kind = 'pass'
), flows AS (
    SELECT m.*,
           level * exp(trend * t) * (1 + season * sin(2 * pi() * (t + phase) / 12))
             * exp(noise * (random() + random() + random() - 1.5)) AS normal_imports,
           CASE WHEN after AND variant IN ('planted', 'kept') THEN level * (boost - 1 + 0.5) ELSE 0 END AS extra
      FROM m
)
SELECT f.kind, f.lane, f.label, f.variant, f.period,
       f.normal_imports + f.extra
         + CASE WHEN f.variant = 'blips' AND f.t = f.blip_month THEN f.level * f.blip_size ELSE 0 END AS imported,
       f.level * 0.05 * (1 + f.season * sin(2 * pi() * (f.t + f.phase + 3) / 12))
         * exp(f.noise * (random() + random() + random() - 1.5))
         + coalesce(p.extra * f.share, 0)
         + CASE WHEN f.variant = 'own goods' AND f.after THEN f.level * (f.boost - 1 + 0.5) ELSE 0 END
         + CASE WHEN f.variant = 'blips' AND f.t = f.blip_month THEN f.level * f.blip_size * 0.8 ELSE 0 END AS exported
  FROM flows f LEFT JOIN flows p ON p.lane = f.lane AND p.t = f.t - f.lag;

-- Edition lanes: one HS2017 code that HS2022 split wholly into several codes
-- (the n:1 groups of the UNSD correlation); recorded in HS2017 until December
-- 2021 and in the HS2022 codes, at random shares, from January 2022.  A
-- planted lane surges from the cutoff (x boost, boost >= 1.5); a decoy only
-- changes edition, with seasonality, noise and a blip.
CREATE TABLE gen_split_codes AS
SELECT other_code AS old_code, array_agg(code ORDER BY code) AS new_codes
  FROM hs_correlation
 WHERE relationship = 'n:1' AND edition = 'HS2022' AND other_edition = 'HS2017'
 GROUP BY other_code HAVING count(*) BETWEEN 2 AND 5;
CREATE TABLE gen_edition AS
WITH l AS (
    SELECT g.*, c.old_code, c.new_codes
      FROM gen_lane g
      JOIN (SELECT *, row_number() OVER (ORDER BY old_code) AS k FROM gen_split_codes) c
        ON c.k = 1 + g.lane % (SELECT count(*) FROM gen_split_codes)
     WHERE g.kind = 'edition'
), m AS (
    SELECT l.*, t, (make_date(2020, 1, 1) + make_interval(months => t - 1))::date AS period,
           level * exp(trend * t / 4) * (1 + season * sin(2 * pi() * (t + phase) / 12))
             * exp(noise * (random() + random() + random() - 1.5))
             * CASE WHEN label = 'planted' AND t >= 27 THEN 1.5 + (boost - 1) * 1.5 ELSE 1 END
             * CASE WHEN t = blip_month AND label = 'decoy' THEN blip_size ELSE 1 END AS v
      FROM l, generate_series(1, 36) t
)
SELECT m.kind, m.lane, m.label, m.period, 'HS2017' AS edition, m.old_code AS code, m.v AS value
  FROM m WHERE m.t <= 24
UNION ALL
SELECT m.kind, m.lane, m.label, m.period, 'HS2022', c.code, m.v * c.part / sum(c.part) OVER (PARTITION BY m.lane, m.t)
  FROM m, LATERAL (SELECT code, 0.1 + random() AS part FROM unnest(m.new_codes) code) c
 WHERE m.t > 24;
