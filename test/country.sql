-- pgTAP: the country type, its opclasses and functions (rejected inputs:
-- sql/country.sql).
BEGIN;
SELECT plan(26);

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

-- rejected inputs and calls are asserted once, with their SQLSTATE, in the
-- pg_regress tables of sql/country.sql (try_country, try_name, try_country_call)
SELECT lives_ok($$SELECT country_from_name('ОАЭ')$$, 'Russian abbreviation of the UAE');

SELECT * FROM finish();
ROLLBACK;
