-- pgTAP: the route type, its opclasses, operators and functions, and every
-- rejected input form with its SQLSTATE.
BEGIN;
SELECT plan(53);

SELECT has_type('route');
SELECT has_opclass('route_ops');
SELECT has_opclass('route_hash_ops');
SELECT has_opclass('route_gin_ops');
SELECT has_opclass('route_gin_country_ops');
SELECT has_operator('route', '=', 'route', 'boolean');
SELECT has_operator('route', '@>', 'country', 'boolean');
SELECT has_operator('country', '<@', 'route', 'boolean');
SELECT has_operator('route', '?|', 'country[]', 'boolean');
SELECT has_operator('route', '?&', 'country[]', 'boolean');
SELECT has_operator('route', '@>', 'route', 'boolean');
SELECT has_operator('route', '||', 'country', 'route');
SELECT has_operator('route', '||', 'route', 'route');
SELECT has_cast('text', 'route');
SELECT has_cast('country[]', 'route');

SELECT volatility_is('route_in', ARRAY['cstring'], 'immutable');
SELECT volatility_is('route_length_km', ARRAY['route'], 'immutable');
SELECT volatility_is('route_legs', ARRAY['route'], 'immutable');
SELECT function_lang_is('route_visits_any', ARRAY['route', 'country[]'], 'c');
SELECT function_lang_is('route_gin_consistent',
    ARRAY['internal', 'smallint', 'route', 'integer', 'internal', 'internal', 'internal', 'internal'], 'c');
SELECT is_strict('route_contains', ARRAY['route', 'route']);
SELECT ok((SELECT bool_and(amvalidate(oid)) FROM pg_opclass
            WHERE opcname IN ('route_ops', 'route_hash_ops', 'route_gin_ops', 'route_gin_country_ops', 'country_ops', 'country_hash_ops')),
          'amvalidate accepts every opclass');

SELECT is('DEU>KAZ>RUS'::route::text, 'DE>KZ>RU', 'alpha-3 elements read as alpha-2');
SELECT ok('DE>PL>KZ>RU'::route @> 'KZ>RU'::route, 'contains a sub-route');
SELECT ok(NOT 'DE>KZ>PL>RU'::route @> 'KZ>RU'::route, 'legs must be contiguous');
SELECT ok('KG>RU'::route ?| '{KZ,KG,AM}', 'visits any');
SELECT is(route_hops('DE>PL>KZ>RU'), 3, 'hops are legs');
SELECT is(route_transit('DE>PL>KZ>RU'), '{PL,KZ}'::country[], 'transit countries');
SELECT ok(route_has_loop('KZ>RU>KZ'), 'round trip is a loop');
SELECT is(('DE>PL'::route || 'KZ'::country)::text, 'DE>PL>KZ', 'append');
SELECT is((SELECT count(*)::int FROM route_legs('DE>PL>KZ>RU')), 3, 'legs as rows');

-- every rejected input form, with its SQLSTATE
SELECT throws_ok($$SELECT ''::route$$, '22P02', NULL, 'empty');
SELECT throws_ok($$SELECT '   '::route$$, '22P02', NULL, 'blank');
SELECT throws_ok($$SELECT '>'::route$$, '22P02', NULL, 'bare separator');
SELECT throws_ok($$SELECT '>KZ'::route$$, '22P02', NULL, 'leading separator');
SELECT throws_ok($$SELECT 'KZ>'::route$$, '22P02', NULL, 'trailing separator');
SELECT throws_ok($$SELECT 'KZ>>RU'::route$$, '22P02', NULL, 'doubled separator');
SELECT throws_ok($$SELECT 'KZ> >RU'::route$$, '22P02', NULL, 'separators around a space');
SELECT throws_ok($$SELECT 'KZ RU'::route$$, '22P02', NULL, 'space is no separator');
SELECT throws_ok($$SELECT 'KZ,RU'::route$$, '22P02', NULL, 'comma is no separator');
SELECT throws_ok($$SELECT 'KZ>QQ'::route$$, '22P02', NULL, 'unknown country');
SELECT throws_ok($$SELECT 'KZ>RUSS'::route$$, '22P02', NULL, 'malformed country');
SELECT throws_ok($$SELECT 'Kazakhstan>RU'::route$$, '22P02', NULL, 'a name is not a code');
SELECT throws_ok($$SELECT 'KZ>ＲＵ'::route$$, '22P02', NULL, 'full-width letters');
SELECT throws_ok($$SELECT (repeat('KZ>', 32) || 'RU')::route$$, '22P02', NULL, 'more than 32 countries');
SELECT throws_ok($$SELECT 'KZ>>RU'::text::route$$, '22P02', NULL, 'cast from text validates');
SELECT throws_ok($$SELECT route_from_countries('{}')$$, '22023', NULL, 'empty array');
SELECT throws_ok($$SELECT route_from_countries('{KZ,NULL}')$$, '22004', NULL, 'NULL element');
SELECT throws_ok($$SELECT route_from_countries(array_fill('KZ'::country, ARRAY[33]))$$, '54000', NULL, 'array too long');
SELECT throws_ok($$SELECT (repeat('KZ>', 31) || 'RU')::route || 'BY'::country$$, '54000', NULL, 'append beyond 32');
SELECT throws_ok($$SELECT (repeat('KZ>', 20) || 'RU')::route || (repeat('KZ>', 20) || 'RU')::route$$, '54000', NULL, 'concatenation beyond 32');
SELECT throws_ok($$SELECT route_join('DE>PL', 'KZ>RU')$$, '22023', NULL, 'join of routes that do not meet');
SELECT lives_ok($$SELECT route_join('DE>PL', 'PL>RU')$$, 'join of routes that meet');

SELECT * FROM finish();
ROLLBACK;
