-- pgTAP: the hscode type's catalog objects, their properties, and use by a
-- plain user (rejected inputs: sql/hscode.sql).
BEGIN;
SELECT plan(67);

-- the type and its operators
SELECT has_type('hscode');
SELECT has_operator('hscode', '=', 'hscode', 'boolean');
SELECT has_operator('hscode', '<>', 'hscode', 'boolean');
SELECT has_operator('hscode', '<', 'hscode', 'boolean');
SELECT has_operator('hscode', '<=', 'hscode', 'boolean');
SELECT has_operator('hscode', '>', 'hscode', 'boolean');
SELECT has_operator('hscode', '>=', 'hscode', 'boolean');
SELECT has_operator('hscode', '<@', 'hscode', 'boolean');
SELECT has_operator('hscode', '@>', 'hscode', 'boolean');
SELECT has_opclass('hscode_ops');
SELECT has_opclass('hscode_hash_ops');
SELECT has_cast('text', 'hscode');
SELECT has_cast('hscode', 'text');
SELECT has_cast('character varying', 'hscode');
SELECT has_table('hs_nomenclature');
SELECT has_table('hs_sections');

SELECT is((SELECT typlen::int FROM pg_type WHERE oid = 'hscode'::regtype), 8, 'hscode is 8 bytes');
SELECT ok((SELECT typbyval FROM pg_type WHERE oid = 'hscode'::regtype), 'hscode is passed by value');
SELECT is((SELECT oprcom::regoperator::text FROM pg_operator WHERE oid = '<@(hscode,hscode)'::regoperator),
          '@>(hscode,hscode)', '<@ and @> commute');
SELECT is((SELECT oprrest::text FROM pg_operator WHERE oid = '<@(hscode,hscode)'::regoperator),
          'hscode_under_sel', '<@ has its own restriction estimator');
SELECT is((SELECT oprjoin::text FROM pg_operator WHERE oid = '@>(hscode,hscode)'::regoperator),
          'hscode_over_joinsel', '@> has its own join estimator');
SELECT ok((SELECT oprcanhash AND oprcanmerge FROM pg_operator WHERE oid = '=(hscode,hscode)'::regoperator),
          '= supports hash and merge joins');

-- functions: language, volatility, strictness, parallel safety
SELECT function_lang_is('hs_chapter', ARRAY['hscode'], 'c');
SELECT function_lang_is('hs_describe', ARRAY['hscode', 'text'], 'sql');
SELECT volatility_is('hscode_in', ARRAY['cstring'], 'immutable');
SELECT volatility_is('hs_chapter', ARRAY['hscode'], 'immutable');
SELECT volatility_is('hs_heading', ARRAY['hscode'], 'immutable');
SELECT volatility_is('hs_subheading', ARRAY['hscode'], 'immutable');
SELECT volatility_is('hs_truncate', ARRAY['hscode', 'integer'], 'immutable');
SELECT volatility_is('hs_ndigits', ARRAY['hscode'], 'immutable');
SELECT volatility_is('hs_level', ARRAY['hscode'], 'immutable');
SELECT volatility_is('hs_parent', ARRAY['hscode'], 'immutable');
SELECT volatility_is('hs_ancestors', ARRAY['hscode', 'boolean'], 'immutable');
SELECT volatility_is('hs_section', ARRAY['hscode'], 'immutable');
SELECT volatility_is('hs_format', ARRAY['hscode', 'text'], 'immutable');
SELECT volatility_is('hs_parse', ARRAY['text'], 'immutable');
SELECT volatility_is('hs_is_valid', ARRAY['text'], 'immutable');
SELECT volatility_is('hs_describe', ARRAY['hscode', 'text'], 'stable');
SELECT volatility_is('hs_section_name', ARRAY['text'], 'stable');
SELECT volatility_is('trade_screen_icu_version', ARRAY[]::text[], 'stable');
SELECT is_strict('hs_chapter', ARRAY['hscode']);
SELECT is_strict('hs_parse', ARRAY['text']);
SELECT is_strict('hs_describe', ARRAY['hscode', 'text']);
SELECT is((SELECT count(*)::int FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid
            JOIN pg_extension e ON e.oid = d.refobjid
           WHERE e.extname = 'trade_screen' AND p.proparallel <> 's'
             -- functions that write rows, which no parallel worker may do
             AND p.oid NOT IN ('load_targets_simple(regclass, text)'::regprocedure,
                               'screen_fit(regclass, text)'::regprocedure,
                               'screen_profile_create(text, text, date, text)'::regprocedure,
                               'screen_profile_import(regclass, text)'::regprocedure,
                               'shipped_rows_release(regclass, jsonb)'::regprocedure,
                               'shipped_rows_attach(regclass)'::regprocedure,
                               'screen_profile_record_version(text, text)'::regprocedure,
                               'screen_profile_pin(text, bigint, boolean)'::regprocedure,
                               'restrictions_load(text, regclass, boolean)'::regprocedure,
                               'screen_table(regclass, text, text[])'::regprocedure,
                               'screen_rescreen(bigint)'::regprocedure,
                               'screen_run_store(bigint, regclass, text[], text, timestamptz, jsonb, boolean, bigint, bigint, jsonb, hscode[], country[], text[], tid[])'::regprocedure,
                               'screen_results_write(bigint, text)'::regprocedure,
                               'screen_decide(bigint, jsonb, text, text)'::regprocedure,
                               'screen_grant(regrole, text)'::regprocedure,
                               -- restricted: reads the leader's CREATE EXTENSION state
                               'trade_screen_in_script()'::regprocedure,
                               -- restricted: the profile cache of the backend it runs in
                               'screen_profile_cache()'::regprocedure)
             AND p.prorettype <> 'trigger'::regtype), 0,
          'every function of the extension that does not write is parallel safe');
SELECT is((SELECT count(*)::int FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid
            JOIN pg_extension e ON e.oid = d.refobjid
           WHERE e.extname = 'trade_screen'
             AND obj_description(p.oid, 'pg_proc') IS NULL), 0,
          'every function of the extension has a comment');
SELECT is((SELECT string_agg(pg_describe_object(d.classid, d.objid, d.objsubid), ', ')
             FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
            WHERE e.extname = 'trade_screen' AND d.deptype = 'e'
              AND obj_description(d.objid, d.classid::regclass::name) IS NULL), NULL,
          'every object of the extension has a comment');

-- rejected inputs and calls are asserted once, with their SQLSTATE, in the
-- pg_regress tables of sql/hscode.sql (try_hscode, try_hscode_call)

-- accepted forms
SELECT is('8542.31'::hscode::text, '854231', 'dotted');
SELECT is('8542 31 000 0'::hscode::text, '8542310000', 'TN VED spacing');
SELECT is('8542-31'::hscode::text, '854231', 'dashes');
SELECT is(' HS 8542.31 '::hscode::text, '854231', 'label and white space');
SELECT is('98'::hscode::text, '98', 'national chapter 98');
SELECT is('123456789012'::hscode::text, '123456789012', '12 digits');
SELECT is(hs_parse('85x'), NULL, 'hs_parse returns NULL for dirty input');
SELECT ok(NOT hs_is_valid('77'), 'hs_is_valid says no');

-- hierarchy and order
SELECT ok('854231'::hscode <@ '8542', '<@');
SELECT ok('8542'::hscode @> '854231', '@>');
SELECT ok(NOT '8543'::hscode <@ '8542', 'not under a sibling');
SELECT ok('85'::hscode < '8501' AND '8501'::hscode < '850110' AND '850110'::hscode < '85011010'
          AND '85011010'::hscode < '8502', 'a code sorts right before its descendants');
SELECT is(hs_describe('8542310000'), hs_describe('854231'), 'national line described by its subheading');

-- a plain user, no superuser: use everything, and the owner's grants
CREATE ROLE ts_plain_user NOLOGIN NOSUPERUSER;
GRANT USAGE ON SCHEMA public TO ts_plain_user;
GRANT CREATE ON SCHEMA public TO ts_plain_user;
SET ROLE ts_plain_user;
SELECT ok(NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user), 'running as a plain user');
CREATE TEMP TABLE t_user (c hscode PRIMARY KEY);
INSERT INTO t_user VALUES ('8542.31'), ('8471 30'), ('85');
CREATE INDEX ON t_user USING hash (c);
SELECT is((SELECT count(*)::int FROM t_user WHERE c <@ '85'), 2, 'plain user queries the hierarchy');
SELECT is((SELECT string_agg(hs_format(c, 'hs'), ',' ORDER BY c) FROM t_user), '8471.30,85,8542.31'
          COLLATE "C", 'plain user sorts and formats');
SELECT ok(hs_describe('847130') IS NOT NULL, 'plain user reads the nomenclature');
SELECT throws_ok($$INSERT INTO hs_nomenclature (edition, code, description) VALUES ('X', '85', 'x')$$,
                 '42501', NULL, 'only the extension owner writes reference rows');
RESET ROLE;
SELECT lives_ok($$INSERT INTO hs_nomenclature (edition, code, description) VALUES ('MINE', '85', 'mine')$$,
                'the extension owner adds reference rows');

-- binary output is the canonical text
SELECT is(hscode_send('8542.31'), convert_to('854231', 'UTF8'), 'send gives canonical digits');
SELECT is(hscode_send('85'), '\x3835'::bytea, 'send of a chapter');

SELECT * FROM finish();
ROLLBACK;
