-- pgTAP: the hsset type, its operators and functions, rejected inputs.
BEGIN;
SELECT plan(33);

SELECT has_type('hsset');
SELECT has_operator('hscode', '<@', 'hsset', 'boolean');
SELECT has_operator('hsset', '@>', 'hscode', 'boolean');
SELECT has_operator('hsset', '|', 'hsset', 'hsset');
SELECT has_operator('hsset', '&', 'hsset', 'hsset');
SELECT has_operator('hsset', '-', 'hsset', 'hsset');
SELECT has_operator('hsset', '@>', 'hsset', 'boolean');
SELECT has_operator('hsset', '<@', 'hsset', 'boolean');
SELECT has_operator('hsset', '=', 'hsset', 'boolean');
SELECT has_function('hsset', ARRAY['hscode[]', 'hscode[]']);
SELECT has_function('hsset_agg', ARRAY['hscode']);
SELECT has_function('watchlist', ARRAY['text', 'text[]', 'date']);
SELECT has_table('watchlists');
SELECT has_table('watchlist_tiers');

SELECT volatility_is('hsset_in', ARRAY['cstring'], 'immutable');
SELECT volatility_is('hscode_contained_hsset', ARRAY['hscode', 'hsset'], 'immutable');
SELECT volatility_is('hsset_union', ARRAY['hsset', 'hsset'], 'immutable');
SELECT volatility_is('watchlist', ARRAY['text', 'text[]', 'date'], 'stable');
SELECT function_lang_is('hsset_in', ARRAY['cstring'], 'c');
SELECT function_lang_is('watchlist', ARRAY['text', 'text[]', 'date'], 'sql');

SELECT is('{8542.31, 8542, !854290}'::hsset::text, '{8542,!854290}', 'canonical form');
SELECT ok('854231'::hscode <@ '{8542,!854290}'::hsset, 'member');
SELECT ok(NOT ('854290'::hscode <@ '{8542,!854290}'::hsset), 'excluded');
SELECT is(('{85}'::hsset - '{8542}')::text, '{85,!8542}', 'difference');

-- every rejected input form, with its SQLSTATE
SELECT throws_ok($$SELECT ''::hsset$$, '22P02', NULL, 'empty text');
SELECT throws_ok($$SELECT '8542'::hsset$$, '22P02', NULL, 'no braces');
SELECT throws_ok($$SELECT '{8542,}'::hsset$$, '22P02', NULL, 'empty item');
SELECT throws_ok($$SELECT '{854}'::hsset$$, '22P02', NULL, 'bad code');
SELECT throws_ok($$SELECT '{!}'::hsset$$, '22P02', NULL, 'bare exclusion mark');
SELECT throws_ok($$SELECT '{8542,!8542}'::hsset$$, '22P02', NULL, 'included and excluded');
SELECT throws_ok($$SELECT '{77}'::hsset$$, '22P02', NULL, 'reserved chapter');
SELECT throws_ok($$SELECT hsset(ARRAY['8542']::hscode[], ARRAY['8542']::hscode[])$$, '22023', NULL,
                 'array constructor: included and excluded');
SELECT throws_ok($$INSERT INTO watchlists (list, code, valid_from, valid_to) VALUES ('x', '85', '2024-01-01', '2023-01-01')$$,
                 '23514', NULL, 'a version ending before it starts');

SELECT * FROM finish();
ROLLBACK;
