-- demo/report_routes.sql: shipments by route (demo/load_routes.sql made the
-- columns country and route).  Goods of the Common High Priority List
-- (sample.chpl, matched with hscode's <@) reaching Russia or Belarus through
-- the hub countries, the last leg into Russia, detours and round trips.
\pset footer off
\pset null '-'
SET search_path = sample, public;

\echo
\echo '== CHPL goods into Russia or Belarus through a hub (KZ, KG, AM, AE, TR, GE, UZ), by route, after 24 February 2022'
SELECT d.route, count(*) AS declarations, round(sum(d.value_usd) / 1e3) AS kusd,
       round(route_length_km(d.route)::numeric) AS km,
       round(route_detour_ratio(d.route)::numeric, 2) AS detour
  FROM declarations d
 WHERE d.route ?| '{KZ,KG,AM,AE,TR,GE,UZ}'::country[]
   AND route_destination(d.route) IN ('RU', 'BY')
   AND d.decl_date >= date '2022-02-24'
   AND EXISTS (SELECT 1 FROM chpl c WHERE d.hs <@ c.hs6::hscode)
 GROUP BY d.route
 ORDER BY declarations DESC, d.route
 LIMIT 15;

\echo '== Last leg into Russia of CHPL goods: declarations per year by the country the goods left'
SELECT l.from_country AS from_country, country_name(l.from_country) AS name,
       count(*) FILTER (WHERE d.decl_date < date '2022-01-01') AS y2021,
       count(*) FILTER (WHERE d.decl_date >= date '2022-01-01' AND d.decl_date < date '2023-01-01') AS y2022,
       count(*) FILTER (WHERE d.decl_date >= date '2023-01-01') AS y2023
  FROM declarations d
 CROSS JOIN LATERAL route_legs(d.route) l
 WHERE l.to_country = 'RU'
   AND EXISTS (SELECT 1 FROM chpl c WHERE d.hs <@ c.hs6::hscode)
 GROUP BY l.from_country
 ORDER BY y2023 DESC, from_country
 LIMIT 12;

\echo '== Declarations with the legs KG>RU, AM>RU and KZ>RU per year (GIN index on route)'
SELECT extract(year FROM d.decl_date)::int AS year,
       count(*) FILTER (WHERE d.route @> 'KG>RU'::route) AS kg_ru,
       count(*) FILTER (WHERE d.route @> 'AM>RU'::route) AS am_ru,
       count(*) FILTER (WHERE d.route @> 'KZ>RU'::route) AS kz_ru
  FROM declarations d
 WHERE d.route ?| '{KG,AM,KZ}'::country[]
 GROUP BY 1
 ORDER BY 1;

\echo '== Routes into Russia or Belarus with the longest detours (length over the direct distance)'
SELECT d.route, count(*) AS declarations,
       round(route_length_km(d.route)::numeric) AS km,
       round(route_detour_ratio(d.route)::numeric, 2) AS detour,
       route_has_loop(d.route) AS loop
  FROM declarations d
 WHERE route_destination(d.route) IN ('RU', 'BY') AND route_hops(d.route) >= 2
 GROUP BY d.route
 ORDER BY detour DESC NULLS LAST, d.route
 LIMIT 10;
