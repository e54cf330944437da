-- pgTAP: the index support of hscode: opclasses, operators, support functions.
BEGIN;
SELECT plan(12);

SELECT has_opclass('hscode_ops');
SELECT has_opclass('gist_hscode_ops');
SELECT has_function('hs_subtree_max', ARRAY['hscode']);
SELECT has_function('hsset_lower', ARRAY['hsset']);
SELECT has_function('hsset_upper', ARRAY['hsset']);
SELECT volatility_is('hs_subtree_max', ARRAY['hscode'], 'immutable');
SELECT function_lang_is('gist_hscode_consistent', ARRAY['internal', 'hscode', 'smallint', 'oid', 'internal'], 'c');
SELECT is((SELECT prosupport::text FROM pg_proc WHERE proname = 'hscode_contained'),
          'hscode_hierarchy_support', '<@ has its planner support function');
SELECT is((SELECT prosupport::text FROM pg_proc WHERE proname = 'hscode_contains'),
          'hscode_hierarchy_support', '@> has its planner support function');
SELECT is(hs_subtree_max('8542')::text, '854299999999', 'end of a subtree');
SELECT is(hsset_upper('{85,!8599}')::text, '859899999999', 'end of a set with a trailing exclusion');
SELECT ok((SELECT bool_and(amvalidate(oid)) FROM pg_opclass
            WHERE opcname IN ('hscode_ops', 'gist_hscode_ops', 'hscode_hash_ops')), 'amvalidate');

SELECT * FROM finish();
ROLLBACK;
