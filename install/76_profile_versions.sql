-- install/76_profile_versions.sql: kept profile versions (a serialised image of everything scoring reads, one row per version), what makes a new version, the retention rule and pins, and the checks of screen_config values.

-- Checks of screen_config values --------------------------------------------------

CREATE FUNCTION @extschema@.screen_parameter_check(parameter text, value double precision) RETURNS boolean
    AS 'MODULE_PATHNAME', 'screen_parameter_check' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.screen_parameter_check(text, double precision) IS 'true when value is acceptable for the scoring parameter, else an error: 22P02 for NaN or an infinity, 22003 for a finite value out of the parameter''s range (weights, tier weights, exposures, levels and strengths in [0, 1], unit_value.mad_floor above 0, every other parameter at least 0)';

CREATE FUNCTION @extschema@.screen_parameters_check_order(profile text, parameters text[], vals double precision[])
    RETURNS boolean
    AS 'MODULE_PATHNAME', 'screen_parameters_check_order' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.screen_parameters_check_order(text, text[], double precision[]) IS 'true when a profile''s effective parameters keep their order (level.low < level.medium < level.high, every X_low or X.low below its X_high or X.high), else an error 22023 naming the two parameters';

CREATE FUNCTION @extschema@.screen_config_check() RETURNS trigger
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    BEGIN
        PERFORM @extschema@.screen_parameter_check(NEW.parameter, NEW.value);
        RETURN NEW;
    END
    $$;
COMMENT ON FUNCTION @extschema@.screen_config_check() IS 'trigger: a screen_config row''s value must be finite and in its parameter''s range (screen_parameter_check)';
CREATE TRIGGER screen_config_check BEFORE INSERT OR UPDATE OF parameter, value ON @extschema@.screen_config
    FOR EACH ROW EXECUTE FUNCTION @extschema@.screen_config_check();

-- Kept versions -------------------------------------------------------------------

-- No foreign key to screen_profiles: pg_dump then restores the versions
-- before the profiles (by name), so the rows it restores are the versions
-- the profiles name, and no restore makes a version of its own.
CREATE TABLE @extschema@.screen_profile_versions (
    profile text NOT NULL,
    version bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL DEFAULT current_user,
    made_by text NOT NULL,
    changed text[] NOT NULL DEFAULT '{}',
    superseded_at timestamptz,
    pinned boolean NOT NULL DEFAULT false,
    inputs jsonb NOT NULL,
    image_hash text NOT NULL,
    image bytea NOT NULL,
    PRIMARY KEY (profile, version)
);
ALTER TABLE @extschema@.screen_profile_versions ALTER COLUMN image SET STORAGE EXTERNAL;
COMMENT ON TABLE @extschema@.screen_profile_versions IS 'every kept version of every profile: the image of everything scoring reads (parameters, cutoff, country roles, watchlist entries with their validity, listed names, baselines), written when the version is made; screen_declaration(..., profile => ''name@N'') scores with version N exactly as it scored when current. Kept: the current version, every pinned one, and the newest trade_screen.profile_versions_kept (default 20) of each profile; survives pg_dump and upgrades';
COMMENT ON COLUMN @extschema@.screen_profile_versions.made_by IS 'what made the version: created, fit, upgrade, inputs (a change of the configuration, country roles, watchlists, listed parties, or the profile''s cutoff or watchlist: see changed), or update (screen_profile_import, or another update of the profile row)';
COMMENT ON COLUMN @extschema@.screen_profile_versions.changed IS 'the inputs whose content differs from the previous kept version''s (screen_config, country_roles, watchlists, watchlist_tiers, listed_parties, profile, baselines)';
COMMENT ON COLUMN @extschema@.screen_profile_versions.superseded_at IS 'when the next version was made; NULL while current. A reference name@N evaluates date-dependent inputs (the watchlist entries in force) as of this day, the last day the version was current';
COMMENT ON COLUMN @extschema@.screen_profile_versions.pinned IS 'a pinned version is never dropped by the retention rule, and its profile cannot be deleted (screen_profile_pin)';
COMMENT ON COLUMN @extschema@.screen_profile_versions.inputs IS 'md5 of each input''s content when the version was made, by input: a change of an input makes a new version only when its content differs from this';
COMMENT ON COLUMN @extschema@.screen_profile_versions.image_hash IS 'md5 of image: the cache of a backend knows a version by profile, version and image_hash';
COMMENT ON COLUMN @extschema@.screen_profile_versions.image IS 'the serialised profile (screen_profile_image), read by a backend in one fetch when it first scores with the version';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_profile_versions', '');
GRANT SELECT ON @extschema@.screen_profile_versions TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON @extschema@.screen_profile_versions TO @extowner@;

CREATE FUNCTION @extschema@.screen_profile_image(profile text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'screen_profile_image' LANGUAGE C STABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.screen_profile_image(text) IS 'the serialised image of a profile as the tables are now: parameters, cutoff, country roles, the watchlist''s entries with their validity, the keys of listed parties'' names, and the fitted baselines; what screen_profile_versions keeps';

CREATE FUNCTION @extschema@.screen_profile_image_info(image bytea,
        OUT format integer, OUT facts bigint, OUT roles integer, OUT parties integer, OUT listed_keys bigint, OUT bytes bigint)
    RETURNS record
    AS 'MODULE_PATHNAME', 'screen_profile_image_info' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.screen_profile_image_info(bytea) IS 'what a profile image holds: its format, the number of facts (baseline cells, watchlist entries), country role intervals, matched parties and listed name keys, and its size in bytes';

CREATE FUNCTION @extschema@.screen_profile_cache(OUT profile text, OUT version bigint, OUT image_hash text,
        OUT bytes bigint, OUT last_used bigint)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'screen_profile_cache' LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED ROWS 10;
COMMENT ON FUNCTION @extschema@.screen_profile_cache() IS 'the profile versions this backend holds loaded, with the memory each takes and its place in the LRU order (last_used grows with each use); image_hash is NULL for a version read from the tables. Bounded by trade_screen.profile_cache_size';

-- The inputs of a profile other than its baselines, each as one md5: what
-- decides whether a change of an input table makes a new version.
CREATE FUNCTION @extschema@.screen_profile_input_hash(profile text, input text) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    DECLARE
        h text;
        list text;
    BEGIN
        IF input = 'screen_config' THEN
            -- a note does not change a score
            SELECT md5(coalesce(string_agg(x.t, E'\n' ORDER BY x.t COLLATE "C"), '')) INTO h
              FROM (SELECT ((to_jsonb(c) - 'profile') - 'note')::text AS t
                      FROM @extschema@.screen_config c WHERE c.profile = $1) x;
        ELSIF input = 'profile' THEN
            SELECT md5(jsonb_build_array(sp.cutoff, sp.watchlist)::text) INTO h
              FROM @extschema@.screen_profiles sp WHERE sp.profile = $1;
        ELSIF input IN ('watchlists', 'watchlist_tiers') THEN
            SELECT sp.watchlist INTO list FROM @extschema@.screen_profiles sp WHERE sp.profile = $1;
            EXECUTE format('SELECT md5(coalesce(string_agg(x.t, E''\n'' ORDER BY x.t COLLATE "C"), '''')) '
                           '  FROM (SELECT ((to_jsonb(w) - ''note'') - ''definition'')::text AS t FROM @extschema@.%I w WHERE w.list = $1) x', input)
                INTO h USING list;
        ELSE
            EXECUTE format('SELECT md5(coalesce(string_agg(x.t, E''\n'' ORDER BY x.t COLLATE "C"), '''')) '
                           '  FROM (SELECT to_jsonb(w)::text AS t FROM @extschema@.%I w) x', input)
                INTO h;
        END IF;
        RETURN h;
    END
    $$;
COMMENT ON FUNCTION @extschema@.screen_profile_input_hash(text, text) IS 'md5 of one input of a profile: its screen_config rows (without notes), its cutoff and watchlist (input profile), the rows of its watchlist in watchlists or watchlist_tiers, or the whole of another input table (country_roles, listed_parties)';

-- the tables whose change may change scores: those with the screen_config_changed trigger
CREATE FUNCTION @extschema@.screen_profile_inputs_hash(profile text) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT jsonb_object_agg(i.input, @extschema@.screen_profile_input_hash($1, i.input))
      FROM (SELECT 'profile' AS input
            UNION
            SELECT c.relname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
             WHERE t.tgfoid = '@extschema@.screen_config_changed()'::regprocedure) i
    $$;
COMMENT ON FUNCTION @extschema@.screen_profile_inputs_hash(text) IS 'md5 of every input of a profile besides its baselines, as {input: md5}: its screen_profiles cutoff and watchlist, and each table with the screen_config_changed trigger';

-- Make the version row of a profile's current version.
CREATE FUNCTION @extschema@.screen_profile_record_version(profile text, made_by text)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
    DECLARE
        p constant text := $1;
        v bigint;
        img bytea;
        h jsonb;
        prev record;
        kept integer;
        old record;
    BEGIN
        SELECT sp.version INTO v FROM @extschema@.screen_profiles sp WHERE sp.profile = p;
        IF NOT FOUND THEN
            RETURN NULL;
        END IF;
        img := @extschema@.screen_profile_image(p);
        h := @extschema@.screen_profile_inputs_hash(p);
        SELECT * INTO old FROM @extschema@.screen_profile_versions pv WHERE pv.profile = p AND pv.version = v;
        IF FOUND THEN
            IF old.image_hash = md5(img) THEN
                RETURN v;
            END IF;
            IF old.pinned THEN
                RAISE EXCEPTION 'version % of scoring profile "%" is pinned and holds another image', v, p
                    USING ERRCODE = 'object_not_in_prerequisite_state',
                          DETAIL = 'A pinned version never changes; this change would give the same version number other contents.',
                          HINT = 'Unpin it (screen_profile_pin(profile, version, false)), or import under another profile name.';
            END IF;
            DELETE FROM @extschema@.screen_profile_versions pv WHERE pv.profile = p AND pv.version = v;
        END IF;
        SELECT pv.version, pv.inputs, pv.image INTO prev FROM @extschema@.screen_profile_versions pv
         WHERE pv.profile = p AND pv.version < v ORDER BY pv.version DESC LIMIT 1;
        UPDATE @extschema@.screen_profile_versions pv SET superseded_at = now()
         WHERE pv.profile = p AND pv.version < v AND pv.superseded_at IS NULL;
        INSERT INTO @extschema@.screen_profile_versions AS pv
               (profile, version, made_by, changed, inputs, image_hash, image)
        VALUES (p, v, $2,
                coalesce((SELECT array_agg(n.key ORDER BY n.key COLLATE "C") FROM jsonb_each_text(h) n
                           WHERE prev.inputs IS NULL OR n.value IS DISTINCT FROM prev.inputs->>n.key), '{}')
                || CASE WHEN $2 = 'fit' THEN ARRAY['baselines'] ELSE '{}' END,
                h, md5(img), img);

        -- the retention rule: the current version, the pinned ones and the newest kept
        kept := greatest(coalesce(nullif(current_setting('trade_screen.profile_versions_kept', true), '')::integer, 20), 1);
        DELETE FROM @extschema@.screen_profile_versions pv
         WHERE pv.profile = p AND NOT pv.pinned AND pv.version <> v
           AND pv.version NOT IN (SELECT k.version FROM @extschema@.screen_profile_versions k
                                   WHERE k.profile = p ORDER BY k.version DESC LIMIT kept);
        RETURN v;
    END
    $$;
COMMENT ON FUNCTION @extschema@.screen_profile_record_version(text, text) IS 'write the screen_profile_versions row of a profile''s current version (its image and input hashes), mark the previous version superseded, and drop versions the retention rule no longer keeps (all but the current, the pinned and the newest trade_screen.profile_versions_kept); called by the triggers on screen_profiles';
REVOKE ALL ON FUNCTION @extschema@.screen_profile_record_version(text, text) FROM PUBLIC;

-- The versions follow their profile: a new version number makes a version
-- row; a change of the cutoff or watchlist makes a new version; a renamed
-- profile keeps its versions; a deleted one drops them, unless one is pinned.
CREATE FUNCTION @extschema@.screen_profile_versions_follow() RETURNS trigger
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
    BEGIN
        IF TG_WHEN = 'BEFORE' THEN
            IF TG_OP = 'UPDATE' AND NEW.version = OLD.version
               AND (NEW.cutoff, NEW.watchlist) IS DISTINCT FROM (OLD.cutoff, OLD.watchlist) THEN
                NEW.version := OLD.version + 1;
            END IF;
            IF TG_OP = 'DELETE' THEN
                IF EXISTS (SELECT FROM @extschema@.screen_profile_versions v WHERE v.profile = OLD.profile AND v.pinned) THEN
                    RAISE EXCEPTION 'scoring profile "%" has pinned versions', OLD.profile
                        USING ERRCODE = 'dependent_objects_still_exist',
                              DETAIL = format('Pinned: %s.', (SELECT string_agg(v.version::text, ', ' ORDER BY v.version)
                                                               FROM @extschema@.screen_profile_versions v
                                                              WHERE v.profile = OLD.profile AND v.pinned)),
                              HINT = 'Unpin them with screen_profile_pin(profile, version, false) first.';
                END IF;
                RETURN OLD;
            END IF;
            RETURN NEW;
        END IF;
        IF TG_OP = 'DELETE' THEN
            DELETE FROM @extschema@.screen_profile_versions v WHERE v.profile = OLD.profile;
        ELSIF TG_OP = 'INSERT' THEN
            -- a new profile starts at version 1, never fitted; a profile row
            -- restored by pg_restore brings its versions with it (if the
            -- restore brings version 1 after this, its row replaces this one)
            IF NEW.version = 1 AND NEW.fitted_at IS NULL AND NOT EXISTS (SELECT FROM @extschema@.screen_profile_versions v WHERE v.profile = NEW.profile AND v.version = NEW.version) THEN
                PERFORM @extschema@.screen_profile_record_version(NEW.profile, 'created');
            END IF;
        ELSE
            IF NEW.profile IS DISTINCT FROM OLD.profile THEN
                UPDATE @extschema@.screen_profile_versions v SET profile = NEW.profile WHERE v.profile = OLD.profile;
            END IF;
            -- (an import may bring other contents at the same version number)
            IF (NEW.version, NEW.fitted_at, NEW.has_history, NEW.lane_prior)
               IS DISTINCT FROM (OLD.version, OLD.fitted_at, OLD.has_history, OLD.lane_prior) THEN
                PERFORM @extschema@.screen_profile_record_version(NEW.profile,
                    CASE WHEN NEW.fitted_at IS DISTINCT FROM OLD.fitted_at THEN 'fit'
                         WHEN pg_trigger_depth() > 1
                              OR (NEW.cutoff, NEW.watchlist) IS DISTINCT FROM (OLD.cutoff, OLD.watchlist) THEN 'inputs'
                         ELSE 'update' END);
            END IF;
        END IF;
        RETURN NULL;
    END
    $$;
COMMENT ON FUNCTION @extschema@.screen_profile_versions_follow() IS 'trigger: a profile''s versions follow it (a new version number writes its screen_profile_versions row; a new cutoff or watchlist makes a new version; a rename keeps the versions; a delete drops them, refused while one is pinned)';
REVOKE ALL ON FUNCTION @extschema@.screen_profile_versions_follow() FROM PUBLIC;
CREATE TRIGGER screen_profile_versions_before BEFORE UPDATE OR DELETE ON @extschema@.screen_profiles
    FOR EACH ROW EXECUTE FUNCTION @extschema@.screen_profile_versions_follow();
CREATE TRIGGER screen_profile_versions_after AFTER INSERT OR UPDATE OR DELETE ON @extschema@.screen_profiles
    FOR EACH ROW EXECUTE FUNCTION @extschema@.screen_profile_versions_follow();

-- A restored version row replaces one a restore's own triggers made
-- (pg_restore may load a never-fitted profile before its versions).
CREATE FUNCTION @extschema@.screen_profile_versions_replace() RETURNS trigger
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
    BEGIN
        DELETE FROM @extschema@.screen_profile_versions v WHERE v.profile = NEW.profile AND v.version = NEW.version;
        RETURN NEW;
    END
    $$;
COMMENT ON FUNCTION @extschema@.screen_profile_versions_replace() IS 'trigger: a version row inserted for a (profile, version) that has one replaces it, so that pg_restore''s rows win over the one a restored profile''s insert made';
REVOKE ALL ON FUNCTION @extschema@.screen_profile_versions_replace() FROM PUBLIC;
CREATE TRIGGER screen_profile_versions_replace BEFORE INSERT ON @extschema@.screen_profile_versions
    FOR EACH ROW EXECUTE FUNCTION @extschema@.screen_profile_versions_replace();

-- A change of an input makes a new version of each profile whose input's
-- content it changed (compared with the hash its current version recorded):
-- a restore, which loads each table in one statement, changes no content,
-- so it makes no version; a statement that another trigger runs is counted
-- when the statement that fired it ends.  The configuration's values are
-- checked for order.
CREATE OR REPLACE FUNCTION @extschema@.screen_config_changed() RETURNS trigger
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
    DECLARE
        r record;
    BEGIN
        -- a statement run by another trigger (the shipped-rows guard's, while
        -- a COPY is half done) waits for the statement that fired it
        IF pg_trigger_depth() > 1 THEN
            RETURN NULL;
        END IF;
        IF TG_TABLE_NAME = 'screen_config' THEN
            PERFORM @extschema@.screen_parameters_check_order(p.profile, array_agg(e.parameter ORDER BY e.parameter),
                                                              array_agg(e.value ORDER BY e.parameter))
               FROM @extschema@.screen_profiles p
               JOIN @extschema@.screen_parameters e ON e.profile = p.profile
              GROUP BY p.profile;
        END IF;
        FOR r IN
            SELECT sp.profile FROM @extschema@.screen_profiles sp
              JOIN @extschema@.screen_profile_versions v ON v.profile = sp.profile AND v.version = sp.version
             WHERE v.inputs->>TG_TABLE_NAME IS DISTINCT FROM @extschema@.screen_profile_input_hash(sp.profile, TG_TABLE_NAME)
             ORDER BY sp.profile
        LOOP
            UPDATE @extschema@.screen_profiles sp SET version = sp.version + 1 WHERE sp.profile = r.profile;
        END LOOP;
        RETURN NULL;
    END
    $$;
COMMENT ON FUNCTION @extschema@.screen_config_changed() IS 'trigger: a change of the configuration, country roles, watchlists or listed parties makes a new version of each profile whose input it changed (by content: a statement that leaves the content as it was, such as a restore, makes none); checks the order of the configuration''s thresholds';
-- (listed_parties gets the trigger in 81_parties.sql, where it is created)

-- Pins ------------------------------------------------------------------------------

CREATE FUNCTION @extschema@.screen_profile_pin(profile text, version bigint, pinned boolean DEFAULT true)
    RETURNS boolean
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    BEGIN
        UPDATE @extschema@.screen_profile_versions v SET pinned = $3
         WHERE v.profile = $1 AND v.version = $2;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'version % of scoring profile "%" is not kept', $2, $1
                USING ERRCODE = 'undefined_object',
                      HINT = 'See screen_profile_versions for the kept versions.';
        END IF;
        RETURN $3;
    END
    $$;
COMMENT ON FUNCTION @extschema@.screen_profile_pin(text, bigint, boolean) IS 'pin (or with false unpin) a kept version: a pinned version is never dropped by the retention rule and its profile cannot be deleted; returns the new pin state';
