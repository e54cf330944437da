-- pgTAP: the route type, its opclasses, operators and functions (rejected
-- inputs: sql/route.sql).
BEGIN;
SELECT plan(32);

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

-- rejected inputs and calls are asserted once, with their SQLSTATE, in the
-- pg_regress tables of sql/route.sql (try_route, try_route_call)
SELECT lives_ok($$SELECT route_join('DE>PL', 'PL>RU')$$, 'join of routes that meet');

SELECT * FROM finish();
ROLLBACK;
