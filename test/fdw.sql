-- pgTAP: what postgres_fdw needs to ship the extension's expressions to
-- shards (scripts/shards.sh, test/integration/shards.sh): every function is
-- IMMUTABLE unless it reads a table or the planner's statistics, every
-- operator's function is IMMUTABLE, and the array types of our types belong
-- to the extension (postgres_fdw ships values only of types that do).
BEGIN;
SELECT plan(8);

-- the audit: exactly these are not IMMUTABLE, each for its reason
SELECT set_eq(
    $$SELECT p.oid::regprocedure::text
        FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
        JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'trade_screen'
       WHERE p.provolatile <> 'i'$$,
    ARRAY[
        -- read the nomenclature, section and watchlist tables
        'hs_describe(hscode,text)', 'hs_section_name(text)', 'watchlist(text,text[],date)',
        -- read the edition correlation and the user's conversion shares
        'hs_convert(hscode,text,text)', 'hs_restate(hscode,text,double precision,text)',
        -- scoring: read the fitted profile or a table (STABLE); fit, create
        -- profiles, triggers on the configuration (VOLATILE: they write)
        'screen_declaration(hscode,route,country,date,double precision,double precision,text,text,text)',
        'screen_score(hscode,route,country,date,double precision,double precision,text,text,text)',
        'roundabout(regclass,date,integer,text,double precision)',
        'screen_fit(regclass,text)', 'screen_profile_create(text,text,date,text)', 'screen_config_changed()',
        'screen_profile_cascade()',
        -- kept versions: build an image from the tables, hash an input's rows
        -- (STABLE); write versions and pins, trigger functions, and the
        -- backend's own cache (VOLATILE)
        'screen_profile_image(text)', 'screen_profile_input_hash(text,text)', 'screen_profile_inputs_hash(text)',
        'screen_profile_record_version(text,text)', 'screen_profile_pin(text,bigint,boolean)',
        'screen_profile_versions_follow()', 'screen_profile_versions_replace()', 'screen_config_check()',
        'screen_profile_cache()',
        -- copying a profile between servers: read its rows (STABLE), write them (VOLATILE)
        'screen_profile_export(text)', 'screen_profile_inputs(text)', 'screen_profile_import(regclass,text)',
        -- read the planner's statistics of a column
        'hscode_under_sel(internal,oid,internal,integer)', 'hscode_over_sel(internal,oid,internal,integer)',
        'hscode_under_joinsel(internal,oid,internal,smallint,internal)',
        'hscode_over_joinsel(internal,oid,internal,smallint,internal)',
        'hscode_in_hsset_sel(internal,oid,internal,integer)',
        -- the ICU library loaded can change with a package upgrade
        'trade_screen_icu_version()',
        -- names: name_match and its %% operators compare with the setting
        -- trade_screen.name_threshold (STABLE); the listed parties are a table
        'name_match(text,text)', 'name_match_any(text,text[])', 'name_any_match(text[],text)',
        'party_best_match(text,text[],date,text)', 'load_targets_simple(regclass,text)',
        -- shipped reference rows: triggers and helpers that read and write the
        -- reference tables, and the server's CREATE/ALTER EXTENSION state
        'shipped_rows_guard()', 'shipped_row_edits_apply()', 'shipped_rows_key(regclass,jsonb)',
        'shipped_rows_release(regclass,jsonb)', 'shipped_rows_attach(regclass)', 'trade_screen_in_script()',
        -- export restrictions: loading a regime's rows writes the restrictions table
        'restrictions_load(text,regclass,boolean)',
        -- screening runs: read the inputs, a source's key and the record
        -- (STABLE); score and store runs, rescreen, decide, grant (VOLATILE)
        'screen_run_inputs_now(text)', 'screen_profile_reference(text)', 'screen_key_columns(regclass,text[])',
        'screen_table_query(regclass,text,text[],hscode[],country[],text[],tid[])',
        'screen_table_rows(regclass,text,text[],hscode[],country[],text[],tid[])',
        'screen_run_result(bigint,jsonb)', 'screen_run_results(bigint)', 'screen_run_diff(bigint,bigint)',
        'screen_table(regclass,text,text[])', 'screen_rescreen(bigint)', 'screen_results_write(bigint,text)',
        'screen_run_store(bigint,regclass,text[],text,timestamp with time zone,jsonb,boolean,bigint,bigint,jsonb,hscode[],country[],text[],tid[])',
        'screen_decide(bigint,jsonb,text,text)', 'screen_grant(regrole,text)'],
    'the functions that are not IMMUTABLE are exactly those that read or write tables, statistics or the library version');

SELECT is((SELECT string_agg(p.oid::regprocedure::text, ', ')
             FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
             JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'trade_screen'
            WHERE p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'sql')
              AND p.provolatile = 'i'
              AND p.prosrc ~ '(hs_nomenclature|hs_sections|watchlists|watchlist_tiers)'), NULL,
          'no IMMUTABLE SQL function reads a reference table');

SELECT is((SELECT string_agg(o.oid::regoperator::text, ', ' ORDER BY o.oid::regoperator::text COLLATE "C")
             FROM pg_operator o JOIN pg_depend d ON d.classid = 'pg_operator'::regclass AND d.objid = o.oid
             JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'trade_screen'
             JOIN pg_proc p ON p.oid = o.oprcode
            WHERE p.provolatile <> 'i'), '%%(text,text), %%(text,text[]), %%(text[],text)',
          'every operator of the extension is IMMUTABLE, so postgres_fdw may ship it, but %% (name matching, which reads trade_screen.name_threshold: each server applies its own setting)');

SELECT is((SELECT count(*)::int FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
            WHERE e.extname = 'trade_screen' AND d.classid = 'pg_type'::regclass
              AND d.objid = t::regtype AND d.deptype = 'e'), 1, t || ' belongs to the extension')
  FROM unnest(ARRAY['hscode[]', 'hsset[]', 'country[]', 'route[]']) AS t;

SELECT is((SELECT count(*)::int FROM pg_type t JOIN pg_depend d ON d.classid = 'pg_type'::regclass
             AND d.objid = t.oid AND d.deptype = 'e'
             JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'trade_screen'
            WHERE t.typcategory = 'A'), 4, 'no other array type belongs to the extension');

SELECT * FROM finish();
ROLLBACK;
