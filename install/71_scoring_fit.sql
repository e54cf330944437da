-- install/71_scoring_fit.sql: the aggregates of fitting and lanes (robust_stats, lane_change), screen_fit, and roundabout over monthly trade.

-- Aggregates ------------------------------------------------------------------

CREATE FUNCTION @extschema@.robust_stats_transfn(internal, double precision) RETURNS internal
    AS 'MODULE_PATHNAME', 'robust_stats_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.robust_stats_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'robust_stats_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.robust_stats_serial(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'robust_stats_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.robust_stats_deserial(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'robust_stats_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.robust_stats_final(internal) RETURNS @extschema@.robust_summary
    AS 'MODULE_PATHNAME', 'robust_stats_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.robust_stats_transfn(internal, double precision) IS 'transition function of robust_stats';
COMMENT ON FUNCTION @extschema@.robust_stats_combine(internal, internal) IS 'combine function of robust_stats';
COMMENT ON FUNCTION @extschema@.robust_stats_serial(internal) IS 'serial function of robust_stats';
COMMENT ON FUNCTION @extschema@.robust_stats_deserial(bytea, internal) IS 'deserial function of robust_stats';
COMMENT ON FUNCTION @extschema@.robust_stats_final(internal) IS 'final function of robust_stats';
CREATE AGGREGATE @extschema@.robust_stats(double precision) (
    SFUNC = @extschema@.robust_stats_transfn, STYPE = internal,
    COMBINEFUNC = @extschema@.robust_stats_combine,
    SERIALFUNC = @extschema@.robust_stats_serial, DESERIALFUNC = @extschema@.robust_stats_deserial,
    FINALFUNC = @extschema@.robust_stats_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.robust_stats(double precision) IS 'count, median and median absolute deviation of the non-NULL, finite values, in one pass and in parallel';

CREATE FUNCTION @extschema@.lane_change_transfn(internal, date, double precision, date, integer) RETURNS internal
    AS 'MODULE_PATHNAME', 'lane_change_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.lane_change_transfn(internal, date, double precision, date, integer, double precision) RETURNS internal
    AS 'MODULE_PATHNAME', 'lane_change_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.lane_change_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'lane_change_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.lane_change_serial(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'lane_change_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.lane_change_deserial(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'lane_change_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.lane_change_final(internal) RETURNS @extschema@.lane_change_result
    AS 'MODULE_PATHNAME', 'lane_change_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.lane_change_transfn(internal, date, double precision, date, integer) IS 'transition function of lane_change';
COMMENT ON FUNCTION @extschema@.lane_change_transfn(internal, date, double precision, date, integer, double precision) IS 'transition function of lane_change with a prior';
COMMENT ON FUNCTION @extschema@.lane_change_combine(internal, internal) IS 'combine function of lane_change';
COMMENT ON FUNCTION @extschema@.lane_change_serial(internal) IS 'serial function of lane_change';
COMMENT ON FUNCTION @extschema@.lane_change_deserial(bytea, internal) IS 'deserial function of lane_change';
COMMENT ON FUNCTION @extschema@.lane_change_final(internal) IS 'final function of lane_change';
CREATE AGGREGATE @extschema@.lane_change(period date, value double precision, cutoff date, months integer) (
    SFUNC = @extschema@.lane_change_transfn, STYPE = internal,
    COMBINEFUNC = @extschema@.lane_change_combine,
    SERIALFUNC = @extschema@.lane_change_serial, DESERIALFUNC = @extschema@.lane_change_deserial,
    FINALFUNC = @extschema@.lane_change_final,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.lane_change(period date, value double precision, cutoff date, months integer, prior double precision) (
    SFUNC = @extschema@.lane_change_transfn, STYPE = internal,
    COMBINEFUNC = @extschema@.lane_change_combine,
    SERIALFUNC = @extschema@.lane_change_serial, DESERIALFUNC = @extschema@.lane_change_deserial,
    FINALFUNC = @extschema@.lane_change_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.lane_change(date, double precision, date, integer) IS 'surge of a lane''s monthly values: the median month of the `months` months from the cutoff against the same calendar months whole years before (missing months are zero), a smoothed ratio with a prior of 10,000 a month, and a score sqrt(ln(ratio) * ln(1 + change / prior)) that needs the surge to be both strong and large';
COMMENT ON AGGREGATE @extschema@.lane_change(date, double precision, date, integer, double precision) IS 'lane_change with the prior given: the monthly level below which the lane''s changes are noise, in the values'' unit';

-- Fitting -----------------------------------------------------------------------

CREATE FUNCTION @extschema@.screen_fit(source regclass, profile text DEFAULT 'default',
        OUT fitted_profile text, OUT version bigint, OUT fitted_rows bigint, OUT rows_before_cutoff bigint,
        OUT has_history boolean, OUT unit_value_groups bigint, OUT lanes bigint, OUT route_cells bigint,
        OUT origin_cells bigint, OUT exporters bigint, OUT seconds double precision)
    RETURNS record
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $fit$
    DECLARE
        p text := $2;
        want constant text[][] := ARRAY[
            ['decl_date', 'date'], ['hs', '@extschema@.hscode'], ['origin', '@extschema@.country'],
            ['route', '@extschema@.route'], ['value_usd', 'numeric|double precision'],
            ['quantity', 'numeric|double precision'], ['unit', 'text|character varying'],
            ['exporter', 'text|character varying']];
        have text;
        type_ok boolean;
        started timestamptz := clock_timestamp();
        cut date;
        src text;
        prior double precision;
        has_ids boolean;
        tab text;
    BEGIN
        IF p IS NULL THEN
            RAISE EXCEPTION 'scoring profile must not be NULL' USING ERRCODE = 'null_value_not_allowed';
        END IF;
        IF source IS NULL THEN
            RAISE EXCEPTION 'source of screen_fit must not be NULL' USING ERRCODE = 'null_value_not_allowed';
        END IF;
        FOR i IN 1 .. array_length(want, 1) LOOP
            SELECT format_type(a.atttypid, a.atttypmod),
                   a.atttypid = ANY (string_to_array(want[i][2], '|')::regtype[])
              INTO have, type_ok
              FROM pg_attribute a
             WHERE a.attrelid = source AND a.attname = want[i][1] AND a.attnum > 0 AND NOT a.attisdropped;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'column "%" is missing from %', want[i][1], source
                    USING ERRCODE = 'undefined_column',
                          DETAIL = 'screen_fit reads decl_date date, hs hscode, origin country, route route, value_usd and quantity (numeric or double precision), unit and exporter (text), and exporter_id (text) when there is one.',
                          HINT = 'Pass a view that renames or casts your columns.';
            END IF;
            IF NOT type_ok THEN
                RAISE EXCEPTION 'column "%" of % has type %, not %', want[i][1], source, have,
                                (SELECT string_agg(format_type(t::regtype, NULL), ' or ')
                                   FROM unnest(string_to_array(want[i][2], '|')) t)
                    USING ERRCODE = 'datatype_mismatch',
                          HINT = 'Pass a view that casts the column.';
            END IF;
        END LOOP;

        -- an optional exporter_id column: the exporter's identifiers for the party indicator
        SELECT format_type(a.atttypid, a.atttypmod), a.atttypid IN ('text'::regtype, 'character varying'::regtype)
          INTO have, type_ok
          FROM pg_attribute a
         WHERE a.attrelid = source AND a.attname = 'exporter_id' AND a.attnum > 0 AND NOT a.attisdropped;
        has_ids := FOUND;
        IF has_ids AND NOT type_ok THEN
            RAISE EXCEPTION 'column "exporter_id" of % has type %, not text or character varying', source, have
                USING ERRCODE = 'datatype_mismatch',
                      HINT = 'Pass a view that casts the column.';
        END IF;

        -- one profile row, locked: concurrent fits of a profile queue here
        INSERT INTO @extschema@.screen_profiles AS sp (profile) VALUES (p) ON CONFLICT DO NOTHING;
        SELECT sp.cutoff INTO cut FROM @extschema@.screen_profiles sp WHERE sp.profile = p FOR UPDATE;

        src := format('(SELECT s.decl_date, s.hs, s.origin, s.route, s.value_usd::float8 AS v, s.quantity::float8 AS q, '
                      '@extschema@.unit_normalize(s.unit::text) AS unit, s.quantity::float8 * @extschema@.unit_factor(s.unit::text) AS qs, '
                      'nullif(btrim(s.exporter::text), '''') AS exporter, '
                      '@extschema@.route_dispatch(s.route) AS dispatch, @extschema@.route_destination(s.route) AS dest FROM %s s)', source);

        -- Three parallel aggregate passes over the source, into temporary
        -- tables (INSERT ... SELECT never runs in parallel): unit values; lanes
        -- by month; and a cube of the pre-cutoff facts that the route, origin
        -- and exporter baselines are summed from.  Then the profile's rows are
        -- replaced in this one transaction.
        EXECUTE format('CREATE TEMP TABLE _ts_fit_uv ON COMMIT DROP AS '
                       'SELECT g.code, g.unit, (g.s).n, (g.s).median, (g.s).mad FROM ('
                       '  SELECT @extschema@.hs_truncate(d.hs, l.digits) AS code, d.unit, @extschema@.robust_stats(ln(d.v / d.qs)) AS s'
                       '    FROM %s d CROSS JOIN (VALUES (4), (6)) l(digits)'
                       '   WHERE d.v > 0 AND d.qs > 0 AND d.unit IS NOT NULL AND @extschema@.hs_ndigits(d.hs) >= l.digits'
                       '   GROUP BY 1, 2) g', src);
        RAISE DEBUG 'screen_fit: % after % ms', 'unit values', round(extract(epoch FROM clock_timestamp() - started) * 1000);
        EXECUTE format('CREATE TEMP TABLE _ts_fit_month ON COMMIT DROP AS '
                       'SELECT d.dispatch, d.dest, @extschema@.hs_truncate(d.hs, 4) AS heading,'
                       '       date_trunc(''month'', d.decl_date)::date AS month, sum(d.v) AS v'
                       '  FROM %s d WHERE d.dispatch IS NOT NULL AND d.hs IS NOT NULL AND d.v > 0 AND d.decl_date IS NOT NULL'
                       ' GROUP BY 1, 2, 3, 4', src);
        RAISE DEBUG 'screen_fit: % after % ms', 'monthly lanes', round(extract(epoch FROM clock_timestamp() - started) * 1000);
        EXECUTE format('CREATE TEMP TABLE _ts_fit_cube ON COMMIT DROP AS '
                       'SELECT @extschema@.hs_truncate(d.hs, 4) AS heading, left(@extschema@.hs_chapter(d.hs)::text, 2)::int2 AS chapter,'
                       '       d.dest, d.dispatch, d.origin, d.exporter, d.decl_date < %L AS before,'
                       '       min(d.decl_date) AS first_seen, count(*) AS n'
                       '  FROM %s d GROUP BY 1, 2, 3, 4, 5, 6, 7', cut, src);
        RAISE DEBUG 'screen_fit: % after % ms', 'pre-cutoff cube', round(extract(epoch FROM clock_timestamp() - started) * 1000);

        ANALYZE _ts_fit_month, _ts_fit_cube;
        SELECT coalesce(sum(c.n), 0), coalesce(sum(c.n) FILTER (WHERE c.before), 0)
          INTO fitted_rows, rows_before_cutoff FROM _ts_fit_cube c;
        has_history := rows_before_cutoff >= 100 AND rows_before_cutoff >= 0.05 * fitted_rows;

        CREATE TEMP TABLE _ts_fit_lane ON COMMIT DROP AS
        SELECT m.dispatch, m.dest, m.heading, @extschema@.lane_change(m.month, m.v, cut, 12, 1, 'month') AS c
          FROM _ts_fit_month m GROUP BY 1, 2, 3;
        CREATE TEMP TABLE _ts_fit_pair ON COMMIT DROP AS
        SELECT m.dispatch, m.dest, @extschema@.lane_change(m.month, m.v, cut, 12, 1, 'month') AS c
          FROM _ts_fit_month m GROUP BY 1, 2;
        CREATE TEMP TABLE _ts_fit_route ON COMMIT DROP AS
        SELECT c.heading, c.dest, c.dispatch, sum(c.n)::bigint AS n
          FROM _ts_fit_cube c WHERE c.before AND c.dispatch IS NOT NULL AND c.heading IS NOT NULL GROUP BY 1, 2, 3;
        CREATE TEMP TABLE _ts_fit_origin ON COMMIT DROP AS
        SELECT c.heading, c.origin, sum(c.n)::bigint AS n
          FROM _ts_fit_cube c WHERE c.before AND c.origin IS NOT NULL AND c.heading IS NOT NULL GROUP BY 1, 2;
        -- Exporters are keyed by screen_exporter_key (name_key: one firm, one
        -- trader whatever the script, case, quotes or legal-form spelling),
        -- computed once per distinct name; with exporter_id, names that share
        -- an identifier (directly or through one other name) are one firm,
        -- and every name of a firm gets the firm's history.
        CREATE TEMP TABLE _ts_fit_names ON COMMIT DROP AS
        SELECT n.raw, @extschema@.screen_exporter_key(n.raw) AS key, NULL::text AS firm
          FROM (SELECT DISTINCT c.exporter AS raw FROM _ts_fit_cube c WHERE c.exporter IS NOT NULL) n;
        DELETE FROM _ts_fit_names n WHERE n.key IS NULL;
        UPDATE _ts_fit_names n SET firm = 'name:' || n.key;
        CREATE TEMP TABLE _ts_fit_key_ids (key text, id text) ON COMMIT DROP;
        IF has_ids THEN
            EXECUTE format('INSERT INTO _ts_fit_key_ids SELECT DISTINCT n.key, @extschema@.ident_normalize(s.exporter_id::text) '
                           '  FROM %s s JOIN _ts_fit_names n ON n.raw = btrim(s.exporter::text) '
                           ' WHERE @extschema@.ident_normalize(s.exporter_id::text) IS NOT NULL', source);
            UPDATE _ts_fit_names n SET firm = 'id:' || f.root
              FROM (SELECT k.key, min(r.root) AS root
                      FROM _ts_fit_key_ids k
                      JOIN (SELECT k2.id, min(m.first_id) AS root
                              FROM _ts_fit_key_ids k2
                              JOIN (SELECT k3.key, min(k3.id) AS first_id FROM _ts_fit_key_ids k3 GROUP BY 1) m ON m.key = k2.key
                             GROUP BY 1) r ON r.id = k.id
                     GROUP BY 1) f
             WHERE f.key = n.key;
        END IF;
        ANALYZE _ts_fit_names;
        CREATE TEMP TABLE _ts_fit_firm ON COMMIT DROP AS
        SELECT n.firm, min(c.first_seen) AS first_seen, coalesce(sum(c.n) FILTER (WHERE c.before), 0)::bigint AS n
          FROM _ts_fit_cube c JOIN _ts_fit_names n ON n.raw = c.exporter WHERE c.first_seen IS NOT NULL GROUP BY 1;
        CREATE TEMP TABLE _ts_fit_exporter ON COMMIT DROP AS
        SELECT DISTINCT ON (k.key) k.key AS exporter, k.name, f.first_seen, f.n
          FROM (SELECT n.key, min(n.firm) AS firm, min(n.raw) AS name FROM _ts_fit_names n GROUP BY 1) k
          JOIN _ts_fit_firm f ON f.firm = k.firm
         ORDER BY k.key;
        CREATE TEMP TABLE _ts_fit_exporter_chapter ON COMMIT DROP AS
        SELECT k.key AS exporter, x.chapter, max(x.n)::bigint AS n
          FROM (SELECT n.firm, c.chapter, sum(c.n) AS n
                  FROM _ts_fit_cube c JOIN _ts_fit_names n ON n.raw = c.exporter
                 WHERE c.before AND c.chapter IS NOT NULL GROUP BY 1, 2) x
          JOIN (SELECT DISTINCT n.key, n.firm FROM _ts_fit_names n) k ON k.firm = x.firm
         GROUP BY 1, 2;
        CREATE TEMP TABLE _ts_fit_exporter_leg ON COMMIT DROP AS
        SELECT k.key AS exporter, x.dispatch, x.dest, max(x.n)::bigint AS n
          FROM (SELECT n.firm, c.dispatch, c.dest, sum(c.n) AS n
                  FROM _ts_fit_cube c JOIN _ts_fit_names n ON n.raw = c.exporter
                 WHERE c.before AND c.dispatch IS NOT NULL GROUP BY 1, 2, 3) x
          JOIN (SELECT DISTINCT n.key, n.firm FROM _ts_fit_names n) k ON k.firm = x.firm
         GROUP BY 1, 2, 3;
        ANALYZE _ts_fit_lane, _ts_fit_pair;
        RAISE DEBUG 'screen_fit: % after % ms', 'derived baselines', round(extract(epoch FROM clock_timestamp() - started) * 1000);

        -- the lane prior
        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY greatest((l.c).before_level, (l.c).after_level))
          INTO prior FROM _ts_fit_lane l WHERE greatest((l.c).before_level, (l.c).after_level) > 0;
        -- a tenth of the median trading lane's level: a lane rising from nothing to
        -- a typical size is a large surge; changes below it are noise
        prior := coalesce(prior / 10, 1);

        FOREACH tab IN ARRAY @extschema@.screen_baseline_tables() LOOP
            EXECUTE format('DELETE FROM @extschema@.%I b WHERE b.profile = $1', tab) USING p;
        END LOOP;
        RAISE DEBUG 'screen_fit: % after % ms', 'old baselines deleted', round(extract(epoch FROM clock_timestamp() - started) * 1000);

        INSERT INTO @extschema@.screen_baseline_unit_value SELECT p, u.code, u.unit, u.n, u.median, u.mad FROM _ts_fit_uv u WHERE u.code IS NOT NULL;
        GET DIAGNOSTICS unit_value_groups = ROW_COUNT;
        INSERT INTO @extschema@.screen_baseline_lane
        SELECT p, l.dispatch, l.dest, l.heading, (l.c).before_level, (l.c).after_level, r.lane, r.lane / r.pair
          FROM _ts_fit_lane l
          JOIN _ts_fit_pair t ON t.dispatch OPERATOR(@extschema@.=) l.dispatch AND t.dest OPERATOR(@extschema@.=) l.dest
         CROSS JOIN LATERAL (SELECT ((l.c).after_level + prior) / ((l.c).before_level + prior) AS lane,
                                    ((t.c).after_level + prior) / ((t.c).before_level + prior) AS pair) r;
        GET DIAGNOSTICS lanes = ROW_COUNT;
        RAISE DEBUG 'screen_fit: % after % ms', 'lanes stored', round(extract(epoch FROM clock_timestamp() - started) * 1000);
        INSERT INTO @extschema@.screen_baseline_route SELECT p, r.heading, r.dest, r.dispatch, r.n FROM _ts_fit_route r;
        GET DIAGNOSTICS route_cells = ROW_COUNT;
        INSERT INTO @extschema@.screen_baseline_origin SELECT p, o.heading, o.origin, o.n FROM _ts_fit_origin o;
        GET DIAGNOSTICS origin_cells = ROW_COUNT;
        INSERT INTO @extschema@.screen_baseline_exporter SELECT p, e.exporter, e.first_seen, e.n FROM _ts_fit_exporter e;
        GET DIAGNOSTICS exporters = ROW_COUNT;
        INSERT INTO @extschema@.screen_baseline_exporter_chapter SELECT p, e.exporter, e.chapter, e.n FROM _ts_fit_exporter_chapter e;
        INSERT INTO @extschema@.screen_baseline_exporter_leg SELECT p, e.exporter, e.dispatch, e.dest, e.n FROM _ts_fit_exporter_leg e;
        -- the party indicator: each fitted exporter against the listed parties,
        -- through their name index (one look-up per distinct exporter); with
        -- exporter_id, once per identifier the exporter's declarations carry,
        -- keeping the best (a listed identifier wins; a name match is lowered
        -- only when every identifier of the exporter conflicts)
        IF EXISTS (SELECT FROM @extschema@.listed_parties) THEN
            CREATE TEMP TABLE _ts_fit_exporter_ids ON COMMIT DROP AS
            SELECT k.key AS exporter, array_agg(DISTINCT k.id) AS ids FROM _ts_fit_key_ids k GROUP BY 1;
            INSERT INTO @extschema@.screen_baseline_party
            SELECT p, e.exporter, m.list, m.party_id, m.listed_name, m.matched_alias, m.similarity, m.matched_by
              FROM _ts_fit_exporter e
              LEFT JOIN _ts_fit_exporter_ids i ON i.exporter = e.exporter
             CROSS JOIN LATERAL (
                   SELECT b.*
                     FROM unnest(coalesce(i.ids, ARRAY[NULL::text])) AS x(id)
                    CROSS JOIN LATERAL @extschema@.party_best_match(e.name, NULL, NULL, x.id) b
                    ORDER BY b.similarity DESC, b.matched_by = 'identifier' DESC, b.list, b.party_id
                    LIMIT 1) m;
            DROP TABLE _ts_fit_exporter_ids;
        END IF;
        RAISE DEBUG 'screen_fit: % after % ms', 'all baselines stored', round(extract(epoch FROM clock_timestamp() - started) * 1000);

        UPDATE @extschema@.screen_profiles sp
           SET version = sp.version + 1, fitted_at = now(), fitted_source = source::text, imported = false,
               fitted_rows = screen_fit.fitted_rows, rows_before_cutoff = screen_fit.rows_before_cutoff,
               has_history = screen_fit.has_history, lane_prior = prior
         WHERE sp.profile = p
        RETURNING sp.version INTO version;

        DROP TABLE _ts_fit_uv, _ts_fit_month, _ts_fit_cube, _ts_fit_lane, _ts_fit_pair, _ts_fit_route,
                   _ts_fit_origin, _ts_fit_names, _ts_fit_key_ids, _ts_fit_firm, _ts_fit_exporter,
                   _ts_fit_exporter_chapter, _ts_fit_exporter_leg;
        fitted_profile := p;
        seconds := extract(epoch FROM clock_timestamp() - started);
    END
    $fit$;
COMMENT ON FUNCTION @extschema@.screen_fit(regclass, text) IS 'learn a profile''s baselines (unit values, lanes, routes, origins, exporters) from a table or view of declarations, replacing the profile''s old ones atomically; creates the profile if needed; returns a summary';


-- The Eurasian roundabout ---------------------------------------------------------

CREATE FUNCTION @extschema@.roundabout(source regclass, cutoff date, months integer DEFAULT 10,
        target text DEFAULT 'RU', prior double precision DEFAULT 10000)
    RETURNS TABLE (partner text, heading text, hub_ratio double precision, other_ratio double precision,
                   relative_ratio double precision, target_ratio double precision, score double precision)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $fn$
    DECLARE
        want constant text[] := ARRAY['partner', 'heading', 'period', 'value'];
    BEGIN
        FOR i IN 1 .. 4 LOOP
            IF NOT EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = source AND a.attname = want[i]
                                                    AND a.attnum > 0 AND NOT a.attisdropped) THEN
                RAISE EXCEPTION 'column "%" is missing from %', want[i], source
                    USING ERRCODE = 'undefined_column',
                          HINT = 'roundabout reads partner, heading, period (date) and value: pass a view that renames your columns.';
            END IF;
        END LOOP;
        RETURN QUERY EXECUTE format($q$
            WITH m AS (
                SELECT s.partner::text AS partner, s.heading::text AS heading,
                       date_trunc('month', s.period)::date AS month, sum(s.value)::float8 AS v
                  FROM %s s WHERE s.period IS NOT NULL AND s.value IS NOT NULL
                 GROUP BY 1, 2, 3
            ), total AS (
                SELECT m.partner, m.month, sum(m.v) AS v FROM m GROUP BY 1, 2
            ), cells AS (
                -- every month of a partner for each of its headings, so that the
                -- other headings' series has no holes where this one has none
                SELECT h.partner, h.heading, t.month, coalesce(m.v, 0) AS v, t.v - coalesce(m.v, 0) AS other
                  FROM (SELECT DISTINCT m.partner, m.heading FROM m) h
                  JOIN total t USING (partner)
                  LEFT JOIN m USING (partner, heading, month)
            ), lanes AS (
                SELECT c.partner, c.heading,
                       @extschema@.lane_change(c.month, c.v, $1, $2, $3, 'month') AS hub,
                       @extschema@.lane_change(c.month, c.other, $1, $2, $3, 'month') AS other
                  FROM cells c
                 GROUP BY 1, 2
            ), tgt AS (
                SELECT m.heading, @extschema@.lane_change(m.month, m.v, $1, $2, $3, 'month') AS c
                  FROM m WHERE m.partner = $4 GROUP BY 1
            )
            SELECT l.partner, l.heading, (l.hub).ratio, (l.other).ratio, (l.hub).ratio / (l.other).ratio, (g.c).ratio,
                   CASE WHEN (l.hub).ratio > 1 AND (l.hub).ratio > (l.other).ratio AND (g.c).ratio < 1
                        THEN sqrt(ln((l.hub).ratio / (l.other).ratio) * -ln((g.c).ratio)) ELSE 0 END
              FROM lanes l JOIN tgt g USING (heading)
             WHERE l.partner <> $4
        $q$, source) USING cutoff, months, prior, target;
    END
    $fn$;
COMMENT ON FUNCTION @extschema@.roundabout(regclass, date, integer, text, double precision) IS 'the "Eurasian roundabout" of a table of monthly trade (partner, heading, period, value): per partner and heading, exports to the partner rising, and faster than its other headings, while the same heading''s exports to target (default RU) fell (lane_change ratios); score = sqrt(ln(relative ratio) * -ln(target ratio)), 0 unless all three hold';
