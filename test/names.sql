-- pgTAP: counterparty names: functions, operators, opclasses, the listed
-- parties table and its dump registration, volatility, strictness and
-- parallel safety, and every rejected input with its SQLSTATE.
BEGIN;
SELECT plan(50);

SELECT has_function('name_key', ARRAY['text']);
SELECT has_function('name_similarity', ARRAY['text', 'text']);
SELECT has_function('name_similarity', ARRAY['text', 'text[]']);
SELECT has_function('name_match', ARRAY['text', 'text']);
SELECT has_function('name_best_alias', ARRAY['text', 'text[]']);
SELECT has_function('load_targets_simple', ARRAY['regclass', 'text']);
SELECT has_function('party_best_match', ARRAY['text', 'text[]', 'date', 'text']);
SELECT has_function('ident_normalize', ARRAY['text']);
SELECT has_function('ident_normalize', ARRAY['text[]']);
SELECT has_function('ident_same_scheme', ARRAY['text', 'text']);
SELECT has_index('listed_parties', 'listed_parties_identifiers_idx');
SELECT has_operator('text', '%%', 'text', 'boolean');
SELECT has_operator('text', '%%', 'text[]', 'boolean');
SELECT has_operator('text[]', '%%', 'text', 'boolean');
SELECT has_opclass('gin_name_ops');
SELECT has_opclass('gin_name_array_ops');
SELECT has_table('listed_parties');
SELECT col_is_pk('listed_parties', ARRAY['list', 'party_id']);
SELECT ok((SELECT bool_and(amvalidate(oid)) FROM pg_opclass WHERE opcname IN ('gin_name_ops', 'gin_name_array_ops')),
          'amvalidate accepts the name opclasses');
SELECT ok((SELECT 'listed_parties'::regclass = ANY (extconfig) FROM pg_extension WHERE extname = 'trade_screen'),
          'listed_parties rows are saved by pg_dump');

SELECT volatility_is('name_key', ARRAY['text'], 'immutable');
SELECT volatility_is('name_similarity', ARRAY['text', 'text'], 'immutable');
SELECT volatility_is('name_match', ARRAY['text', 'text'], 'stable');
SELECT volatility_is('name_match_any', ARRAY['text', 'text[]'], 'stable');
SELECT volatility_is('party_best_match', ARRAY['text', 'text[]', 'date', 'text'], 'stable');
SELECT volatility_is('load_targets_simple', ARRAY['regclass', 'text'], 'volatile');
SELECT volatility_is('ident_normalize', ARRAY['text'], 'immutable');
SELECT volatility_is('ident_normalize', ARRAY['text[]'], 'immutable');
SELECT volatility_is('ident_same_scheme', ARRAY['text', 'text'], 'immutable');
SELECT is_strict('name_key', ARRAY['text']);
SELECT is_strict('name_similarity', ARRAY['text', 'text']);
SELECT isnt_strict('party_best_match', ARRAY['text', 'text[]', 'date', 'text']);
SELECT function_lang_is('name_similarity', ARRAY['text', 'text'], 'c');
SELECT function_lang_is('party_best_match', ARRAY['text', 'text[]', 'date', 'text'], 'sql');
SELECT is((SELECT count(*)::int FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
            WHERE (p.proname LIKE 'name\_%' OR p.proname LIKE 'gin\_name\_%' OR p.proname LIKE 'ident\_%'
                   OR p.proname = 'party_best_match')
              AND p.proparallel <> 's'), 0, 'every name function is parallel safe');
SELECT is((SELECT count(*)::int FROM pg_proc p
            WHERE p.proname IN ('party_best_match', 'load_targets_simple', 'ident_normalize', 'ident_same_scheme')
              AND NOT coalesce(p.proconfig @> ARRAY['search_path=pg_catalog, pg_temp'], false)), 0,
          'SQL-level name functions fix their search_path');

SELECT throws_ok($$SELECT name_similarity('a', ARRAY[['a'], ['b']])$$, '2202E', NULL, 'two-dimensional names rejected');
SELECT throws_ok($$SELECT name_best_alias('a', ARRAY[['a'], ['b']])$$, '2202E', NULL, 'two-dimensional names rejected by name_best_alias');
SELECT throws_ok($$SELECT load_targets_simple('pg_class', '')$$, '22023', 'list name must not be empty', 'empty list name rejected');
SELECT throws_ok($$SELECT load_targets_simple('pg_class', 'x')$$, '42703', NULL, 'a staging table without the targets.simple.csv columns is rejected');

SELECT is(name_key('ТОО «Казахстан Инжиниринг»'), 'injiniring kazahstan LLP', 'Cyrillic name and legal form');
SELECT is(name_key('Kazakhstan Engineering LLP'), 'enjinering kazahstan LLP', 'Latin name and legal form');
SELECT ok(name_match('ООО «Техснаб»', 'Techsnab LLC'), 'match across scripts and variants');
SELECT ok(NOT name_match('Kazakhstan Engineering', 'Kazakhstan Energy'), 'a distinctive word differs');
SELECT is(name_similarity('', ''), 0::float8, 'empty names are similar to nothing');
-- the GUC is checked once the library is loaded (the calls above load it)
SELECT throws_ok($$SET trade_screen.name_threshold = 0.5$$, '22023', NULL, 'threshold below 0.55 rejected');
SELECT throws_ok($$SET trade_screen.name_threshold = 1.01$$, '22023', NULL, 'threshold above 1 rejected');
-- identifiers override names, and a conflicting one of the same scheme lowers the name
INSERT INTO listed_parties (list, party_id, name, identifiers)
VALUES ('t', '1', 'OOO Tekhsnab', ARRAY['INN 7700000001']);
SELECT is((SELECT matched_by FROM party_best_match('Unrelated Name', NULL, NULL, '7700000001')), 'identifier',
          'a listed identifier matches whatever the name');
SELECT is((SELECT count(*)::int FROM party_best_match('Techsnab LLC', NULL, NULL, '7700000009')), 0,
          'a conflicting identifier drops a near name below the threshold');
SELECT is((SELECT matched_by FROM party_best_match('Techsnab LLC', NULL, NULL, NULL)), 'name',
          'without an identifier the name matches');

SELECT * FROM finish();
ROLLBACK;
