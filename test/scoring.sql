-- pgTAP: route-anomaly scoring: its objects, their volatility and parallel
-- safety, every rejected input with its SQLSTATE, and the behaviour an
-- analyst relies on (noisy-OR bounds, levels, configuration, timing).
BEGIN;
SELECT plan(57);

SELECT has_type('screening');
SELECT has_type('lane_change_result');
SELECT has_type('robust_summary');
SELECT has_table('country_roles');
SELECT has_table('screen_profiles');
SELECT has_table('screen_config');
SELECT has_table('screen_baseline_unit_value');
SELECT has_table('screen_baseline_lane');
SELECT has_view('screen_parameters');
SELECT has_function('screen_fit', ARRAY['regclass', 'text']);
SELECT has_function('screen_declaration', ARRAY['hscode', 'route', 'country', 'date', 'double precision', 'double precision', 'text', 'text', 'text']);
SELECT has_function('lane_change', ARRAY['date', 'double precision', 'date', 'integer']);
SELECT has_function('screen_score', ARRAY['hscode', 'route', 'country', 'date', 'double precision', 'double precision', 'text', 'text', 'text']);
SELECT volatility_is('screen_score', ARRAY['hscode', 'route', 'country', 'date', 'double precision', 'double precision', 'text', 'text', 'text'], 'stable');
SELECT has_function('lane_change', ARRAY['date', 'double precision', 'date', 'integer', 'double precision']);
SELECT volatility_is('screen_declaration', ARRAY['hscode', 'route', 'country', 'date', 'double precision', 'double precision', 'text', 'text', 'text'], 'stable');
SELECT volatility_is('screen_fit', ARRAY['regclass', 'text'], 'volatile');
SELECT volatility_is('route_dispatch', ARRAY['route'], 'immutable');
SELECT isnt_strict('screen_declaration', ARRAY['hscode', 'route', 'country', 'date', 'double precision', 'double precision', 'text', 'text', 'text']);
SELECT function_lang_is('screen_declaration', ARRAY['hscode', 'route', 'country', 'date', 'double precision', 'double precision', 'text', 'text', 'text'], 'c');
SELECT function_lang_is('screen_fit', ARRAY['regclass', 'text'], 'plpgsql');
SELECT is((SELECT proparallel FROM pg_proc WHERE oid = 'screen_declaration'::regproc), 's', 'screen_declaration is parallel safe');
SELECT is((SELECT count(*)::int FROM pg_aggregate WHERE aggfnoid::text LIKE '%lane_change%' AND aggcombinefn <> 0 AND aggserialfn <> 0 AND aggdeserialfn <> 0), 3,
          'the three lane_change aggregates combine, serialize and deserialize');
SELECT ok((SELECT bool_and(c::regclass::text IN (SELECT unnest(extconfig)::regclass::text FROM pg_extension WHERE extname = 'trade_screen'))
             FROM unnest(ARRAY['country_roles', 'screen_profiles', 'screen_config', 'screen_baseline_lane', 'screen_baseline_exporter_leg']) c),
          'configuration, roles and baselines are kept by pg_dump');
SELECT is((SELECT count(DISTINCT country)::int FROM country_roles WHERE role = 'hub' AND shipped), 20, 'the 18 hubs of the 2022 FinCEN/BIS alert and HK, MO of 2023');
SELECT ok((SELECT bool_and(source <> '') FROM country_roles), 'every role names its source');

-- rejected inputs, with their SQLSTATE
SELECT throws_ok($$SELECT screen_declaration('8542', 'DE>RU', 'DE', '2023-01-01', 1, 1, 'u', 'x', 'nosuch')$$, '42704', NULL, 'unknown profile');
SELECT throws_ok($$SELECT screen_fit('pg_class')$$, '42703', NULL, 'missing column');
SELECT throws_ok($$SELECT screen_fit(NULL)$$, '22004', NULL, 'NULL source');
SELECT throws_ok($$SELECT screen_fit('pg_class', NULL)$$, '22004', NULL, 'NULL profile');
SELECT throws_ok($$INSERT INTO screen_config VALUES ('default', 'nonsense', 1, NULL)$$, '23514', NULL, 'unknown parameter');
SELECT throws_ok($$INSERT INTO country_roles (role, country, valid_from, source) VALUES ('friend', 'DE', '2022-01-01', 'x')$$, '23514', NULL, 'unknown role');
SELECT throws_ok($$SELECT lane_change(d, 1, '2022-01-01', 0) FROM (VALUES ('2022-01-01'::date)) v(d)$$, '22023', NULL, 'months 0');
SELECT throws_ok($$SELECT lane_change(d, 1, NULL, 10) FROM (VALUES ('2022-01-01'::date)) v(d)$$, '22004', NULL, 'NULL cutoff');

-- behaviour on an unfitted profile: the rules that need no baseline
CREATE TEMP TABLE none_decl (decl_date date, hs hscode, origin country, route route, value_usd numeric, quantity numeric, unit text, exporter text);
SELECT lives_ok($$SELECT screen_fit('none_decl', 'tap')$$, 'an empty table fits');
SELECT is((screen_declaration('854231', 'DE>KZ>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL, 'tap')).level, 'high',
          'CHPL tier 1 via Kazakhstan to Russia after the sanctions: high');
SELECT is((screen_declaration('854231', 'DE>KZ>RU', 'DE', '2021-05-10', NULL, NULL, NULL, NULL, 'tap')).level, 'none',
          'the same before the sanctions: none (coalition trade with Russia was legal)');
SELECT is((screen_declaration('940360', 'KZ>RU', 'KZ', '2023-05-10', NULL, NULL, NULL, NULL, 'tap')).score, 0::float8,
          'a hub''s own goods to Russia: nothing fires');
SELECT ok((SELECT bool_and(s.score BETWEEN 0 AND 1) FROM (
              SELECT (screen_declaration(h::hscode, r::route, o::country, d::date, NULL, NULL, NULL, NULL, 'tap')).score
                FROM unnest(ARRAY['854231', '8471', '9403', '870380']) h, unnest(ARRAY['DE>KZ>RU', 'RU>KZ>RU', 'CN>RU', 'DE>FR']) r,
                     unnest(ARRAY['DE', 'KZ', 'CN']) o, unnest(ARRAY['2021-01-01', '2023-01-01']) d) s),
          'scores stay in [0, 1]');
INSERT INTO screen_config VALUES ('tap', 'level.high', 0.99, 'pgTAP');
SELECT is((screen_declaration('854231', 'DE>KZ>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL, 'tap')).level, 'medium',
          'thresholds are configuration');
SELECT cmp_ok((screen_declaration('854231', 'DE>KZ>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL, 'tap')).profile_version,
              '>', (SELECT version FROM screen_profiles WHERE profile = 'tap') - 1, 'the version scored is the current one');
SELECT is(jsonb_array_length((screen_declaration('854231', 'DE>KZ>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL, 'tap')).reasons),
          cardinality((screen_declaration('854231', 'DE>KZ>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL, 'tap')).fired),
          'one reason per indicator that fired');

-- copying a profile: the functions, and every export screen_profile_import refuses
SELECT has_function('screen_profile_export', ARRAY['text']);
SELECT has_function('screen_profile_import', ARRAY['regclass', 'text']);
SELECT volatility_is('screen_profile_export', ARRAY['text'], 'stable');
SELECT volatility_is('screen_profile_import', ARRAY['regclass', 'text'], 'volatile');
SELECT throws_ok($$SELECT * FROM screen_profile_export('nosuch')$$, '42704', NULL, 'export of an unknown profile');
SELECT throws_ok($$SELECT * FROM screen_profile_export(NULL)$$, '22004', NULL, 'export of a NULL profile');
SELECT throws_ok($$SELECT screen_profile_import(NULL)$$, '22004', NULL, 'import from NULL');
SELECT throws_ok($$SELECT screen_profile_import('pg_class')$$, '42703', NULL, 'import from a table without part and data');
CREATE TEMP TABLE tap_export AS SELECT * FROM screen_profile_export('tap');
SELECT lives_ok($$SELECT screen_profile_import('tap_export', 'tap_copy')$$, 'an export imports');
SELECT is((screen_declaration('854231', 'DE>KZ>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL, 'tap_copy')).reasons,
          (screen_declaration('854231', 'DE>KZ>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL, 'tap')).reasons,
          'the copy scores as the original');
CREATE TEMP TABLE tap_bad AS SELECT * FROM tap_export WHERE part <> 'header';
SELECT throws_ok($$SELECT screen_profile_import('tap_bad')$$, '22023', NULL, 'import of rows without a header');
CREATE TEMP TABLE tap_format AS SELECT part, CASE WHEN part = 'header' THEN data || '{"format": 2}' ELSE data END AS data FROM tap_export;
SELECT throws_ok($$SELECT screen_profile_import('tap_format')$$, '0A000', NULL, 'import of an unknown format');
CREATE TEMP TABLE tap_version AS SELECT part, CASE WHEN part = 'header' THEN data || '{"extversion": "0.1.0"}' ELSE data END AS data FROM tap_export;
SELECT throws_ok($$SELECT screen_profile_import('tap_version')$$, '55000', NULL, 'import of another extension version''s export');
CREATE TEMP TABLE tap_parts AS SELECT * FROM tap_export UNION ALL SELECT 'screen_baseline_nonsense', '{}';
SELECT throws_ok($$SELECT screen_profile_import('tap_parts')$$, '22023', NULL, 'import of an unknown part');
INSERT INTO watchlists (list, code, tier, valid_from) VALUES ('CHPL', '0101', '1', '2020-01-01');
SELECT throws_ok($$SELECT screen_profile_import('tap_export', 'tap_copy')$$, '55000', NULL, 'import where the watchlist differs');

SELECT * FROM finish();
ROLLBACK;
