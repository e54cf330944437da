-- bench/score_peer.sql: the scoring peer of bench/score_bench.sh.  The same
-- indicators as screen_declaration, with the default parameters, written in
-- plain SQL by a skilled user over the same fitted baseline tables, roles and
-- watchlist: joins for the baselines, EXISTS on indexed role intervals for
-- the countries, a noisy-OR at the end.  Creates the view peer_scores over
-- sample.peer_input (a table or view with the columns of sample.declarations)
-- giving (decl_id, score).  Written from the indicator
-- definitions in README.md; bench/score_bench.sh reports how closely its
-- scores agree with screen_declaration's.
SET search_path = sample, public;

-- roles as intervals, indexed by country
DROP VIEW IF EXISTS peer_scores;
DROP TABLE IF EXISTS peer_roles;
CREATE TABLE peer_roles AS
SELECT r.role, r.country, r.valid_from, coalesce(r.valid_to, 'infinity') AS valid_to
  FROM country_roles r
 WHERE NOT r.shipped
    OR NOT EXISTS (SELECT 1 FROM country_roles u WHERE NOT u.shipped AND u.role = r.role AND u.country = r.country);
CREATE INDEX ON peer_roles (country, role);
-- the watchlist's members with their tier weights (longest member decides)
DROP TABLE IF EXISTS peer_watch;
CREATE TABLE peer_watch AS
SELECT w.code, w.excluded,
       CASE t.tier_order WHEN 1 THEN 1.0 WHEN 2 THEN 0.9 WHEN 3 THEN 0.7 WHEN 4 THEN 0.65 WHEN 5 THEN 0.5 ELSE 0.45 END AS tier_weight
  FROM watchlists w LEFT JOIN watchlist_tiers t ON t.list = w.list AND t.tier = w.tier
 WHERE w.list = 'CHPL' AND w.valid_from <= current_date AND (w.valid_to IS NULL OR w.valid_to > current_date);
CREATE INDEX ON peer_watch (code);
-- margins of the route and origin baselines
DROP TABLE IF EXISTS peer_route_hd, peer_route_dd, peer_route_dest, peer_origin_h, peer_origin_o;
CREATE TABLE peer_route_hd AS
SELECT heading, destination, sum(n) AS total, max(n) AS top,
       (array_agg(dispatch ORDER BY n DESC, dispatch))[1] AS top_dispatch
  FROM screen_baseline_route WHERE profile = 'default' GROUP BY 1, 2;
CREATE TABLE peer_route_dd AS
SELECT destination, dispatch, sum(n) AS n FROM screen_baseline_route WHERE profile = 'default' GROUP BY 1, 2;
CREATE TABLE peer_route_dest AS
SELECT destination, sum(n) AS total, count(*) AS k, max(n) AS top FROM peer_route_dd GROUP BY 1;
CREATE TABLE peer_origin_h AS
SELECT heading, sum(n) AS total FROM screen_baseline_origin WHERE profile = 'default' GROUP BY 1;
CREATE TABLE peer_origin_o AS
SELECT origin, sum(n) AS n, sum(sum(n)) OVER () AS total, count(*) OVER () AS k
  FROM screen_baseline_origin WHERE profile = 'default' GROUP BY 1;
CREATE INDEX ON peer_route_hd (heading, destination);
CREATE INDEX ON peer_route_dd (destination, dispatch);
CREATE INDEX ON peer_route_dest (destination);
CREATE INDEX ON peer_origin_h (heading);
CREATE INDEX ON peer_origin_o (origin);
ANALYZE peer_roles, peer_watch, peer_route_hd, peer_route_dd, peer_route_dest, peer_origin_h, peer_origin_o;

CREATE OR REPLACE VIEW peer_scores AS
WITH facts AS (
    SELECT d.decl_id, d.decl_date, d.hs, d.origin, d.value_usd::float8 AS v, d.quantity::float8 AS q,
           screen_key(d.unit) AS unit, screen_key(d.exporter) AS exporter,
           route_countries(d.route) AS cs, route_origin(d.route) AS first,
           route_dispatch(d.route) AS disp, route_destination(d.route) AS dest,
           route_has_loop(d.route) AS loop, route_detour_ratio(d.route) AS detour,
           hs_truncate(d.hs, 4) AS heading, hs_truncate(d.hs, 6) AS sub, left(hs_chapter(d.hs)::text, 2)::int2 AS chapter,
           d.decl_date >= p.cutoff AS after, p.has_history, p.cutoff
      FROM peer_input d CROSS JOIN screen_profiles p WHERE p.profile = 'default'
    OFFSET 0                                    -- compute each route function once per row
), flags AS (
    SELECT f.*,
           EXISTS (SELECT 1 FROM peer_roles r WHERE r.country = f.dest AND r.role = 'sanctioned' AND f.decl_date >= r.valid_from AND f.decl_date < r.valid_to) AS sanctioned,
           EXISTS (SELECT 1 FROM peer_roles r WHERE r.country = f.dest AND r.role = 'hub' AND f.decl_date >= r.valid_from AND f.decl_date < r.valid_to) AS dest_hub,
           EXISTS (SELECT 1 FROM peer_roles r WHERE r.country = f.disp AND r.role = 'hub' AND f.decl_date >= r.valid_from AND f.decl_date < r.valid_to) AS disp_hub,
           EXISTS (SELECT 1 FROM unnest(f.cs[2:cardinality(f.cs) - 1]) c JOIN peer_roles r ON r.country = c
                    WHERE r.role = 'hub' AND c <> f.dest AND f.decl_date >= r.valid_from AND f.decl_date < r.valid_to) AS transit_hub,
           EXISTS (SELECT 1 FROM peer_roles r WHERE r.country = f.origin AND r.role = 'coalition' AND f.decl_date >= r.valid_from AND f.decl_date < r.valid_to) AS origin_coalition,
           EXISTS (SELECT 1 FROM peer_roles r WHERE r.country = f.origin AND r.role = 'hub' AND f.decl_date >= r.valid_from AND f.decl_date < r.valid_to) AS origin_hub,
           EXISTS (SELECT 1 FROM peer_roles r WHERE r.country = f.first AND r.role = 'coalition' AND f.decl_date >= r.valid_from AND f.decl_date < r.valid_to) AS first_coalition,
           EXISTS (SELECT 1 FROM unnest(f.cs[1:cardinality(f.cs) - 1]) c JOIN peer_roles r ON r.country = c
                    WHERE r.role = 'coalition' AND f.decl_date >= r.valid_from AND f.decl_date < r.valid_to) AS route_coalition,
           (SELECT CASE WHEN w.excluded THEN 0 ELSE w.tier_weight END FROM peer_watch w
             WHERE f.hs <@ w.code ORDER BY hs_ndigits(w.code) DESC LIMIT 1) AS tier_weight,
           coalesce(u6.n, 0) AS uv6_n, u6.median AS uv6_median, u6.mad AS uv6_mad,
           u4.n AS uv4_n, u4.median AS uv4_median, u4.mad AS uv4_mad,
           l.relative AS lane_relative, l.ratio AS lane_ratio,
           e.declarations_before AS exp_before,
           EXISTS (SELECT 1 FROM screen_baseline_exporter_chapter c WHERE c.profile = 'default' AND c.exporter = f.exporter AND c.chapter = f.chapter) AS exp_chapter,
           EXISTS (SELECT 1 FROM screen_baseline_exporter_leg x WHERE x.profile = 'default' AND x.exporter = f.exporter AND x.dispatch = f.disp AND x.destination = f.dest) AS exp_leg,
           coalesce(rc.n, 0) AS cell, rhd.total AS hd_total, rhd.top AS hd_top, rdest.total AS dest_total, rdest.k AS dest_k,
           rdest.top AS dest_top, coalesce(rdd.n, 0) AS dd_n,
           coalesce(oc.n, 0) AS origin_cell, oh.total AS origin_h, oo.n AS origin_n, oo.total AS origin_total, oo.k AS origin_k
      FROM facts f
      LEFT JOIN screen_baseline_unit_value u6 ON u6.profile = 'default' AND u6.code = f.sub AND u6.unit = f.unit AND hs_ndigits(f.hs) >= 6
      LEFT JOIN screen_baseline_unit_value u4 ON u4.profile = 'default' AND u4.code = f.heading AND u4.unit = f.unit
      LEFT JOIN screen_baseline_lane l ON l.profile = 'default' AND l.heading = f.heading AND l.dispatch = f.disp AND l.destination = f.dest
      LEFT JOIN screen_baseline_exporter e ON e.profile = 'default' AND e.exporter = f.exporter AND e.declarations_before > 0
      LEFT JOIN screen_baseline_route rc ON rc.profile = 'default' AND rc.heading = f.heading AND rc.destination = f.dest AND rc.dispatch = f.disp
      LEFT JOIN peer_route_hd rhd ON rhd.heading = f.heading AND rhd.destination = f.dest
      LEFT JOIN peer_route_dest rdest ON rdest.destination = f.dest
      LEFT JOIN peer_route_dd rdd ON rdd.destination = f.dest AND rdd.dispatch = f.disp
      LEFT JOIN screen_baseline_origin oc ON oc.profile = 'default' AND oc.heading = f.heading AND oc.origin = f.origin
      LEFT JOIN peer_origin_h oh ON oh.heading = f.heading
      LEFT JOIN peer_origin_o oo ON oo.origin = f.origin
    OFFSET 0                                    -- each EXISTS once per row: keep the subquery
), measures AS (
    SELECT g.*,
           CASE WHEN g.sanctioned THEN 1.0 WHEN g.dest_hub THEN 0.4 ELSE 0.1 END AS e,
           g.origin_coalition OR g.route_coalition AS nexus,
           CASE WHEN g.uv6_n >= 10 THEN (ln(g.v / g.q) - g.uv6_median) / (1.4826 * greatest(g.uv6_mad, 0.05))
                WHEN g.uv4_n >= 10 THEN (ln(g.v / g.q) - g.uv4_median) / (1.4826 * greatest(g.uv4_mad, 0.05)) END AS z,
           (g.cell + 20 * (g.dd_n + 0.5) / (g.dest_total + 0.5 * (g.dest_k + 1))) / (coalesce(g.hd_total, 0) + 20) AS share,
           (coalesce(g.hd_top, 0) + 20 * (g.dest_top + 0.5) / (g.dest_total + 0.5 * (g.dest_k + 1))) / (coalesce(g.hd_total, 0) + 20) AS usual,
           ((g.origin_cell + 20 * (g.origin_n + 0.5) / (g.origin_total + 0.5 * (g.origin_k + 1))) / (g.origin_h + 20))
             / ((g.origin_n + 0.5) / (g.origin_total + 0.5 * (g.origin_k + 1))) AS lift
      FROM flags g
    OFFSET 0
), contributions AS (
    SELECT m.decl_id,
           0.6 * coalesce(m.tier_weight, 0) * m.e * CASE WHEN m.nexus THEN 1 ELSE 0.3 END AS c_watch,
           CASE WHEN m.sanctioned AND m.transit_hub THEN 0.5 * CASE WHEN m.nexus THEN 1 ELSE 0.3 END ELSE 0 END AS c_trans,
           0.45 * greatest(
               CASE WHEN m.origin_hub AND m.origin <> m.first AND m.first_coalition
                    THEN m.e * CASE WHEN m.lift >= 1 THEN 0.25 ELSE 1 END ELSE 0 END,
               CASE WHEN m.origin_coalition AND m.disp_hub AND m.sanctioned THEN 1 ELSE 0 END,
               CASE WHEN m.origin_hub AND m.has_history AND (m.sanctioned OR m.dest_hub) AND m.lift IS NOT NULL
                    THEN m.e * least(1, greatest(0, (-log(greatest(m.lift, 1e-6)) - 1) / 1)) ELSE 0 END) AS c_origin,
           CASE WHEN cardinality(m.cs) >= 2 THEN 0.4 * m.e * CASE WHEN m.loop THEN 1
                ELSE coalesce(least(1, greatest(0, (m.detour - 2) / 2)), 0) END ELSE 0 END AS c_shape,
           0.5 * coalesce(least(1, greatest(0, (abs(m.z) - 2.7) / 2.0)), 0) AS c_price,
           CASE WHEN m.after AND m.lane_relative > 0 AND m.lane_ratio > 0
                THEN 0.45 * m.e * least(1, greatest(0, (ln(least(m.lane_ratio, m.lane_relative)) - ln(2)) / (ln(20) - ln(2)))) ELSE 0 END AS c_lane,
           CASE WHEN m.after AND m.exporter IS NOT NULL AND m.has_history AND m.sanctioned
                THEN 0.4 * CASE WHEN m.disp_hub OR m.transit_hub THEN 1 ELSE 0.3 END
                     * CASE WHEN m.exp_before IS NULL THEN 1 WHEN NOT m.exp_chapter THEN 0.6 ELSE 0 END
                ELSE 0 END AS c_trader,
           CASE WHEN cardinality(m.cs) >= 2 AND m.has_history
                THEN 0.35 * m.e * greatest(
                    CASE WHEN m.dest_total IS NOT NULL OR m.hd_total IS NOT NULL
                         THEN least(1, greatest(0, (log(greatest(m.usual, m.share) / m.share) - 1) / 1.5)) ELSE 0 END,
                    CASE WHEN m.exp_before >= 5 AND NOT m.exp_leg THEN 0.6 ELSE 0 END)
                ELSE 0 END AS c_rarity
      FROM measures m
)
SELECT c.decl_id,
       1 - (1 - c.c_watch) * (1 - c.c_trans) * (1 - c.c_origin) * (1 - c.c_shape) * (1 - c.c_price)
         * (1 - c.c_lane) * (1 - c.c_trader) * (1 - c.c_rarity) AS score
  FROM contributions c;
