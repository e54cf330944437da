-- bench/stats_evaluate.sql: scores of the generated lanes (bench/stats_generate.sql)
-- and the ROC AUC of each planted kind against its decoys.
CREATE FUNCTION pg_temp.auc(pos double precision[], neg double precision[]) RETURNS double precision
    LANGUAGE sql IMMUTABLE AS $$
        SELECT (count(*) FILTER (WHERE p > q) + 0.5 * count(*) FILTER (WHERE p = q))::double precision / count(*)
          FROM unnest($1) p, unnest($2) q
    $$;
CREATE TEMP TABLE scores AS
SELECT 'mirror_gap: phantom exports' AS kind, label, lane, (mirror_gap(period, exported, imported, '2022-03-01')).score AS score
  FROM gen_mirror GROUP BY label, lane
UNION ALL
SELECT 'pass_through: re-exports', label, lane, (pass_through(period, imported, exported, '2022-03-01')).score
  FROM gen_hub GROUP BY label, lane
UNION ALL
-- a surge across the edition change: the lane restated on HS2017 (hs_convert)
SELECT 'lane_change across editions (restated)', e.label, e.lane,
       (lane_change(e.period, e.value * c.weight, '2022-03-01', 10)).score
  FROM gen_edition e
  JOIN (SELECT d.code AS from_code, d.edition, v.code, v.weight
          FROM (SELECT DISTINCT code, edition FROM gen_edition) d, hs_convert(d.code, d.edition, 'HS2017') v) c
    ON c.from_code = e.code AND c.edition = e.edition
 GROUP BY e.label, e.lane
UNION ALL
-- the same lanes as recorded, each code a lane: the lane's score is its best code's
SELECT 'lane_change across editions (as recorded)', label, lane, max(score)
  FROM (SELECT label, lane, code, (lane_change(period, value, '2022-03-01', 10)).score AS score
          FROM gen_edition GROUP BY label, lane, code) x GROUP BY label, lane;
SELECT kind, count(*) FILTER (WHERE label = 'planted') AS planted, count(*) FILTER (WHERE label = 'decoy') AS decoys,
       round(pg_temp.auc(array_agg(score) FILTER (WHERE label = 'planted'),
                         array_agg(score) FILTER (WHERE label = 'decoy'))::numeric, 3) AS auc,
       round(avg(score) FILTER (WHERE label = 'planted')::numeric, 2) AS planted_mean,
       round((percentile_disc(0.99) WITHIN GROUP (ORDER BY score) FILTER (WHERE label = 'decoy'))::numeric, 2) AS decoy_p99
  FROM scores GROUP BY kind ORDER BY kind;
-- pass_through decoys by variant
SELECT h.variant, count(*) AS lanes, round(avg((p).score)::numeric, 3) AS mean_score,
       round(max((p).score)::numeric, 2) AS max_score, round(avg((p).pass_through_share)::numeric, 2) AS mean_share
  FROM (SELECT variant, lane, pass_through(period, imported, exported, '2022-03-01') AS p FROM gen_hub GROUP BY variant, lane) h
 GROUP BY h.variant ORDER BY h.variant;
-- mirror_gap: the planted phantom share of all exports after, against the measured one
SELECT round(corr(planted, measured)::numeric, 3) AS corr_planted_measured,
       round(avg(measured - planted)::numeric, 3) AS mean_error
  FROM (SELECT g.lane, l.phantom * (l.boost - 1) / l.boost AS planted,
               (mirror_gap(g.period, g.exported, g.imported, '2022-03-01')).phantom_share AS measured
          FROM gen_mirror g JOIN gen_lane l ON l.kind = 'mirror' AND l.lane = g.lane
         WHERE g.label = 'planted' GROUP BY g.lane, l.phantom, l.boost) x;
-- mirror_gap: AUC by the planted phantom share of all exports after (a small
-- phantom on a small export boost is planted but hardly there)
CREATE TEMP TABLE ms AS
SELECT g.label, g.lane, l.phantom * (l.boost - 1) / l.boost AS planted_share,
       (mirror_gap(g.period, g.exported, g.imported, '2022-03-01')).score AS score
  FROM gen_mirror g JOIN gen_lane l ON l.kind = 'mirror' AND l.lane = g.lane GROUP BY 1, 2, 3;
SELECT b AS planted_phantom_share, count(*) AS planted, round(avg(p.score)::numeric, 2) AS mean_score,
       round(avg((SELECT avg((p.score > d.score)::int + 0.5 * (p.score = d.score)::int) FROM ms d WHERE d.label = 'decoy'))::numeric, 3) AS auc
  FROM (SELECT *, CASE WHEN planted_share < 0.1 THEN '1: under 0.10' WHEN planted_share < 0.2 THEN '2: 0.10-0.20'
                       ELSE '3: 0.20 and more' END AS b
          FROM ms WHERE label = 'planted') p
 GROUP BY b ORDER BY b;
