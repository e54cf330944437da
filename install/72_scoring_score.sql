-- install/72_scoring_score.sql: screen_declaration and screen_score, and copying a fitted profile to other servers (screen_profile_export, screen_profile_import).

-- Scoring -------------------------------------------------------------------------

CREATE FUNCTION @extschema@.screen_declaration(hs @extschema@.hscode, route @extschema@.route,
        origin @extschema@.country, decl_date date, value_usd double precision, quantity double precision,
        unit text, exporter text, profile text DEFAULT 'default')
    RETURNS @extschema@.screening
    AS 'MODULE_PATHNAME', 'screen_declaration' LANGUAGE C STABLE PARALLEL SAFE COST 50;
COMMENT ON FUNCTION @extschema@.screen_declaration(@extschema@.hscode, @extschema@.route, @extschema@.country, date, double precision, double precision, text, text, text) IS 'score a declaration against a fitted profile: score in [0, 1], level, and the reasons (indicator, weight, strength, exposure, contribution, evidence); a NULL argument disables the indicators that need it';

CREATE FUNCTION @extschema@.screen_score(hs @extschema@.hscode, route @extschema@.route,
        origin @extschema@.country, decl_date date, value_usd double precision, quantity double precision,
        unit text, exporter text, profile text DEFAULT 'default')
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'screen_score' LANGUAGE C STABLE PARALLEL SAFE COST 30;
COMMENT ON FUNCTION @extschema@.screen_score(@extschema@.hscode, @extschema@.route, @extschema@.country, date, double precision, double precision, text, text, text) IS 'the score of screen_declaration alone, without building the reasons: rank or filter many rows with it, then explain the few that matter with screen_declaration';

-- Copying a profile to other servers ------------------------------------------
-- Shards that score their own rows need the profile the coordinator fitted
-- over all rows, identically: screen_profile_export writes it as rows of
-- (part, data jsonb) that COPY or a foreign table carries to another server,
-- and screen_profile_import reads them back there.

CREATE FUNCTION @extschema@.screen_profile_inputs(watchlist text)
    RETURNS TABLE (part text, data jsonb)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT 'watchlists', jsonb_build_object('code', w.code, 'excluded', w.excluded, 'tier', w.tier,
                                            'valid_from', w.valid_from, 'valid_to', w.valid_to)
      FROM @extschema@.watchlists w WHERE w.list = $1
    UNION ALL
    SELECT 'watchlist_tiers', jsonb_build_object('tier', t.tier, 'tier_order', t.tier_order)
      FROM @extschema@.watchlist_tiers t WHERE t.list = $1
    UNION ALL
    -- the roles scoring uses: a user's rows for a (role, country) replace the shipped ones
    SELECT 'country_roles', jsonb_build_object('role', r.role, 'country', r.country,
                                               'valid_from', r.valid_from, 'valid_to', r.valid_to)
      FROM @extschema@.country_roles r
     WHERE NOT r.shipped OR NOT EXISTS (SELECT FROM @extschema@.country_roles u
                                         WHERE NOT u.shipped AND u.role = r.role
                                           AND u.country OPERATOR(@extschema@.=) r.country)
    UNION ALL
    SELECT 'restriction_regimes', jsonb_build_object('regime', g.regime, 'binds', g.binds, 'destinations', g.destinations)
      FROM @extschema@.restriction_regimes g
    UNION ALL
    SELECT 'restrictions', jsonb_build_object('regime', x.regime, 'code', x.code, 'list', x.list,
                                              'valid_from', x.valid_from, 'valid_to', x.valid_to, 'ex', x.ex,
                                              'min_item_value_eur', x.min_item_value_eur)
      FROM @extschema@.restrictions x
    $$;
COMMENT ON FUNCTION @extschema@.screen_profile_inputs(text) IS 'what scoring reads besides a profile''s own rows: the entries and tiers of its watchlist, the country roles in effect and the export restrictions, as (part, data) rows; screen_profile_export includes them and screen_profile_import checks that they are the same on the importing server';

CREATE FUNCTION @extschema@.screen_profile_export(profile text)
    RETURNS TABLE (part text, data jsonb)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    SET extra_float_digits = 3
    AS $export$
    DECLARE
        p constant text := $1;
        list text;
        t text;
    BEGIN
        IF p IS NULL THEN
            RAISE EXCEPTION 'scoring profile must not be NULL' USING ERRCODE = 'null_value_not_allowed';
        END IF;
        SELECT sp.watchlist INTO list FROM @extschema@.screen_profiles sp WHERE sp.profile = p;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'scoring profile "%" does not exist', p
                USING ERRCODE = 'undefined_object', HINT = 'See the screen_profiles table.';
        END IF;
        RETURN QUERY
        SELECT 'header', jsonb_build_object('format', 1, 'profile', p,
                   'extversion', (SELECT e.extversion FROM pg_extension e WHERE e.extname = 'trade_screen'));
        RETURN QUERY
        -- (without imported: whether the baselines came from elsewhere is this server's fact)
        SELECT 'screen_profiles', to_jsonb(sp) - 'imported' FROM @extschema@.screen_profiles sp WHERE sp.profile = p;
        -- the profile's rows in its configuration and each baseline screen_fit
        -- fills (screen_baseline_tables), without the key, so that an import
        -- may rename the profile
        FOR t IN
            SELECT x FROM unnest(ARRAY['screen_config'] || @extschema@.screen_baseline_tables()) x
             ORDER BY x COLLATE "C"
        LOOP
            RETURN QUERY EXECUTE format('SELECT %L::text, to_jsonb(b) - ''profile'' FROM @extschema@.%I b WHERE b.profile = $1', t, t)
                USING p;
        END LOOP;
        RETURN QUERY SELECT i.part, i.data FROM @extschema@.screen_profile_inputs(list) i;
    END
    $export$;
COMMENT ON FUNCTION @extschema@.screen_profile_export(text) IS 'a fitted profile as rows of (part, data jsonb): a header (format, extension version), the screen_profiles row, its screen_config and baseline rows, and the watchlist entries, tiers and country roles it was scored with; floats at full precision, so screen_profile_import on another server rebuilds it exactly';

CREATE FUNCTION @extschema@.screen_profile_import(source regclass, profile text DEFAULT NULL,
        OUT imported_profile text, OUT version bigint, OUT imported_rows bigint)
    RETURNS record
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $import$
    DECLARE
        head jsonb;
        prof jsonb;
        p text;
        t text;
        n bigint;
        tables text[];
        differing text;
        cols text;
    BEGIN
        IF source IS NULL THEN
            RAISE EXCEPTION 'source of screen_profile_import must not be NULL' USING ERRCODE = 'null_value_not_allowed';
        END IF;
        FOREACH t IN ARRAY ARRAY['part', 'data'] LOOP
            IF NOT EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = source AND a.attnum > 0 AND NOT a.attisdropped
                                                      AND a.attname = t) THEN
                RAISE EXCEPTION 'column "%" is missing from %', t, source
                    USING ERRCODE = 'undefined_column',
                          HINT = 'screen_profile_import reads the part and data columns that screen_profile_export returns.';
            END IF;
        END LOOP;
        EXECUTE format('CREATE TEMP TABLE _ts_import ON COMMIT DROP AS SELECT s.part::text AS part, s.data::jsonb AS data FROM %s s', source);

        SELECT (array_agg(i.data))[1], count(*) INTO head, n FROM _ts_import i WHERE i.part = 'header';
        IF n <> 1 OR NOT head ? 'format' THEN
            RAISE EXCEPTION '% holds no profile export', source
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('It has %s header rows; an export has one.', n),
                      HINT = 'Fill it with the rows of screen_profile_export(profile) on the server the profile comes from.';
        END IF;
        IF head->>'format' <> '1' THEN
            RAISE EXCEPTION 'profile export format % is not supported', head->>'format'
                USING ERRCODE = 'feature_not_supported', HINT = 'This version reads format 1.';
        END IF;
        IF head->>'extversion' IS DISTINCT FROM (SELECT e.extversion FROM pg_extension e WHERE e.extname = 'trade_screen') THEN
            RAISE EXCEPTION 'profile exported by trade_screen % cannot be imported into trade_screen %',
                            head->>'extversion', (SELECT e.extversion FROM pg_extension e WHERE e.extname = 'trade_screen')
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'Another version of the extension may score the same profile differently.',
                      HINT = 'Update the extension to the same version on both servers (ALTER EXTENSION trade_screen UPDATE), then export again.';
        END IF;
        SELECT (array_agg(i.data))[1], count(*) INTO prof, n FROM _ts_import i WHERE i.part = 'screen_profiles';
        IF n <> 1 THEN
            RAISE EXCEPTION '% holds % profiles, not one', source, n USING ERRCODE = 'invalid_parameter_value';
        END IF;
        p := coalesce(screen_profile_import.profile, prof->>'profile');

        -- the tables keyed by profile, as screen_profile_export reads them
        SELECT array_agg(x ORDER BY x COLLATE "C") INTO tables
          FROM unnest(ARRAY['screen_config'] || @extschema@.screen_baseline_tables()) x;
        SELECT string_agg(DISTINCT i.part, ', ') INTO differing FROM _ts_import i
         WHERE i.part IS NULL OR NOT (i.part = ANY (tables || ARRAY['header', 'screen_profiles', 'watchlists', 'watchlist_tiers', 'country_roles', 'restriction_regimes', 'restrictions']));
        IF differing IS NOT NULL THEN
            RAISE EXCEPTION '% holds rows of unknown parts: %', source, differing USING ERRCODE = 'invalid_parameter_value';
        END IF;

        -- scoring also reads the watchlist and the country roles: they must be
        -- the same here as where the profile was fitted
        SELECT string_agg(DISTINCT x.part, ', ' ORDER BY x.part) INTO differing FROM (
            (SELECT i.part, i.data FROM _ts_import i WHERE i.part IN ('watchlists', 'watchlist_tiers', 'country_roles', 'restriction_regimes', 'restrictions')
             EXCEPT ALL SELECT l.part, l.data FROM @extschema@.screen_profile_inputs(prof->>'watchlist') l)
            UNION ALL
            (SELECT l.part, l.data FROM @extschema@.screen_profile_inputs(prof->>'watchlist') l
             EXCEPT ALL SELECT i.part, i.data FROM _ts_import i WHERE i.part IN ('watchlists', 'watchlist_tiers', 'country_roles', 'restriction_regimes', 'restrictions'))) x;
        IF differing IS NOT NULL THEN
            RAISE EXCEPTION 'profile "%" was fitted with other watchlist entries or country roles than this server has', p
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = format('Rows of %s differ; the profile scores with watchlist "%s".', differing, prof->>'watchlist'),
                      HINT = 'Make the same changes of watchlists, watchlist_tiers and country_roles on every server, then import again.';
        END IF;

        -- one profile row, locked: concurrent fits and imports of it queue here
        INSERT INTO @extschema@.screen_profiles AS sp (profile) VALUES (p) ON CONFLICT DO NOTHING;
        PERFORM FROM @extschema@.screen_profiles sp WHERE sp.profile = p FOR UPDATE;

        imported_rows := 1;
        FOREACH t IN ARRAY tables LOOP
            -- the configuration only when it differs: any change of it makes
            -- every profile's version grow (screen_config_changed)
            IF t = 'screen_config' THEN
                SELECT count(*) INTO n FROM (
                    (SELECT i.data FROM _ts_import i WHERE i.part = t
                     EXCEPT ALL SELECT to_jsonb(c) - 'profile' FROM @extschema@.screen_config c WHERE c.profile = p)
                    UNION ALL
                    (SELECT to_jsonb(c) - 'profile' FROM @extschema@.screen_config c WHERE c.profile = p
                     EXCEPT ALL SELECT i.data FROM _ts_import i WHERE i.part = t)) x;
                IF n = 0 THEN
                    SELECT count(*) INTO n FROM _ts_import i WHERE i.part = t;
                    imported_rows := imported_rows + n;
                    CONTINUE;
                END IF;
            END IF;
            EXECUTE format('DELETE FROM @extschema@.%I b WHERE b.profile = $1', t) USING p;
            EXECUTE format('INSERT INTO @extschema@.%I SELECT r.* FROM _ts_import i'
                           ' CROSS JOIN LATERAL jsonb_populate_record(NULL::@extschema@.%I, i.data || jsonb_build_object(''profile'', $1)) r'
                           ' WHERE i.part = $2', t, t) USING p, t;
            GET DIAGNOSTICS n = ROW_COUNT;
            imported_rows := imported_rows + n;
        END LOOP;

        -- last, the profile row as exported, version included: a score names
        -- the same profile version on every server
        SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum),
               string_agg('r.' || quote_ident(a.attname), ', ' ORDER BY a.attnum)
          INTO cols, t
          FROM pg_attribute a
         WHERE a.attrelid = '@extschema@.screen_profiles'::regclass AND a.attnum > 0 AND NOT a.attisdropped
           AND a.attname <> 'profile';
        EXECUTE format('UPDATE @extschema@.screen_profiles sp SET (%s) = (SELECT %s FROM jsonb_populate_record(NULL::@extschema@.screen_profiles, $1) r)'
                       ' WHERE sp.profile = $2 RETURNING sp.version', cols, t)
            INTO version USING prof || '{"imported": true}', p;
        DROP TABLE _ts_import;
        imported_profile := p;
    END
    $import$;
COMMENT ON FUNCTION @extschema@.screen_profile_import(regclass, text) IS 'rebuild a profile from the rows of screen_profile_export (a table or foreign table with part and data columns), under its own name or the one given, replacing the profile''s rows here atomically; the profile row, version included, becomes the exported one; refuses an export of another extension version, or one made with other watchlist entries or country roles than this server has';
