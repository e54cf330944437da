-- pgTAP: the hsset type, its operators and functions (rejected inputs:
-- sql/hsset.sql); the watchlist table's constraint.
BEGIN;
SELECT plan(25);

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

-- rejected inputs and calls are asserted once, with their SQLSTATE, in the
-- pg_regress tables of sql/hsset.sql (try_hsset, try_hsset_call)

-- the watchlist table's CHECK constraint (asserted here only)
SELECT throws_ok($$INSERT INTO watchlists (list, code, valid_from, valid_to) VALUES ('x', '85', '2024-01-01', '2023-01-01')$$,
                 '23514', NULL, 'a version ending before it starts');

SELECT * FROM finish();
ROLLBACK;
