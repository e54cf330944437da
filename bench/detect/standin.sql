-- bench/detect/standin.sql: a stand-in scorer for debugging the evaluation before the
-- extension's screen_fit / screen_declaration exist.  NOT the product and not its peer: a few
-- plain-SQL red flags, each read straight from the issue's indicator list, fitted on decl
-- (never on decl_truth) and combined by noisy-OR.  evaluate.sh --standin scores with
--   standin_score(decl_id)
-- so that the tables can be checked against a scorer that is neither random nor the naive rule.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
DROP TABLE IF EXISTS standin_price, standin_lane, standin_exporter, standin_flags CASCADE;

-- robust price baseline: median and MAD of log unit value per subheading and unit
CREATE TABLE standin_price AS
WITH l AS (SELECT hs_subheading(hs) AS sub, unit, ln(value_usd / quantity) AS luv
             FROM decl WHERE value_usd > 0 AND quantity > 0),
m AS (SELECT sub, unit, percentile_cont(0.5) WITHIN GROUP (ORDER BY luv) AS med, count(*) AS n
        FROM l GROUP BY 1, 2)
SELECT m.sub, m.unit, m.med, m.n,
       greatest(percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(l.luv - m.med)), 0.05) AS mad
  FROM l JOIN m USING (sub, unit) GROUP BY m.sub, m.unit, m.med, m.n;

-- lanes (dispatch, destination, heading): rows before and after the cutoff
CREATE TABLE standin_lane AS
SELECT (route_countries(route))[route_hops(route)] AS dispatch, route_destination(route) AS dest,
       hs_heading(hs) AS head,
       count(*) FILTER (WHERE decl_date < '2022-02-24') AS before,
       count(*) FILTER (WHERE decl_date >= '2022-02-24') AS after
  FROM decl WHERE route_hops(route) >= 1 GROUP BY 1, 2, 3;

-- exporters: first declaration
CREATE TABLE standin_exporter AS
SELECT exporter, min(decl_date) AS first_date FROM decl GROUP BY 1;

CREATE TABLE standin_flags AS
SELECT d.decl_id,
       -- watchlist goods to a sanctioned destination after the cutoff, through a hub
       CASE WHEN d.hs <@ watchlist('CHPL', NULL, '2024-02-23') AND x.dest IN ('RU', 'BY')
                 AND d.decl_date >= '2022-02-24'
                 AND d.route ?| '{AM,GE,KZ,KG,AE,TR,UZ,RS,HK,TJ,CN,IN,SG}'
                 AND (d.origin IN (SELECT unnest(coalition)) OR route_origin(d.route) IN (SELECT unnest(coalition)))
            THEN 0.9 ELSE 0 END AS f_trans,
       -- origin declared in a hub while the route starts in the coalition, to RU/BY
       CASE WHEN x.dest IN ('RU', 'BY') AND route_origin(d.route) IN (SELECT unnest(coalition))
                 AND d.origin NOT IN (SELECT unnest(coalition)) AND d.decl_date >= '2022-02-24'
            THEN 0.8 ELSE 0 END AS f_origin,
       CASE WHEN route_has_loop(d.route) THEN 0.9 ELSE 0 END AS f_loop,
       CASE WHEN p.n >= 5 AND abs(ln(d.value_usd / d.quantity) - p.med) / (1.4826 * p.mad) > 3.5
            THEN 0.8 ELSE 0 END AS f_price,
       CASE WHEN e.first_date >= '2022-02-24' AND x.dest IN ('RU', 'BY') THEN 0.7 ELSE 0 END AS f_new,
       CASE WHEN x.dest IN ('RU', 'BY') AND d.decl_date >= '2022-02-24'
            THEN least(0.9, greatest(0, ln((l.after + 1.0) / (l.before * 22 / 38.0 + 1.0)) / 4)) ELSE 0 END AS f_lane
  FROM decl d
  CROSS JOIN LATERAL (SELECT route_destination(d.route) AS dest,
                             '{AT,BE,BG,HR,CY,CZ,DK,EE,FI,FR,DE,GR,HU,IE,IT,LV,LT,LU,MT,NL,PL,PT,RO,SK,SI,ES,SE,US,GB,JP,KR,CA,AU,NZ,NO,CH}'::country[] AS coalition) x
  LEFT JOIN standin_price p ON p.sub = hs_subheading(d.hs) AND p.unit = d.unit
  LEFT JOIN standin_exporter e ON e.exporter = d.exporter
  LEFT JOIN standin_lane l ON route_hops(d.route) >= 1
        AND l.dispatch = (route_countries(d.route))[route_hops(d.route)]
        AND l.dest = x.dest AND l.head = hs_heading(d.hs);
ALTER TABLE standin_flags ADD PRIMARY KEY (decl_id);

CREATE OR REPLACE FUNCTION standin_score(id bigint) RETURNS double precision
LANGUAGE sql STABLE AS $$
    SELECT 1 - (1 - f_trans) * (1 - f_origin) * (1 - f_loop) * (1 - f_price) * (1 - f_new) * (1 - f_lane)
      FROM standin_flags WHERE decl_id = id
$$;
