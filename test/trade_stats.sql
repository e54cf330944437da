-- pgTAP: trade statistics: hs_correlation and hs_convert, mirror_gap,
-- pass_through, lane_change's granularity; every rejected input by SQLSTATE.
BEGIN;
SELECT plan(34);

SELECT has_table('hs_correlation');
SELECT has_table('hs_conversion_shares');
SELECT has_type('hs_conversion');
SELECT has_type('mirror_gap_result');
SELECT has_type('pass_through_result');
SELECT has_function('hs_convert', ARRAY['hscode', 'text', 'text']);
SELECT has_function('hs_restate', ARRAY['hscode', 'text', 'double precision', 'text']);
SELECT has_function('mirror_gap', ARRAY['date', 'double precision', 'double precision', 'date']);
SELECT has_function('mirror_gap', ARRAY['date', 'double precision', 'double precision', 'date', 'double precision', 'integer', 'double precision']);
SELECT has_function('pass_through', ARRAY['date', 'double precision', 'double precision', 'date']);
SELECT has_function('pass_through', ARRAY['date', 'double precision', 'double precision', 'date', 'double precision']);
SELECT has_function('lane_change', ARRAY['date', 'double precision', 'date', 'integer', 'double precision', 'text']);
SELECT volatility_is('hs_convert', ARRAY['hscode', 'text', 'text'], 'stable');
SELECT volatility_is('hs_restate', ARRAY['hscode', 'text', 'double precision', 'text'], 'stable');
SELECT function_lang_is('hs_convert', ARRAY['hscode', 'text', 'text'], 'plpgsql');
SELECT volatility_is('mirror_gap_transfn', ARRAY['internal', 'date', 'double precision', 'double precision', 'date'], 'immutable');
SELECT function_lang_is('mirror_gap_final', ARRAY['internal'], 'c');
SELECT is((SELECT count(*) FROM hs_correlation WHERE shipped), 15657::bigint, 'the UNSD correlation shipped whole');
SELECT is((SELECT sum(weight) FROM hs_convert('851712', 'HS2017', 'HS2022'))::numeric(20, 12), 1::numeric(20, 12), 'a split sums to 1');
SELECT is((SELECT weight FROM hs_convert('851713', 'HS2022', 'HS2017')), 1::double precision, 'a merge weighs 1');
SELECT is((SELECT array_agg(code::text ORDER BY code) FROM hs_convert('8802', 'HS2017', 'HS2022')), ARRAY['8802', '8806'], 'drones: 8802 feeds 8806');
SELECT is((SELECT (mirror_gap(m::date, 100, CASE WHEN m >= '2022-03-01' THEN 52.5 ELSE 105 END, '2022-03-01')).phantom_share
             FROM generate_series('2021-01-01'::date, '2022-12-01', '1 month') m)::numeric(4, 2), 0.50, 'half the exports after are phantom');
SELECT is((SELECT (pass_through(make_date(y, 1, 1), CASE WHEN y >= 2022 THEN 30 ELSE 10 END, CASE WHEN y >= 2022 THEN 10 ELSE 0 END, '2022-01-01')).pass_through_share
             FROM generate_series(2019, 2023) y), 0.5::double precision, 'annual pass-through share');

-- rejected inputs
SELECT throws_ok($$SELECT * FROM hs_convert('851712', 'HS2012', 'HS2022')$$, '22023', NULL, 'unknown edition');
SELECT throws_ok($$SELECT * FROM hs_convert('851713', 'HS2017', 'HS2022')$$, '22023', NULL, 'code unknown in its edition');
SELECT throws_ok($$SELECT * FROM hs_convert('0107', 'HS2017', 'HS2022')$$, '22023', NULL, 'heading with no code');
SELECT throws_ok($$SELECT mirror_gap(d, 1, 1, '2022-03-01', 1.0, 1, 10000) FROM (VALUES ('2022-01-01'::date)) t(d)$$, '22023', NULL, 'margin of 100%');
SELECT throws_ok($$SELECT mirror_gap(d, 1, 1, '2022-03-01', 0.05, -1, 10000) FROM (VALUES ('2022-01-01'::date)) t(d)$$, '22023', NULL, 'negative lag');
SELECT throws_ok($$SELECT mirror_gap(d, 1, 1, NULL) FROM (VALUES ('2022-01-01'::date)) t(d)$$, '22004', NULL, 'NULL cutoff');
SELECT throws_ok($$SELECT pass_through(d, 1, 1, '-infinity') FROM (VALUES ('2022-01-01'::date)) t(d)$$, '22023', NULL, 'infinite cutoff');
SELECT throws_ok($$SELECT pass_through(d, 1, 1, '2022-03-01', 'NaN') FROM (VALUES ('2022-01-01'::date)) t(d)$$, '22023', NULL, 'NaN prior');
SELECT throws_ok($$SELECT lane_change(make_date(y, 1, 1), 1, '2022-01-01', 12) FROM generate_series(2018, 2023) y$$, '22023', NULL, 'annual rows to the monthly form');
SELECT throws_ok($$SELECT lane_change(make_date(y, 1, 1), 1, '2022-01-01', 12, 1, 'week') FROM generate_series(2018, 2023) y$$, '22023', NULL, 'unknown granularity');
SELECT throws_ok($$SELECT lane_change(make_date(y, 1, 1), 1, '2022-01-01', 12, 1, NULL) FROM generate_series(2018, 2023) y$$, '22004', NULL, 'NULL granularity');

SELECT * FROM finish();
ROLLBACK;
