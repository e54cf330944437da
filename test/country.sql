-- pgTAP: the country type, its opclasses and functions, and every rejected
-- input form with its SQLSTATE.
BEGIN;
SELECT plan(43);

SELECT has_type('country');
SELECT has_opclass('country_ops');
SELECT has_opclass('country_hash_ops');
SELECT has_operator('country', '=', 'country', 'boolean');
SELECT has_operator('country', '<', 'country', 'boolean');
SELECT has_cast('text', 'country');
SELECT has_cast('country', 'text');

SELECT volatility_is('country_in', ARRAY['cstring'], 'immutable');
SELECT volatility_is('country_from_name', ARRAY['text'], 'immutable');
SELECT volatility_is('country_from_name_or_null', ARRAY['text'], 'immutable');
SELECT volatility_is('normalize_name', ARRAY['text'], 'immutable');
SELECT volatility_is('country_name', ARRAY['country', 'text'], 'immutable');
SELECT volatility_is('country_distance_km', ARRAY['country', 'country'], 'immutable');
SELECT function_lang_is('country_from_name', ARRAY['text'], 'c');
SELECT function_lang_is('country_neighbours', ARRAY['country'], 'c');
SELECT is_strict('country_from_name', ARRAY['text']);

SELECT is('KAZ'::country, 'KZ'::country, 'alpha-3 reads as alpha-2');
SELECT is('398'::country::text, 'KZ', 'numeric reads as alpha-2');
SELECT is(pg_column_size('KZ'::country), 2, 'two bytes');
SELECT is(country_from_name('Ресей'), 'RU'::country, 'Kazakh name of Russia');
SELECT is(country_from_name('Kyrgyz Republic'), 'KG'::country, 'official name');
SELECT is(country_from_name_or_null('Narnia'), NULL, 'non-throwing form');
SELECT is(country_name('KZ', 'kk'), 'Қазақстан', 'Kazakh name back out');
SELECT ok(country_borders('KZ', 'RU'), 'KZ borders RU');
SELECT ok(NOT country_borders('KG', 'RU'), 'KG does not border RU');

-- every rejected input form, with its SQLSTATE
SELECT throws_ok($$SELECT ''::country$$, '22P02', NULL, 'empty');
SELECT throws_ok($$SELECT '   '::country$$, '22P02', NULL, 'blank');
SELECT throws_ok($$SELECT 'K'::country$$, '22P02', NULL, 'one letter');
SELECT throws_ok($$SELECT 'KAZA'::country$$, '22P02', NULL, 'four letters');
SELECT throws_ok($$SELECT 'QQ'::country$$, '22P02', NULL, 'unassigned alpha-2');
SELECT throws_ok($$SELECT 'QQQ'::country$$, '22P02', NULL, 'unassigned alpha-3');
SELECT throws_ok($$SELECT '999'::country$$, '22P02', NULL, 'unassigned numeric');
SELECT throws_ok($$SELECT '1000'::country$$, '22P02', NULL, 'four digits');
SELECT throws_ok($$SELECT 'K1'::country$$, '22P02', NULL, 'letters and digits');
SELECT throws_ok($$SELECT 'K Z'::country$$, '22P02', NULL, 'inner space');
SELECT throws_ok($$SELECT 'Kazakhstan'::country$$, '22P02', NULL, 'a name is not a code');
SELECT throws_ok($$SELECT 'ＫＺ'::country$$, '22P02', NULL, 'full-width letters');
SELECT throws_ok($$SELECT 'RU.'::country$$, '22P02', NULL, 'punctuation');
SELECT throws_ok($$SELECT country_from_name('Narnia')$$, '22023', NULL, 'unknown name');
SELECT throws_ok($$SELECT country_from_name('')$$, '22023', NULL, 'empty name');
SELECT throws_ok($$SELECT country_name('KZ', 'fr')$$, '22023', NULL, 'unknown language');
SELECT throws_ok($$SELECT 'KZ>RU'::text::country$$, '22P02', NULL, 'a route is not a country (cast)');
SELECT lives_ok($$SELECT country_from_name('ОАЭ')$$, 'Russian abbreviation of the UAE');

SELECT * FROM finish();
ROLLBACK;
