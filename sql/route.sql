-- route: input forms, rejected inputs with their SQLSTATE, casts, binary
-- round trip, order and hash opclasses, operators, parts, legs, building,
-- lengths.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS trade_screen;
RESET client_min_messages;
SET extra_float_digits = 0;

-- accepted spellings and their canonical form
SELECT input, input::route AS route
  FROM (VALUES ('DE>PL>KZ>RU'), ('DEU>POL>KAZ>RUS'), ('276>616>398>643'), ('de>pl>kz>ru'),
               ('DE > PL > KZ > RU'), ('DE->PL->KZ->RU'), ('DE-PL-KZ-RU'), ('DE→PL→KZ→RU'),
               ('  DE>POL>398>ru  '), ('RU'), ('KG>RU'), ('KZ>KZ'), ('XK>RS>EU>ZZ')) AS v(input)
 ORDER BY route, input COLLATE "C";

-- rejected inputs: one row each, with the SQLSTATE and the detail
CREATE FUNCTION try_route(input text, OUT state text, OUT message text, OUT detail text)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM input::route;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                            detail = PG_EXCEPTION_DETAIL;
END $$;

SELECT input, (try_route(input)).*
  FROM (VALUES (''), ('   '), ('>'), ('>KZ'), ('KZ>'), ('KZ>>RU'), ('KZ> >RU'), ('KZ->->RU'),
               ('KZ RU'), ('KZ,RU'), ('KZ;RU'), ('KZ|RU'), ('KZ>QQ'), ('QQQ>RU'), ('KZ>RUSS'),
               ('KZ>999'), ('KZ>K'), ('Kazakhstan>RU'), ('KZ>ＲＵ'), ('KZ.>RU'),
               (repeat('KZ>', 32) || 'RU'), ('KZ>RU>')) AS v(input)
 ORDER BY input COLLATE "C";

-- rejected calls: one row each, with the SQLSTATE, the detail and the hint
CREATE FUNCTION try_route_call(call text, OUT state text, OUT message text, OUT detail text,
    OUT hint text)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'SELECT ' || call;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                            detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
END $$;
SELECT call, (try_route_call(call)).*
  FROM (VALUES ($c$route_from_countries('{}')$c$),
               ($c$route_from_countries('{KZ,NULL}')$c$),
               ($c$route_from_countries(array_fill('KZ'::country, ARRAY[33]))$c$),
               ($c$route_join('DE>PL', 'KZ>RU')$c$),
               ($c$(repeat('KZ>', 31) || 'RU')::route || 'BY'::country$c$),
               ($c$(repeat('KZ>', 20) || 'RU')::route || (repeat('KZ>', 20) || 'RU')::route$c$)) AS v(call)
 ORDER BY call COLLATE "C";

-- the hint says what is accepted
SELECT 'KZ>>RU'::route;

-- at most 32 countries
SELECT route_hops((repeat('KZ>', 31) || 'RU')::route) AS hops_at_limit;

-- casts, binary form as text
SELECT 'DEU>KAZ>RUS'::text::route, 'DE>RU'::route::text, 'DE>RU'::varchar::route;
CREATE TEMP TABLE assign (r route);
INSERT INTO assign SELECT 'deu>kaz>rus'::text;
SELECT * FROM assign;
SELECT route_send('DE>KZ>RU'), route_send('DE>KZ>RU') = convert_to('DE>KZ>RU', 'UTF8') AS is_text;
SELECT '{KZ,KG,RU}'::country[]::route AS from_array, 'KZ>KG>RU'::route::country[] AS to_array;

-- storage: 2 bytes a country and a 1-byte header on disk
CREATE TEMP TABLE sizes (r route);
INSERT INTO sizes VALUES ('DE>PL>KZ>RU'), ('RU');
SELECT r, pg_column_size(r) AS bytes FROM sizes ORDER BY r;

-- order: country by country, a route before the routes it starts
SELECT r FROM (VALUES ('KZ>RU'::route), ('KZ'), ('AM>RU'), ('KZ>KG>RU'), ('KZ>RU>BY'),
                      ('RU'), ('DE>PL>BY>RU')) AS v(r)
 ORDER BY r;
SELECT 'KZ'::route < 'KZ>RU', 'KZ>RU'::route = 'KAZ>RUS', 'KZ>RU'::route <> 'RU>KZ',
       'KZ>RU'::route > 'KZ>KG>RU', 'AM'::route <= 'AM', 'RU'::route >= 'KZ>RU>BY';
SELECT route_hash('KZ>RU') = route_hash('KAZ>643') AS same_hash,
       route_hash_extended('KZ>RU', 0) = route_hash_extended('kz-ru', 0) AS same_hash64,
       route_hash_extended('KZ>RU', 0) <> route_hash_extended('KZ>RU', 1) AS seeded;

-- ordering laws on generated routes: reflexive, antisymmetric, transitive,
-- and the same as the order of the country arrays
CREATE TEMP TABLE gen AS
SELECT i AS id,
       route_from_countries(ARRAY(SELECT (ARRAY['KZ','RU','KG','AM','DE','CN'])[1 + (i * 7 + k * 13) % 6]::country
                                   FROM generate_series(1, 1 + i % 4) k)) AS r
  FROM generate_series(1, 300) i;
SELECT count(*) FILTER (WHERE a.r = a.r) AS reflexive,
       count(*) FILTER (WHERE a.r <= b.r AND b.r <= a.r AND a.r <> b.r) AS antisymmetry_broken,
       count(*) FILTER (WHERE (a.r < b.r) <> (route_countries(a.r)::text[] < route_countries(b.r)::text[])) AS differs_from_arrays
  FROM gen a JOIN gen b ON b.id % 10 = a.id % 10;
SELECT count(*) AS transitivity_broken
  FROM gen a, gen b, gen c
 WHERE a.id % 30 = 0 AND b.id % 30 = 1 AND c.id % 10 = 2
   AND a.r < b.r AND b.r < c.r AND NOT a.r < c.r;

-- btree and hash indexes, hash aggregation
CREATE INDEX gen_btree ON gen (r);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM gen WHERE r = 'KZ>RU';
SELECT count(*) = (SELECT count(*) FROM gen WHERE r::text = 'KZ>RU') AS same_as_text FROM gen WHERE r = 'KZ>RU';
DROP INDEX gen_btree;
CREATE INDEX gen_hash ON gen USING hash (r);
EXPLAIN (COSTS OFF) SELECT count(*) FROM gen WHERE r = 'KZ>RU';
SELECT count(*) = (SELECT count(*) FROM gen WHERE r::text = 'KZ>RU') AS same_as_text FROM gen WHERE r = 'KZ>RU';
RESET enable_seqscan;
SELECT count(DISTINCT r) = count(DISTINCT r::text) AS distinct_agrees FROM gen;

-- visiting countries and containing sub-routes
SELECT r, r @> 'KZ'::country AS visits_kz, 'RU'::country <@ r AS ru_visited,
       r ?| '{KG,AM}'::country[] AS any_kg_am, r ?& '{KZ,RU}'::country[] AS all_kz_ru,
       r @> 'KZ>RU'::route AS leg_kz_ru, r @> 'PL>KZ>RU'::route AS sub_pl_kz_ru,
       'KZ>RU'::route <@ r AS contained, r @> r AS self
  FROM (VALUES ('DE>PL>KZ>RU'::route), ('DE>KZ>PL>RU'), ('KG>RU'), ('AM>GE>RU'), ('RU>KZ'),
               ('KZ')) AS v(r)
 ORDER BY r;
SELECT 'KZ>RU'::route ?| '{}'::country[] AS any_of_none, 'KZ>RU'::route ?& '{}'::country[] AS all_of_none,
       'KZ>RU'::route ?| '{NULL,KZ}'::country[] AS any_null_ignored,
       'KZ>RU'::route ?& '{NULL,KZ}'::country[] AS all_null_ignored;

-- the array may change from row to row (the operators cache the last one)
SELECT r, a, r ?| a AS visits_any, r ?& a AS visits_all
  FROM (VALUES (1, 'KZ>RU'::route, '{KZ}'::country[]), (2, 'KZ>RU', '{AM}'), (3, 'KZ>RU', '{KZ,RU}'),
               (4, 'KZ>RU', '{KZ,AM}'), (5, 'AM>RU', '{AM}'), (6, 'AM>RU', '{AM,AM,NULL}'),
               (7, 'AM>RU', '{}')) AS v(i, r, a)
 ORDER BY i;

-- parts of a route
SELECT r, route_origin(r), route_destination(r), route_transit(r), route_countries(r),
       route_hops(r), route_has_loop(r)
  FROM (VALUES ('DE>PL>KZ>RU'::route), ('RU'), ('KG>RU'), ('KZ>RU>KZ'), ('KZ>KZ')) AS v(r)
 ORDER BY r;
SELECT * FROM route_legs('DE>PL>KZ>RU');
SELECT count(*) AS legs_of_one_country FROM route_legs('RU');

-- building routes
SELECT 'DE>PL'::route || 'KZ'::country AS append, 'DE'::country || 'PL>RU'::route AS prepend,
       'DE>PL'::route || 'KZ>RU'::route AS concat, 'DE>PL'::route || 'PL>RU' AS concat_keeps_both,
       route_join('DE>PL', 'PL>RU') AS joined;

-- lengths over centroids
SELECT r, round(route_length_km(r)::numeric) AS km, round(route_detour_ratio(r)::numeric, 3) AS detour
  FROM (VALUES ('DE>RU'::route), ('DE>PL>BY>RU'), ('DE>KZ>RU'), ('DE>AE>KG>RU'), ('RU'),
               ('KZ>RU>KZ'), ('TW>CN'), ('CN>TW>CN')) AS v(r)
 ORDER BY r;
SELECT round(route_length_km('DE>PL>KZ>RU')::numeric, 6) =
       round((country_distance_km('DE', 'PL') + country_distance_km('PL', 'KZ') +
              country_distance_km('KZ', 'RU'))::numeric, 6) AS length_is_sum_of_legs;
