-- install/78_audit.sql: screening as a record: runs of screen_table, their results and inputs, rescreening when lists change, run diffs and analysts' decisions.

-- Runs, their inputs and their results ------------------------------------------

CREATE TABLE @extschema@.screen_runs (
    run_id bigserial PRIMARY KEY,
    source text NOT NULL,
    source_key text[] NOT NULL,
    profile text NOT NULL,
    profile_version bigint NOT NULL,
    image_hash text,
    inputs jsonb NOT NULL,
    -- no foreign keys to screen_runs itself: pg_dump cannot order the rows
    -- of a self-referencing table (screen_rescreen writes only runs it read)
    rescreen_of bigint,
    base_run bigint,
    changes jsonb,
    started_at timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    run_by name NOT NULL DEFAULT current_user,
    rows bigint NOT NULL,
    rescored bigint NOT NULL,
    rows_by_level jsonb NOT NULL,
    CHECK (base_run IS NULL OR rescreen_of IS NOT NULL)
);
COMMENT ON TABLE @extschema@.screen_runs IS 'one row per screening run (screen_table or screen_rescreen): what was screened, with which profile version and inputs, when, by whom, and how many rows at each level; survives pg_dump';
COMMENT ON COLUMN @extschema@.screen_runs.source IS 'the table or view screened, schema-qualified, as it was named at run time';
COMMENT ON COLUMN @extschema@.screen_runs.source_key IS 'the columns that identify a row of the source (its primary key, or the key given); screen_results.row_key holds their values';
COMMENT ON COLUMN @extschema@.screen_runs.profile IS 'the profile reference the run scored with: a profile name, or name@N for its kept version N';
COMMENT ON COLUMN @extschema@.screen_runs.profile_version IS 'the profile version the run scored with: the current one when the run started, or N of name@N; screen_declaration(..., profile => ''name@N'') reproduces it while the version is kept (pin it with screen_profile_pin)';
COMMENT ON COLUMN @extschema@.screen_runs.image_hash IS 'md5 of the version''s image in screen_profile_versions (everything scoring read: parameters, roles, watchlist, listed names, baselines)';
COMMENT ON COLUMN @extschema@.screen_runs.inputs IS 'md5 digest of every input scoring read, by part (profile, config, watchlist, watchlist_tiers, country_roles, listed_parties, restriction_regimes, restrictions): two runs with the same digest of a part read the same rows; screen_run_inputs holds the items';
COMMENT ON COLUMN @extschema@.screen_runs.rescreen_of IS 'for screen_rescreen: the run rescreened';
COMMENT ON COLUMN @extschema@.screen_runs.base_run IS 'for a partial rescreen: the run whose results hold for the rows this run did not rescore (screen_run_results follows the chain); NULL when the run scored every row';
COMMENT ON COLUMN @extschema@.screen_runs.changes IS 'for screen_rescreen: what changed since rescreen_of (parts, and the codes, countries, parties and exporters that decided which rows were rescored; everything true when every row was)';
COMMENT ON COLUMN @extschema@.screen_runs.run_by IS 'current_user of the session that ran it (a default that INSERT privileges granted by screen_grant do not let a runner override)';
COMMENT ON COLUMN @extschema@.screen_runs.rows IS 'rows of the source the run stands for (every row, rescored or carried over)';
COMMENT ON COLUMN @extschema@.screen_runs.rescored IS 'rows this run scored and stored in screen_results; equal to rows unless base_run is set';
COMMENT ON COLUMN @extschema@.screen_runs.rows_by_level IS 'rows of the run at each level, as a JSON object (none, low, medium, high)';

CREATE TABLE @extschema@.screen_run_inputs (
    run_id bigint NOT NULL REFERENCES @extschema@.screen_runs ON DELETE CASCADE,
    part text NOT NULL,
    items jsonb NOT NULL,
    PRIMARY KEY (run_id, part)
);
COMMENT ON TABLE @extschema@.screen_run_inputs IS 'per run and part of the inputs, the items scoring read with the md5 of each (watchlist entry code@valid_from, tier, country, list/party_id, regime, regime/code/list@valid_from of a restriction, parameter, the profile''s fit): screen_rescreen compares them with the inputs of now to find what changed; survives pg_dump';

CREATE FUNCTION @extschema@.screen_row_key_hash(jsonb) RETURNS bigint
    AS 'MODULE_PATHNAME', 'screen_row_key_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.screen_row_key_hash(jsonb) IS 'what the indexes of screen_results and screen_decisions order row keys by: the integer of a key of one integer column (so a run written in key order appends to the index), the 64-bit jsonb hash of any other key';

CREATE TABLE @extschema@.screen_results (
    run_id bigint NOT NULL,
    row_key jsonb NOT NULL,
    score double precision,
    level text,
    fired text[],
    reasons jsonb
);
COMMENT ON TABLE @extschema@.screen_results IS 'the result of every row a run scored, keyed by run and row_key (the source''s key columns as a JSON object); a partial rescreen stores only the rows it rescored (see screen_run_results); survives pg_dump';
COMMENT ON COLUMN @extschema@.screen_results.row_key IS 'the key columns of the source row as a JSON object, e.g. {"decl_id": 42}';
CREATE INDEX screen_results_key_idx ON @extschema@.screen_results (run_id, @extschema@.screen_row_key_hash(row_key));
COMMENT ON INDEX @extschema@.screen_results_key_idx IS 'finds a run''s result of one row by screen_row_key_hash of its key (a btree of jsonb keys costs a run several times more to write); queries compare row_key as well';

CREATE TABLE @extschema@.screen_decisions (
    decision_id bigserial PRIMARY KEY,
    run_id bigint NOT NULL REFERENCES @extschema@.screen_runs,
    row_key jsonb NOT NULL,
    disposition text NOT NULL CHECK (disposition IN ('cleared', 'escalated', 'confirmed')),
    reason text NOT NULL CHECK (btrim(reason) <> ''),
    decided_by name NOT NULL DEFAULT current_user,
    decided_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
COMMENT ON TABLE @extschema@.screen_decisions IS 'analysts'' dispositions of declarations: cleared, escalated or confirmed, with the reason, who and when, for a row of a run; append-only for analysts (the latest decision of a declaration holds); screen_decision_status shows each with the latest result; survives pg_dump';
COMMENT ON COLUMN @extschema@.screen_decisions.decided_by IS 'current_user of the session that recorded the decision (analysts may not write this column)';
CREATE INDEX screen_decisions_key_idx ON @extschema@.screen_decisions (run_id, @extschema@.screen_row_key_hash(row_key));
COMMENT ON INDEX @extschema@.screen_decisions_key_idx IS 'the decisions about one row of a run';

COMMENT ON SEQUENCE @extschema@.screen_runs_run_id_seq IS 'run ids of screen_runs; kept by pg_dump with the runs';
COMMENT ON SEQUENCE @extschema@.screen_decisions_decision_id_seq IS 'decision ids of screen_decisions; kept by pg_dump with the decisions';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_runs', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_runs_run_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_run_inputs', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_results', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_decisions', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_decisions_decision_id_seq', '');

-- Nobody but the extension's owner reads or writes the record until the owner
-- grants it (screen_grant): results name firms and their trade.
REVOKE ALL ON @extschema@.screen_runs, @extschema@.screen_run_inputs, @extschema@.screen_results,
    @extschema@.screen_decisions FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.screen_runs, @extschema@.screen_run_inputs,
    @extschema@.screen_results, @extschema@.screen_decisions TO @extowner@ WITH GRANT OPTION;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE @extschema@.screen_runs_run_id_seq,
    @extschema@.screen_decisions_decision_id_seq TO @extowner@ WITH GRANT OPTION;

-- The inputs of scoring, itemised -------------------------------------------------

CREATE FUNCTION @extschema@.screen_run_inputs_now(profile text)
    RETURNS TABLE (part text, items jsonb)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    SET extra_float_digits = 3
    AS $$
    -- a reference to a kept version (name@N) scores with the version's image
    -- whatever changed since: its image is its one input
    SELECT 'version', jsonb_build_object(v.version::text, v.image_hash)
      FROM @extschema@.screen_profile_versions v
     WHERE $1 ~ '@[0-9]+$' AND v.profile = regexp_replace($1, '@[0-9]+$', '')
       AND v.version = substring($1 FROM '@([0-9]+)$')::bigint
    UNION ALL
    SELECT u.part, u.items FROM (
    WITH p AS (SELECT sp.* FROM @extschema@.screen_profiles sp WHERE sp.profile = $1)
    -- the fit and the profile's settings: everything but the version (which
    -- grows with every change of any input) and the description
    SELECT 'profile', jsonb_build_object('fit', md5((to_jsonb(p) - 'version' - 'description')::text)) FROM p
    UNION ALL
    SELECT 'config', coalesce(jsonb_object_agg(x.parameter, x.value::text ORDER BY x.parameter), '{}')
      FROM @extschema@.screen_parameters x WHERE x.profile = $1
    UNION ALL
    -- entries of the profile's watchlist, with whether each is in force today
    -- (scoring reads the list in force on the current date)
    SELECT 'watchlist', coalesce(jsonb_object_agg(w.code::text || '@' || w.valid_from,
               md5(concat_ws('|', w.excluded, w.tier, w.valid_to,
                             w.valid_from <= current_date AND (w.valid_to IS NULL OR w.valid_to > current_date)))), '{}')
      FROM @extschema@.watchlists w WHERE w.list = (SELECT p.watchlist FROM p)
    UNION ALL
    SELECT 'watchlist_tiers', coalesce(jsonb_object_agg(t.tier, t.tier_order), '{}')
      FROM @extschema@.watchlist_tiers t WHERE t.list = (SELECT p.watchlist FROM p)
    UNION ALL
    -- the roles in effect (a user's rows for a (role, country) replace the
    -- shipped ones), per country, with whether each holds today (a row without
    -- a date is scored on the current date)
    SELECT 'country_roles', coalesce(jsonb_object_agg(c.country, c.h), '{}')
      FROM (SELECT r.country::text AS country,
                   md5(string_agg(concat_ws('|', r.role, r.valid_from, r.valid_to,
                                            r.valid_from <= current_date AND (r.valid_to IS NULL OR r.valid_to > current_date)),
                                  ',' ORDER BY r.role, r.valid_from)) AS h
              FROM @extschema@.country_roles r
             WHERE NOT r.shipped OR NOT EXISTS (SELECT FROM @extschema@.country_roles u
                                                 WHERE NOT u.shipped AND u.role = r.role
                                                   AND u.country OPERATOR(@extschema@.=) r.country)
             GROUP BY 1) c
    UNION ALL
    SELECT 'listed_parties', coalesce(jsonb_object_agg(lp.list || '/' || lp.party_id, md5(to_jsonb(lp)::text)), '{}')
      FROM @extschema@.listed_parties lp
    UNION ALL
    -- export restrictions: the regimes (whose exporters they bind, which
    -- destinations they cover) and their codes, as scoring reads them
    SELECT 'restriction_regimes', coalesce(jsonb_object_agg(g.regime, md5(concat_ws('|', g.binds, g.destinations))), '{}')
      FROM @extschema@.restriction_regimes g
    UNION ALL
    SELECT 'restrictions', coalesce(jsonb_object_agg(x.regime || '/' || x.code::text || '/' || x.list || '@' || x.valid_from,
               md5(concat_ws('|', x.valid_to, x.ex, x.min_item_value_eur))), '{}')
      FROM @extschema@.restrictions x) u(part, items)
     WHERE $1 !~ '@[0-9]+$'
    $$;
COMMENT ON FUNCTION @extschema@.screen_run_inputs_now(text) IS 'the inputs a screening run with the profile reads now, itemised by part as screen_run_inputs keeps them (for a reference name@N to a kept version, its image hash alone): the profile''s fit, its effective parameters, its watchlist''s entries and tiers, the country roles in effect, the listed parties, the restriction regimes and their codes, each item with an md5 of what scoring reads of it';

-- A profile reference ----------------------------------------------------------------

CREATE FUNCTION @extschema@.screen_profile_reference(profile text, OUT version bigint, OUT image_hash text)
    RETURNS record
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    DECLARE
        name text := profile;
        pinned bigint;
    BEGIN
        IF profile ~ '@[0-9]+$' THEN
            name := regexp_replace(profile, '@[0-9]+$', '');
            pinned := substring(profile FROM '@([0-9]+)$')::bigint;
        END IF;
        IF NOT EXISTS (SELECT FROM @extschema@.screen_profiles sp WHERE sp.profile = name) THEN
            RAISE EXCEPTION 'scoring profile "%" does not exist', name
                USING ERRCODE = 'undefined_object', HINT = 'See the screen_profiles table.';
        END IF;
        IF pinned IS NULL THEN
            SELECT sp.version INTO version FROM @extschema@.screen_profiles sp WHERE sp.profile = name;
        ELSE
            version := pinned;
        END IF;
        SELECT v.image_hash INTO image_hash FROM @extschema@.screen_profile_versions v
         WHERE v.profile = name AND v.version = screen_profile_reference.version;
        IF pinned IS NOT NULL AND image_hash IS NULL THEN
            RAISE EXCEPTION 'version % of scoring profile "%" is not kept', pinned, name
                USING ERRCODE = 'undefined_object', HINT = 'See screen_profile_versions; pin versions you need with screen_profile_pin.';
        END IF;
    END
    $$;
COMMENT ON FUNCTION @extschema@.screen_profile_reference(text) IS 'what a profile reference (name, or name@N) scores with: the version (current, or N) and its image hash in screen_profile_versions; an unknown profile or a version not kept is an error (42704)';

-- The key of a source ---------------------------------------------------------------

CREATE FUNCTION @extschema@.screen_key_columns(source regclass, key text[] DEFAULT NULL)
    RETURNS text[]
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    DECLARE
        cols text[];
        c text;
    BEGIN
        IF source IS NULL THEN
            RAISE EXCEPTION 'source must not be NULL' USING ERRCODE = 'null_value_not_allowed';
        END IF;
        IF key IS NULL THEN
            SELECT array_agg(a.attname::text ORDER BY k.ord) INTO cols
              FROM pg_index i
             CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
             WHERE i.indrelid = source AND i.indisprimary;
            IF cols IS NULL THEN
                RAISE EXCEPTION '% has no primary key', source
                    USING ERRCODE = 'invalid_column_reference',
                          DETAIL = 'Every stored result is keyed by the columns that identify its row.',
                          HINT = 'Pass the columns that identify a row: key => ARRAY[''decl_id''].';
            END IF;
            RETURN cols;
        END IF;
        IF cardinality(key) = 0 OR array_position(key, NULL) IS NOT NULL THEN
            RAISE EXCEPTION 'key of % must name at least one column and no NULL', source
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        FOREACH c IN ARRAY key LOOP
            IF NOT EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = source AND a.attname = c
                                                      AND a.attnum > 0 AND NOT a.attisdropped) THEN
                RAISE EXCEPTION 'key column "%" is missing from %', c, source
                    USING ERRCODE = 'undefined_column',
                          HINT = 'Name columns of the table or view that identify a row.';
            END IF;
        END LOOP;
        IF cardinality(key) <> (SELECT count(DISTINCT k) FROM unnest(key) k) THEN
            RAISE EXCEPTION 'key of % names a column twice: %', source, key USING ERRCODE = 'invalid_parameter_value';
        END IF;
        RETURN key;
    END
    $$;
COMMENT ON FUNCTION @extschema@.screen_key_columns(regclass, text[]) IS 'the columns that identify a row of source for screen_table: the ones given (each must exist), or the primary key; a source without one and no key given is an error (42P10)';

-- Scoring a table's rows -------------------------------------------------------------

CREATE FUNCTION @extschema@.screen_row_key_int(name text, value bigint) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'screen_row_key_int' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.screen_row_key_int(text, bigint) IS 'the row key {"name": value} of a source keyed by one integer column, built from the integer (jsonb_build_object goes through its text): what a run stores as row_key for such a source';

CREATE FUNCTION @extschema@.screen_exporter_in(name text, keys text[]) RETURNS boolean
    AS 'MODULE_PATHNAME', 'screen_exporter_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.screen_exporter_in(text, text[]) IS 'whether screen_exporter_key(name) is one of keys, remembered per name for the rest of the query (the key is an ICU transform and a source has far fewer exporters than rows): how one pass over a source finds the rows of a listed party''s exporters';

CREATE AGGREGATE @extschema@.screen_tid_agg(tid) (
    SFUNC = pg_catalog.array_append,
    STYPE = tid[],
    COMBINEFUNC = pg_catalog.array_cat,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.screen_tid_agg(tid) IS 'the row ids (ctid) given, as an array, in parallel (partial arrays concatenated): the rows a rescreen picks in its one pass over a table';

CREATE FUNCTION @extschema@.screen_pick_filter(codes @extschema@.hscode[], countries @extschema@.country[],
        exporters text[], exporter_keys text[] DEFAULT NULL)
    RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    -- One plain comparison per value (hs <@ code and hs @> code: the btree
    -- of hscode turns each into a range; origin = country; route ?|
    -- countries: the GIN of route) and none for an empty list, so that
    -- indexes of the source can find the rows (a BitmapOr) and a source
    -- without them is read in one pass
    SELECT coalesce(string_agg(a.arm, ' OR ' ORDER BY a.o), 'false') FROM (
        SELECT 1 AS o, format('s.hs OPERATOR(@extschema@.<@) %1$L::@extschema@.hscode OR s.hs OPERATOR(@extschema@.@>) %1$L::@extschema@.hscode', u.v) AS arm
          FROM unnest($1) u(v)
        UNION ALL
        SELECT 2, format('s.origin OPERATOR(@extschema@.=) %L::@extschema@.country', u.v) FROM unnest($2) u(v)
        UNION ALL
        SELECT 3, format('s.route OPERATOR(@extschema@.?|) %L::@extschema@.country[]', $2) WHERE cardinality($2) > 0
        UNION ALL
        SELECT 4, format('s.exporter::text = ANY (%L::text[])', $3) WHERE cardinality($3) > 0
        UNION ALL
        SELECT 5, format('@extschema@.screen_exporter_in(s.exporter::text, %L::text[])', $4) WHERE cardinality($4) > 0) a
    $$;
COMMENT ON FUNCTION @extschema@.screen_pick_filter(@extschema@.hscode[], @extschema@.country[], text[], text[]) IS 'the condition on a source row (alias s) that picks the rows a change can affect: hs under or above one of codes, origin or a route country among countries, exporter among exporters or with a key among exporter_keys; false when every list is empty or NULL';

CREATE FUNCTION @extschema@.screen_table_query(source regclass, profile text, key text[],
        codes @extschema@.hscode[] DEFAULT NULL, countries @extschema@.country[] DEFAULT NULL,
        exporters text[] DEFAULT NULL, tids tid[] DEFAULT NULL)
    RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    DECLARE
        want constant text[] := ARRAY['hs', 'route', 'origin', 'decl_date', 'value_usd', 'quantity', 'unit', 'exporter'];
        c text;
        keyexpr text;
        pick text;
    BEGIN
        IF source IS NULL OR profile IS NULL OR key IS NULL THEN
            RAISE EXCEPTION 'source, profile and key must not be NULL' USING ERRCODE = 'null_value_not_allowed';
        END IF;
        FOREACH c IN ARRAY want LOOP
            IF NOT EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = source AND a.attname = c
                                                      AND a.attnum > 0 AND NOT a.attisdropped) THEN
                RAISE EXCEPTION 'column "%" is missing from %', c, source
                    USING ERRCODE = 'undefined_column',
                          HINT = 'screen_table reads hs, route, origin, decl_date, value_usd, quantity, unit and exporter: pass a view that renames your columns.';
            END IF;
        END LOOP;
        -- a key of one integer column, the usual primary key, is built from
        -- the integer; any other key by jsonb_build_object
        SELECT format('@extschema@.screen_row_key_int(%L, s.%I)', key[1], key[1]) INTO keyexpr
          FROM pg_attribute a
         WHERE cardinality(key) = 1 AND a.attrelid = source AND a.attname = key[1]
           AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype);
        IF keyexpr IS NULL THEN
            SELECT 'jsonb_build_object(' || string_agg(format('%L, s.%I', k, k), ', ' ORDER BY o) || ')'
              INTO keyexpr FROM unnest(key) WITH ORDINALITY u(k, o);
        END IF;
        -- a rescreen scores only the rows whose result can change: codes under
        -- or above a changed watchlist code, routes or origins in a country
        -- whose roles changed, exporters matched to a changed listed party;
        -- or the rows of a table it picked by their ids
        IF tids IS NOT NULL THEN
            pick := format(' WHERE s.ctid = ANY (%L::tid[])', tids);
        ELSIF codes IS NULL AND countries IS NULL AND exporters IS NULL THEN
            pick := '';
        ELSE
            pick := ' WHERE ' || @extschema@.screen_pick_filter(codes, countries, exporters);
        END IF;
        IF pick = '' THEN
            RETURN format('SELECT %s, @extschema@.screen_declaration(s.hs, s.route, s.origin, s.decl_date, s.value_usd::float8,'
                          ' s.quantity::float8, s.unit::text, s.exporter::text, %L) FROM %s s', keyexpr, profile, source);
        END IF;
        -- a few rows: parallel workers may pick them (OFFSET 0 keeps the
        -- scoring above the Gather), the leader scores them, so that no
        -- worker loads the profile for a handful of rows
        RETURN format('SELECT %s, @extschema@.screen_declaration(s.hs, s.route, s.origin, s.decl_date, s.value_usd::float8,'
                      ' s.quantity::float8, s.unit::text, s.exporter::text, %L) FROM (SELECT * FROM %s s%s OFFSET 0) s',
                      keyexpr, profile, source, pick);
    END
    $$;
COMMENT ON FUNCTION @extschema@.screen_table_query(regclass, text, text[], @extschema@.hscode[], @extschema@.country[], text[], tid[]) IS 'the query that scores the rows of source with screen_declaration, each with its key as a JSON object; given codes, countries or exporters, only the rows a change of them can affect (under or above a code, through or from a country, by an exporter of the names listed); given tids, only the rows of a table with those ids; checks the columns scoring reads';

CREATE FUNCTION @extschema@.screen_table_rows(source regclass, profile text, key text[],
        codes @extschema@.hscode[] DEFAULT NULL, countries @extschema@.country[] DEFAULT NULL,
        exporters text[] DEFAULT NULL, tids tid[] DEFAULT NULL)
    RETURNS TABLE (row_key jsonb, result @extschema@.screening)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    -- the scoring is the work and a result is a small row: let the planner
    -- ship rows from parallel workers
    SET parallel_tuple_cost = 0.001
    AS $$
    BEGIN
        RETURN QUERY EXECUTE @extschema@.screen_table_query(source, profile, key, codes, countries, exporters, tids);
    END
    $$;
COMMENT ON FUNCTION @extschema@.screen_table_rows(regclass, text, text[], @extschema@.hscode[], @extschema@.country[], text[], tid[]) IS 'the rows of source scored with screen_declaration (screen_table_query), each with its key as a JSON object, in parallel where the source allows: what screen_table stores, without storing it';

CREATE FUNCTION @extschema@.screen_results_write(run bigint, query text) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'screen_results_write' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@.screen_results_write(bigint, text) IS 'run a scoring query returning (row_key jsonb, result screening), in parallel where it can, and store its rows in screen_results under the run id in batches, as COPY writes; returns the rows written by level; needs INSERT on screen_results';

-- How many rows of a run's results are at each level, and how many in all.
CREATE FUNCTION @extschema@.screen_level_counts(levels jsonb, add jsonb, subtract jsonb DEFAULT '{}')
    RETURNS jsonb
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT coalesce(jsonb_object_agg(l, n ORDER BY l), '{}') FROM (
        SELECT l, sum(n)::bigint AS n FROM (
            SELECT key AS l, value::bigint AS n FROM jsonb_each_text($1)
            UNION ALL SELECT key, value::bigint FROM jsonb_each_text($2)
            UNION ALL SELECT key, -value::bigint FROM jsonb_each_text($3)) x
         GROUP BY l) y
     WHERE n <> 0
    $$;
COMMENT ON FUNCTION @extschema@.screen_level_counts(jsonb, jsonb, jsonb) IS 'rows by level: the counts of levels plus those of add minus those of subtract, levels without rows left out';

-- Stores a run: the results of the rows given, the run's inputs and its row.
-- Raises 40001 when an input changed while the rows were scored (a READ
-- COMMITTED run reads each statement's snapshot), so a run never records
-- inputs other than those it scored with.
CREATE FUNCTION @extschema@.screen_run_store(run bigint, src regclass, keycols text[], prof text,
        started timestamptz, inputs_before jsonb, check_unique boolean,
        rescreened bigint, base bigint, what_changed jsonb,
        codes @extschema@.hscode[], countries @extschema@.country[], exporters text[], tids tid[] DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    -- the scoring is the work and a result is a small row: let the planner
    -- ship rows from parallel workers
    SET parallel_tuple_cost = 0.001
    AS $$
    DECLARE
        levels jsonb;
        n bigint;
        total bigint;
        dup jsonb;
        after jsonb;
        version bigint;
        image text;
        items jsonb;
        old_levels jsonb := '{}';
    BEGIN
        SELECT r.version, r.image_hash INTO version, image FROM @extschema@.screen_profile_reference(prof) r;
        -- the scoring query in parallel, its rows written as COPY writes
        levels := @extschema@.screen_results_write(run,
                      @extschema@.screen_table_query(src, prof, keycols, codes, countries, exporters, tids));
        SELECT coalesce(sum(x.value::bigint), 0) INTO n FROM jsonb_each_text(levels) x;

        IF check_unique THEN
            SELECT r.row_key INTO dup FROM @extschema@.screen_results r WHERE r.run_id = run
             GROUP BY r.row_key HAVING count(*) > 1 ORDER BY r.row_key LIMIT 1;
            IF FOUND THEN
                RAISE EXCEPTION 'key % of % is not unique', keycols, src
                    USING ERRCODE = 'unique_violation',
                          DETAIL = format('More than one row has the key %s.', dup),
                          HINT = 'Name columns that identify a row, or screen a view with such columns.';
            END IF;
        END IF;

        SELECT jsonb_object_agg(i.part, i.items) INTO items FROM @extschema@.screen_run_inputs_now(prof) i;
        SELECT jsonb_object_agg(i.key, md5(i.value::text)) INTO after FROM jsonb_each(items) i;
        IF after IS DISTINCT FROM inputs_before THEN
            RAISE EXCEPTION 'the inputs of profile "%" changed while % was screened', prof, src
                USING ERRCODE = 'serialization_failure',
                      DETAIL = 'A watchlist, listed party, country role, parameter or fit changed during the run; its results would not match the inputs it records.',
                      HINT = 'Run it again, or in a REPEATABLE READ transaction.';
        END IF;

        IF base IS NULL THEN
            total := n;
        ELSE
            -- the levels the rescored rows had in the base run go, the new ones
            -- come: one index lookup per rescored row when the base run is
            -- complete (a LATERAL subquery, so that the lookup is by run and
            -- key whatever the statistics say: a run just written is missing
            -- from them, and a join planned on one row per run read the whole
            -- base run for every rescored row), the chain row by row otherwise
            IF (SELECT b.base_run FROM @extschema@.screen_runs b WHERE b.run_id = base) IS NULL THEN
                SELECT coalesce(jsonb_object_agg(x.level, x.n), '{}') INTO old_levels
                  FROM (SELECT coalesce(o.level, 'null') AS level, count(*) AS n
                          FROM @extschema@.screen_results r
                         CROSS JOIN LATERAL (
                               SELECT o.level FROM @extschema@.screen_results o
                                WHERE o.run_id = base
                                  AND @extschema@.screen_row_key_hash(o.row_key) = @extschema@.screen_row_key_hash(r.row_key)
                                  AND o.row_key = r.row_key
                                LIMIT 1) o
                         WHERE r.run_id = run GROUP BY 1) x;
            ELSE
                SELECT coalesce(jsonb_object_agg(x.level, x.n), '{}') INTO old_levels
                  FROM (SELECT coalesce(o.level, 'null') AS level, count(*) AS n
                          FROM @extschema@.screen_results r
                         CROSS JOIN LATERAL @extschema@.screen_run_result(base, r.row_key) o
                         WHERE r.run_id = run GROUP BY 1) x;
            END IF;
            SELECT b.rows, @extschema@.screen_level_counts(b.rows_by_level, levels, old_levels)
              INTO total, levels FROM @extschema@.screen_runs b WHERE b.run_id = base;
        END IF;

        INSERT INTO @extschema@.screen_runs (run_id, source, source_key, profile, profile_version, image_hash, inputs,
                                             rescreen_of, base_run, changes, started_at, finished_at,
                                             rows, rescored, rows_by_level)
        VALUES (run, src::text, keycols, prof, version, image, after, rescreened, base, what_changed, started,
                clock_timestamp(), total, n, levels);
        INSERT INTO @extschema@.screen_run_inputs (run_id, part, items)
        SELECT run, i.key, i.value FROM jsonb_each(items) i;
        RETURN run;
    END
    $$;
COMMENT ON FUNCTION @extschema@.screen_run_store(bigint, regclass, text[], text, timestamptz, jsonb, boolean, bigint, bigint, jsonb, @extschema@.hscode[], @extschema@.country[], text[], tid[]) IS 'the common step of screen_table and screen_rescreen: score and store the rows (all, those codes, countries and exporters pick, or the rows of a table with the ids tids), check keys are unique when asked, check that no input changed meanwhile (40001), store the inputs and the run''s row';

CREATE FUNCTION @extschema@.screen_table(source regclass, profile text DEFAULT 'default', key text[] DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    DECLARE
        started constant timestamptz := clock_timestamp();
        cols text[];
        before jsonb;
        is_unique boolean;
    BEGIN
        IF profile IS NULL THEN
            RAISE EXCEPTION 'scoring profile must not be NULL' USING ERRCODE = 'null_value_not_allowed';
        END IF;
        cols := @extschema@.screen_key_columns(source, key);
        PERFORM @extschema@.screen_profile_reference(profile);
        -- keys need no check when a unique index of NOT NULL columns covers them
        SELECT EXISTS (
            SELECT FROM pg_index i
             WHERE i.indrelid = source AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
               AND (SELECT bool_and(a.attname = ANY (cols) AND a.attnotnull)
                      FROM unnest(i.indkey) k JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k))
          INTO is_unique;
        SELECT jsonb_object_agg(i.part, md5(i.items::text)) INTO before FROM @extschema@.screen_run_inputs_now(profile) i;
        RETURN @extschema@.screen_run_store(nextval('@extschema@.screen_runs_run_id_seq'), source, cols, profile,
                                            started, before, NOT is_unique, NULL, NULL, NULL, NULL, NULL, NULL);
    END
    $$;
COMMENT ON FUNCTION @extschema@.screen_table(regclass, text, text[]) IS 'screen every row of a table or view with a profile and keep the record: one screen_runs row (profile version, input digests, times, user, rows by level), a screen_results row per source row keyed by its primary key or the key columns given, the inputs itemised in screen_run_inputs; scores in parallel where the source allows; all in the caller''s transaction, so a cancelled run leaves nothing; returns the run id';

-- Reading a run's results ---------------------------------------------------------------

CREATE FUNCTION @extschema@.screen_run_result(run_id bigint, row_key jsonb)
    RETURNS TABLE (score double precision, level text, fired text[], reasons jsonb, scored_in bigint)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 1
    SET search_path = pg_catalog, pg_temp
    AS $$
    WITH RECURSIVE chain AS (
        SELECT r.run_id, r.base_run, 0 AS depth FROM @extschema@.screen_runs r WHERE r.run_id = $1
        UNION ALL
        SELECT r.run_id, r.base_run, c.depth + 1 FROM @extschema@.screen_runs r JOIN chain c ON r.run_id = c.base_run
    )
    SELECT x.score, x.level, x.fired, x.reasons, x.run_id
      FROM chain c
      JOIN @extschema@.screen_results x
        ON x.run_id = c.run_id AND @extschema@.screen_row_key_hash(x.row_key) = @extschema@.screen_row_key_hash($2)
       AND x.row_key = $2
     ORDER BY c.depth
     LIMIT 1
    $$;
COMMENT ON FUNCTION @extschema@.screen_run_result(bigint, jsonb) IS 'the result of one row in a run: stored by the run, or, for a partial rescreen, by the nearest run of its base_run chain; scored_in names the run that scored it';

CREATE FUNCTION @extschema@.screen_run_results(run_id bigint)
    RETURNS TABLE (row_key jsonb, score double precision, level text, fired text[], reasons jsonb, scored_in bigint)
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    DECLARE
        r constant bigint := run_id;
        base bigint;
    BEGIN
        SELECT s.base_run INTO base FROM @extschema@.screen_runs s WHERE s.run_id = r;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'screening run % does not exist', r
                USING ERRCODE = 'undefined_object', HINT = 'See the screen_runs table.';
        END IF;
        RETURN QUERY SELECT x.row_key, x.score, x.level, x.fired, x.reasons, x.run_id
                       FROM @extschema@.screen_results x WHERE x.run_id = r;
        IF base IS NOT NULL THEN
            RETURN QUERY
            SELECT b.* FROM @extschema@.screen_run_results(base) b
             WHERE NOT EXISTS (SELECT FROM @extschema@.screen_results x
                                WHERE x.run_id = r
                                  AND @extschema@.screen_row_key_hash(x.row_key) = @extschema@.screen_row_key_hash(b.row_key)
                                  AND x.row_key = b.row_key);
        END IF;
    END
    $$;
COMMENT ON FUNCTION @extschema@.screen_run_results(bigint) IS 'every row''s result in a run: the rows it scored, and for a partial rescreen the rows it carried over from its base run (scored_in names the run that scored each)';

-- Rescreening ------------------------------------------------------------------------

CREATE FUNCTION @extschema@.screen_rescreen(run_id bigint)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    DECLARE
        started constant timestamptz := clock_timestamp();
        old @extschema@.screen_runs;
        src regclass;
        now_items jsonb;
        before jsonb;
        parts text[];
        everything boolean;
        codes @extschema@.hscode[];
        countries @extschema@.country[];
        parties text[];
        keys text[];
        exporters text[];
        tids tid[];
        n bigint;
    BEGIN
        SELECT r.* INTO old FROM @extschema@.screen_runs r WHERE r.run_id = screen_rescreen.run_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'screening run % does not exist', run_id
                USING ERRCODE = 'undefined_object', HINT = 'See the screen_runs table.';
        END IF;
        src := to_regclass(old.source);
        IF src IS NULL THEN
            RAISE EXCEPTION 'source % of screening run % no longer exists', old.source, run_id
                USING ERRCODE = 'undefined_table', HINT = 'Screen the table again under its new name with screen_table.';
        END IF;
        PERFORM @extschema@.screen_profile_reference(old.profile);
        -- the inputs of now, read once: their digests (checked again when
        -- the rows are stored) and their items
        SELECT jsonb_object_agg(i.part, i.items) INTO now_items FROM @extschema@.screen_run_inputs_now(old.profile) i;
        SELECT jsonb_object_agg(i.key, md5(i.value::text)) INTO before FROM jsonb_each(now_items) i;

        -- the items that differ, part by part
        CREATE TEMP TABLE _ts_changed ON COMMIT DROP AS
        SELECT coalesce(o.part, c.part) AS part, coalesce(o.item, c.item) AS item
          FROM (SELECT i.part, e.key AS item, e.value FROM @extschema@.screen_run_inputs i, jsonb_each(i.items) e
                 WHERE i.run_id = old.run_id) o
          FULL JOIN (SELECT p.key AS part, e.key AS item, e.value FROM jsonb_each(now_items) p, jsonb_each(p.value) e) c
            ON c.part = o.part AND c.item = o.item
         WHERE o.value IS DISTINCT FROM c.value;
        SELECT coalesce(array_agg(DISTINCT x.part ORDER BY x.part), '{}') INTO parts FROM _ts_changed x;
        -- a new fit, any parameter (weights, thresholds, levels) or a regime's
        -- reach (whose exporters, which destinations) can change every row
        everything := 'profile' = ANY (parts) OR 'config' = ANY (parts) OR 'restriction_regimes' = ANY (parts)
                      OR 'version' = ANY (parts);
        IF NOT everything THEN
            -- codes of changed entries, and of every entry of a changed tier
            SELECT array_agg(DISTINCT c.code) INTO codes FROM (
                SELECT split_part(x.item, '@', 1)::@extschema@.hscode AS code FROM _ts_changed x WHERE x.part = 'watchlist'
                UNION ALL
                SELECT split_part(split_part(x.item, '@', 1), '/', 2)::@extschema@.hscode FROM _ts_changed x WHERE x.part = 'restrictions'
                UNION ALL
                SELECT w.code FROM @extschema@.watchlists w JOIN _ts_changed x ON x.part = 'watchlist_tiers' AND x.item = w.tier
                 WHERE w.list = (SELECT sp.watchlist FROM @extschema@.screen_profiles sp WHERE sp.profile = old.profile)) c;
            SELECT array_agg(x.item::@extschema@.country ORDER BY x.item) INTO countries
              FROM _ts_changed x WHERE x.part = 'country_roles';
            -- the party indicator reads the match the fit stored per exporter
            -- key: the exporters matched to a changed party, and those whose
            -- key is one of a changed party's names; then the rows of the
            -- source whose exporter has one of those keys
            SELECT array_agg(x.item ORDER BY x.item) INTO parties FROM _ts_changed x WHERE x.part = 'listed_parties';
            IF parties IS NOT NULL THEN
                SELECT coalesce(array_agg(DISTINCT k.key), '{}') INTO keys FROM (
                    SELECT b.exporter AS key FROM @extschema@.screen_baseline_party b
                     WHERE b.profile = old.profile AND b.list || '/' || b.party_id = ANY (parties)
                    UNION ALL
                    SELECT @extschema@.screen_exporter_key(u.nm) FROM @extschema@.listed_parties lp, unnest(lp.names) u(nm)
                     WHERE lp.list || '/' || lp.party_id = ANY (parties)) k
                 WHERE k.key IS NOT NULL;
                IF (SELECT c.relkind IN ('r', 'm') FROM pg_class c WHERE c.oid = src) THEN
                    -- a table: one pass picks the rows of every change by their
                    -- ids (the exporters by key, each name's key taken once) and
                    -- counts the rows (the check below); the names come from
                    -- the rows picked
                    EXECUTE format('SELECT count(*), coalesce(@extschema@.screen_tid_agg(s.ctid) FILTER (WHERE %s), ''{}'') FROM %s s',
                                   @extschema@.screen_pick_filter(codes, countries, NULL, keys), src)
                        INTO n, tids;
                    EXECUTE format('SELECT coalesce(array_agg(DISTINCT s.exporter::text ORDER BY s.exporter::text), ''{}'') FROM %s s'
                                   ' WHERE s.ctid = ANY ($1) AND @extschema@.screen_exporter_in(s.exporter::text, $2)', src)
                        INTO exporters USING tids, keys;
                ELSE
                    -- a view: the source's distinct exporter names, the rows
                    -- counted in the same pass; then the names with the keys
                    -- (OFFSET 0 keeps the key, an ICU transform, from being
                    -- pushed under the grouping onto every row)
                    EXECUTE format('SELECT coalesce(array_agg(d.e ORDER BY d.e) FILTER (WHERE @extschema@.screen_exporter_key(d.e) = ANY ($1)), ''{}''),'
                                   ' coalesce(sum(d.n), 0) FROM (SELECT s.exporter::text AS e, count(*) AS n FROM %s s GROUP BY 1 OFFSET 0) d', src)
                        INTO exporters, n USING keys;
                END IF;
            END IF;
        END IF;
        -- a rescreen stands for the same rows: rows added or removed since need
        -- a new screen_table
        IF n IS NULL THEN
            EXECUTE format('SELECT count(*) FROM %s', src) INTO n;
        END IF;
        IF n <> old.rows THEN
            RAISE EXCEPTION '% has % rows, screening run % had %', old.source, n, run_id, old.rows
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'A rescreen rescores the rows of a run whose inputs changed; it assumes the declarations themselves did not.',
                      HINT = 'Screen the table again with screen_table.';
        END IF;
        DROP TABLE _ts_changed;

        IF everything THEN
            RETURN @extschema@.screen_run_store(nextval('@extschema@.screen_runs_run_id_seq'), src, old.source_key, old.profile,
                started, before, false, old.run_id, NULL,
                jsonb_build_object('parts', to_jsonb(parts), 'everything', true),
                NULL, NULL, NULL);
        END IF;
        RETURN @extschema@.screen_run_store(nextval('@extschema@.screen_runs_run_id_seq'), src, old.source_key, old.profile,
            started, before, false, old.run_id, old.run_id,
            jsonb_build_object('parts', to_jsonb(parts), 'everything', false, 'codes', to_jsonb(codes::text[]),
                               'countries', to_jsonb(countries::text[]), 'parties', to_jsonb(parties),
                               'exporter_keys', to_jsonb(keys), 'exporters', to_jsonb(exporters)),
            coalesce(codes, '{}'), coalesce(countries, '{}'), coalesce(exporters, '{}'), tids);
    END
    $$;
COMMENT ON FUNCTION @extschema@.screen_rescreen(bigint) IS 'a new run of the same source and profile after its inputs changed: compares the run''s itemised inputs with today''s and rescores only the rows a change can affect (codes under or above changed watchlist or restriction entries, routes and origins in countries whose roles changed, exporters matched to changed listed parties or named as them; every row after a new fit, any parameter change or a change of a restriction regime''s reach); the rows it rescored are its screen_results rows, the others carry over from the run rescreened; returns the new run id';

CREATE FUNCTION @extschema@.screen_run_diff(old_run bigint, new_run bigint)
    RETURNS TABLE (row_key jsonb, old_level text, new_level text, old_score double precision, new_score double precision,
                   old_fired text[], new_fired text[], old_reasons jsonb, new_reasons jsonb)
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    DECLARE
        chain bigint[] := '{}';
        r bigint := new_run;
    BEGIN
        IF NOT EXISTS (SELECT FROM @extschema@.screen_runs s WHERE s.run_id = old_run) THEN
            RAISE EXCEPTION 'screening run % does not exist', old_run USING ERRCODE = 'undefined_object';
        END IF;
        IF NOT EXISTS (SELECT FROM @extschema@.screen_runs s WHERE s.run_id = new_run) THEN
            RAISE EXCEPTION 'screening run % does not exist', new_run USING ERRCODE = 'undefined_object';
        END IF;
        -- when the new run rests on the old one through partial rescreens,
        -- only the rows those rescreens rescored can differ
        WHILE r IS NOT NULL AND r <> old_run LOOP
            chain := chain || r;
            SELECT s.base_run INTO r FROM @extschema@.screen_runs s WHERE s.run_id = r;
        END LOOP;
        IF r = old_run THEN
            RETURN QUERY
            SELECT k.row_key, o.level, n.level, o.score, n.score, o.fired, n.fired, o.reasons, n.reasons
              FROM (SELECT DISTINCT x.row_key FROM @extschema@.screen_results x WHERE x.run_id = ANY (chain)) k
              LEFT JOIN LATERAL @extschema@.screen_run_result(old_run, k.row_key) o ON true
              LEFT JOIN LATERAL @extschema@.screen_run_result(new_run, k.row_key) n ON true
             WHERE o.level IS DISTINCT FROM n.level OR o.reasons IS DISTINCT FROM n.reasons;
        ELSIF NOT EXISTS (SELECT FROM @extschema@.screen_runs s WHERE s.run_id IN (old_run, new_run) AND s.base_run IS NOT NULL) THEN
            -- two complete runs: their rows joined where they are stored (one
            -- hash join), not through screen_run_results' row sets
            RETURN QUERY
            SELECT coalesce(o.row_key, n.row_key), o.level, n.level, o.score, n.score, o.fired, n.fired, o.reasons, n.reasons
              FROM (SELECT x.* FROM @extschema@.screen_results x WHERE x.run_id = old_run) o
              FULL JOIN (SELECT x.* FROM @extschema@.screen_results x WHERE x.run_id = new_run) n ON n.row_key = o.row_key
             WHERE o.level IS DISTINCT FROM n.level OR o.reasons IS DISTINCT FROM n.reasons;
        ELSE
            RETURN QUERY
            SELECT coalesce(o.row_key, n.row_key), o.level, n.level, o.score, n.score, o.fired, n.fired, o.reasons, n.reasons
              FROM @extschema@.screen_run_results(old_run) o
              FULL JOIN @extschema@.screen_run_results(new_run) n ON n.row_key = o.row_key
             WHERE o.level IS DISTINCT FROM n.level OR o.reasons IS DISTINCT FROM n.reasons;
        END IF;
    END
    $$;
COMMENT ON FUNCTION @extschema@.screen_run_diff(bigint, bigint) IS 'the rows whose level or reasons differ between two runs (a row missing from one run shows NULLs on that side); reads only the rescored rows when the new run rests on the old one through rescreens';

-- Decisions ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.screen_decide(run_id bigint, row_key jsonb, disposition text, reason text)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    DECLARE
        id bigint;
    BEGIN
        IF run_id IS NULL OR row_key IS NULL OR disposition IS NULL OR reason IS NULL THEN
            RAISE EXCEPTION 'run_id, row_key, disposition and reason must not be NULL' USING ERRCODE = 'null_value_not_allowed';
        END IF;
        IF btrim(reason) = '' THEN
            RAISE EXCEPTION 'reason of a decision must not be empty'
                USING ERRCODE = 'invalid_parameter_value', HINT = 'Say why: what was checked, what was found.';
        END IF;
        IF disposition NOT IN ('cleared', 'escalated', 'confirmed') THEN
            RAISE EXCEPTION 'invalid disposition: "%"', disposition
                USING ERRCODE = 'invalid_parameter_value', HINT = 'A disposition is cleared, escalated or confirmed.';
        END IF;
        IF NOT EXISTS (SELECT FROM @extschema@.screen_run_result(run_id, row_key)) THEN
            RAISE EXCEPTION 'screening run % has no row %', run_id, row_key
                USING ERRCODE = 'no_data_found',
                      HINT = 'Name a run of screen_runs and the key of one of its rows as screen_results.row_key writes it.';
        END IF;
        INSERT INTO @extschema@.screen_decisions (run_id, row_key, disposition, reason)
        VALUES (screen_decide.run_id, screen_decide.row_key, screen_decide.disposition, screen_decide.reason)
        RETURNING decision_id INTO id;
        RETURN id;
    END
    $$;
COMMENT ON FUNCTION @extschema@.screen_decide(bigint, jsonb, text, text) IS 'record an analyst''s disposition (cleared, escalated, confirmed) of a row of a run, with the reason; the user and time are the session''s; returns the decision id';

CREATE VIEW @extschema@.screen_decision_status WITH (security_invoker = true) AS
SELECT d.decision_id, r.source, r.profile, d.row_key, d.disposition, d.reason, d.decided_by, d.decided_at,
       d.run_id AS decided_in_run, dr.level AS level_when_decided, dr.reasons AS reasons_when_decided,
       l.run_id AS latest_run, lr.score AS latest_score, lr.level AS latest_level,
       lr.fired AS latest_fired, lr.reasons AS latest_reasons,
       (dr.level IS DISTINCT FROM lr.level OR dr.reasons IS DISTINCT FROM lr.reasons) AS changed_since_decision
  FROM (SELECT DISTINCT ON (r.source, r.profile, d.row_key) d.*
          FROM @extschema@.screen_decisions d JOIN @extschema@.screen_runs r USING (run_id)
         ORDER BY r.source, r.profile, d.row_key, d.decided_at DESC, d.decision_id DESC) d
  JOIN @extschema@.screen_runs r ON r.run_id = d.run_id
  CROSS JOIN LATERAL (SELECT max(x.run_id) AS run_id FROM @extschema@.screen_runs x
                       WHERE x.source = r.source AND x.profile = r.profile) l
  LEFT JOIN LATERAL @extschema@.screen_run_result(d.run_id, d.row_key) dr ON true
  LEFT JOIN LATERAL @extschema@.screen_run_result(l.run_id, d.row_key) lr ON true;
COMMENT ON VIEW @extschema@.screen_decision_status IS 'the latest decision about each declaration (source, profile, row key) with its result in the run decided on and in the latest run of the same source and profile, and whether the level or reasons changed since (rescreens keep decisions)';
REVOKE ALL ON @extschema@.screen_decision_status FROM PUBLIC;
GRANT SELECT ON @extschema@.screen_decision_status TO @extowner@ WITH GRANT OPTION;

-- Roles --------------------------------------------------------------------------------

CREATE FUNCTION @extschema@.screen_grant(role regrole, duty text)
    RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    BEGIN
        IF role IS NULL OR duty IS NULL THEN
            RAISE EXCEPTION 'role and duty must not be NULL' USING ERRCODE = 'null_value_not_allowed';
        END IF;
        IF duty NOT IN ('reader', 'analyst', 'runner') THEN
            RAISE EXCEPTION 'invalid screening duty: "%"', duty
                USING ERRCODE = 'invalid_parameter_value', HINT = 'A duty is reader, analyst or runner.';
        END IF;
        -- everyone reads the record
        EXECUTE format('GRANT SELECT ON @extschema@.screen_runs, @extschema@.screen_run_inputs, @extschema@.screen_results,'
                       ' @extschema@.screen_decisions, @extschema@.screen_decision_status TO %s', role);
        IF duty = 'analyst' THEN
            -- decisions only, without the columns that say who and when
            EXECUTE format('GRANT INSERT (run_id, row_key, disposition, reason) ON @extschema@.screen_decisions TO %s', role);
            EXECUTE format('GRANT USAGE ON SEQUENCE @extschema@.screen_decisions_decision_id_seq TO %s', role);
        ELSIF duty = 'runner' THEN
            -- runs only, without the column that says who ran them
            EXECUTE format('GRANT INSERT (run_id, source, source_key, profile, profile_version, image_hash, inputs, rescreen_of, base_run,'
                           ' changes, started_at, finished_at, rows, rescored, rows_by_level) ON @extschema@.screen_runs TO %s', role);
            EXECUTE format('GRANT INSERT ON @extschema@.screen_run_inputs, @extschema@.screen_results TO %s', role);
            EXECUTE format('GRANT USAGE ON SEQUENCE @extschema@.screen_runs_run_id_seq TO %s', role);
        END IF;
    END
    $$;
COMMENT ON FUNCTION @extschema@.screen_grant(regrole, text) IS 'grant a role a duty on the screening record: reader (SELECT on runs, inputs, results, decisions and screen_decision_status), analyst (reader, and INSERT of decisions without decided_by/decided_at), runner (reader, and INSERT of runs without run_by, their inputs and results: screen_table, screen_rescreen); nobody but the owner may UPDATE or DELETE; run by the extension''s owner';
