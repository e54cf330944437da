-- install/70_scoring.sql: route-anomaly scoring's tables: country roles, profiles and their configuration, the fitted baselines and their registry (screen_baseline_tables), the composite types and the small functions; 71 fits, 72 scores.

SELECT pg_catalog.pg_extension_config_dump('@extschema@.country_roles', 'WHERE NOT shipped');
SELECT @extschema@.shipped_rows_attach('@extschema@.country_roles');

-- Profiles: a named set of parameters, a cutoff and fitted baselines ----------

CREATE TABLE @extschema@.screen_profiles (
    profile text PRIMARY KEY,
    cutoff date NOT NULL DEFAULT '2022-02-24',
    watchlist text NOT NULL DEFAULT 'CHPL',
    description text,
    version bigint NOT NULL DEFAULT 1,
    fitted_at timestamptz,
    fitted_source text,
    fitted_rows bigint,
    rows_before_cutoff bigint,
    has_history boolean NOT NULL DEFAULT false,
    lane_prior double precision NOT NULL DEFAULT 1,
    imported boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.screen_profiles IS 'scoring profiles: the cutoff date between baseline and screened period, the watchlist used, and what screen_fit learned (version grows with every fit and every configuration change); survives pg_dump';
COMMENT ON COLUMN @extschema@.screen_profiles.cutoff IS 'first day of the screened period; trade before it is the baseline (default: the invasion of Ukraine, 24 February 2022)';
COMMENT ON COLUMN @extschema@.screen_profiles.watchlist IS 'list of the watchlists table whose tiers the watchlist indicator uses';
COMMENT ON COLUMN @extschema@.screen_profiles.version IS 'grows with every screen_fit and every change of the configuration, country roles or watchlists; scoring reloads a profile when it changes';
COMMENT ON COLUMN @extschema@.screen_profiles.has_history IS 'whether the fitted data had enough rows before the cutoff (100, and 5% of all) for the indicators that compare with the past';
COMMENT ON COLUMN @extschema@.screen_profiles.imported IS 'whether the fitted baselines came from another server (screen_profile_import) rather than a screen_fit here: an imported profile keeps the fit''s listed-party matches of lists this server does not hold; a profile fitted here drops the match of every party no longer listed';
COMMENT ON COLUMN @extschema@.screen_profiles.lane_prior IS 'monthly value below which a lane''s changes are noise: a tenth of the median active lane''s monthly level in the fitted data';

CREATE FUNCTION @extschema@.screen_parameter_known(text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'screen_parameter_known' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.screen_parameter_known(text) IS 'whether a scoring parameter exists: one of screen_default_parameters(), or tier.<tier> for the weight of a watchlist tier';

CREATE TABLE @extschema@.screen_config (
    profile text NOT NULL REFERENCES @extschema@.screen_profiles ON DELETE CASCADE ON UPDATE CASCADE,
    parameter text NOT NULL CHECK (@extschema@.screen_parameter_known(parameter)),
    value double precision NOT NULL,
    note text,
    PRIMARY KEY (profile, parameter)
);
COMMENT ON TABLE @extschema@.screen_config IS 'a profile''s parameters that differ from the defaults (screen_default_parameters()); the effective values are in the view screen_parameters; survives pg_dump';

CREATE TABLE @extschema@.screen_baseline_unit_value (
    profile text NOT NULL,
    code @extschema@.hscode NOT NULL,
    unit text NOT NULL,
    n bigint NOT NULL,
    median double precision NOT NULL,
    mad double precision NOT NULL,
    PRIMARY KEY (profile, code, unit)
);
COMMENT ON TABLE @extschema@.screen_baseline_unit_value IS 'fitted by screen_fit: median and median absolute deviation of ln(value_usd / quantity) per subheading and per heading, and unit';

CREATE TABLE @extschema@.screen_baseline_lane (
    profile text NOT NULL,
    dispatch @extschema@.country NOT NULL,
    destination @extschema@.country NOT NULL,
    heading @extschema@.hscode NOT NULL,
    before double precision NOT NULL,
    after double precision NOT NULL,
    ratio double precision NOT NULL,
    relative double precision NOT NULL,
    PRIMARY KEY (profile, dispatch, destination, heading)
);
COMMENT ON TABLE @extschema@.screen_baseline_lane IS 'fitted by screen_fit: per lane (dispatch country, destination, heading) the median monthly value in the 12 months before and after the cutoff, their smoothed ratio and that ratio over the whole dispatch->destination trade''s ratio';

CREATE TABLE @extschema@.screen_baseline_route (
    profile text NOT NULL,
    heading @extschema@.hscode NOT NULL,
    destination @extschema@.country NOT NULL,
    dispatch @extschema@.country NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (profile, heading, destination, dispatch)
);
COMMENT ON TABLE @extschema@.screen_baseline_route IS 'fitted by screen_fit: declarations before the cutoff per heading, destination and dispatch country';

CREATE TABLE @extschema@.screen_baseline_origin (
    profile text NOT NULL,
    heading @extschema@.hscode NOT NULL,
    origin @extschema@.country NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (profile, heading, origin)
);
COMMENT ON TABLE @extschema@.screen_baseline_origin IS 'fitted by screen_fit: declarations before the cutoff per heading and declared origin';

CREATE TABLE @extschema@.screen_baseline_exporter (
    profile text NOT NULL,
    exporter text NOT NULL,
    first_seen date NOT NULL,
    declarations_before bigint NOT NULL,
    PRIMARY KEY (profile, exporter)
);
COMMENT ON TABLE @extschema@.screen_baseline_exporter IS 'fitted by screen_fit: per exporter (screen_key of the name) the first declaration date and the declarations before the cutoff';

CREATE TABLE @extschema@.screen_baseline_exporter_chapter (
    profile text NOT NULL,
    exporter text NOT NULL,
    chapter smallint NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (profile, exporter, chapter)
);
COMMENT ON TABLE @extschema@.screen_baseline_exporter_chapter IS 'fitted by screen_fit: an exporter''s declarations before the cutoff per HS chapter';

CREATE TABLE @extschema@.screen_baseline_exporter_leg (
    profile text NOT NULL,
    exporter text NOT NULL,
    dispatch @extschema@.country NOT NULL,
    destination @extschema@.country NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (profile, exporter, dispatch, destination)
);
COMMENT ON TABLE @extschema@.screen_baseline_exporter_leg IS 'fitted by screen_fit: an exporter''s declarations before the cutoff per last leg (dispatch country to destination)';

CREATE TABLE @extschema@.screen_baseline_party (
    profile text NOT NULL,
    exporter text NOT NULL,
    list text NOT NULL,
    party_id text NOT NULL,
    listed_name text NOT NULL,
    matched_alias text,
    similarity double precision NOT NULL,
    matched_by text NOT NULL DEFAULT 'name',
    PRIMARY KEY (profile, exporter)
);
COMMENT ON TABLE @extschema@.screen_baseline_party IS 'fitted by screen_fit when listed_parties has rows: the fitted exporters (screen_key of the name) that match a listed party (party_best_match, with the identifiers of the exporter''s declarations when the source has exporter_id), with the party, the alias matched, the similarity and how it matched; the party indicator reads it';

-- The registry of baseline tables: the one SQL place that names them.  The
-- cascade trigger, screen_fit, export and import, pg_dump registration and the
-- grants loop over it; the cache loaders of src/score_cache.c (sc_baselines)
-- are the one C place; sql/scoring.sql checks this list names every table of the
-- extension keyed by profile.
CREATE FUNCTION @extschema@.screen_baseline_tables() RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT ARRAY['screen_baseline_unit_value', 'screen_baseline_lane', 'screen_baseline_route',
                 'screen_baseline_origin', 'screen_baseline_exporter', 'screen_baseline_exporter_chapter',
                 'screen_baseline_exporter_leg', 'screen_baseline_party']
    $$;
COMMENT ON FUNCTION @extschema@.screen_baseline_tables() IS 'the tables screen_fit fills for a profile (keyed by profile), in the extension''s schema: what the cascade trigger, screen_fit, screen_profile_export and screen_profile_import act on';

-- The baselines follow their profile (a trigger, not foreign keys: screen_fit
-- writes hundreds of thousands of rows, and a row-by-row key check would
-- dominate its time).
CREATE FUNCTION @extschema@.screen_profile_cascade() RETURNS trigger
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    DECLARE
        t text;
    BEGIN
        FOREACH t IN ARRAY @extschema@.screen_baseline_tables() LOOP
            IF TG_OP = 'DELETE' THEN
                EXECUTE format('DELETE FROM @extschema@.%I WHERE profile = $1', t) USING OLD.profile;
            ELSIF NEW.profile IS DISTINCT FROM OLD.profile THEN
                EXECUTE format('UPDATE @extschema@.%I SET profile = $1 WHERE profile = $2', t)
                    USING NEW.profile, OLD.profile;
            END IF;
        END LOOP;
        RETURN NULL;
    END
    $$;
COMMENT ON FUNCTION @extschema@.screen_profile_cascade() IS 'trigger: a deleted profile takes its baselines with it, a renamed one keeps them';
CREATE TRIGGER screen_profile_cascade AFTER DELETE OR UPDATE OF profile ON @extschema@.screen_profiles
    FOR EACH ROW EXECUTE FUNCTION @extschema@.screen_profile_cascade();

SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_profiles', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_config', '');
GRANT SELECT ON @extschema@.country_roles, @extschema@.screen_profiles, @extschema@.screen_config TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON @extschema@.country_roles, @extschema@.screen_profiles, @extschema@.screen_config
    TO @extowner@;
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY @extschema@.screen_baseline_tables() LOOP
        PERFORM pg_catalog.pg_extension_config_dump(format('@extschema@.%I', t)::regclass, '');
        EXECUTE format('GRANT SELECT ON @extschema@.%I TO PUBLIC', t);
        EXECUTE format('GRANT INSERT, UPDATE, DELETE ON @extschema@.%I TO @extowner@', t);
    END LOOP;
END
$$;

-- Any change of what scoring reads makes every profile's version grow, so
-- that sessions reload it (see screen_declaration).
CREATE FUNCTION @extschema@.screen_config_changed() RETURNS trigger
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
    BEGIN
        UPDATE @extschema@.screen_profiles SET version = version + 1;
        RETURN NULL;
    END
    $$;
COMMENT ON FUNCTION @extschema@.screen_config_changed() IS 'trigger: a change of the configuration, country roles or watchlists makes every profile''s version grow, so that scoring sessions reload it';
REVOKE ALL ON FUNCTION @extschema@.screen_config_changed() FROM PUBLIC;
CREATE TRIGGER screen_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.screen_config
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.screen_config_changed();
CREATE TRIGGER screen_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.country_roles
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.screen_config_changed();
CREATE TRIGGER screen_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.watchlists
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.screen_config_changed();
CREATE TRIGGER screen_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.watchlist_tiers
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.screen_config_changed();

-- Composite results -------------------------------------------------------

CREATE TYPE @extschema@.screening AS (
    score double precision,
    level text,
    reasons jsonb,
    fired text[],
    profile text,
    profile_version bigint
);
COMMENT ON TYPE @extschema@.screening IS 'result of screen_declaration: score in [0, 1], level (none, low, medium, high), reasons (one jsonb object per indicator that fired: indicator, weight, strength, exposure, contribution, evidence), the names of the indicators that fired, and the profile and version used';

CREATE TYPE @extschema@.lane_change_result AS (
    score double precision,
    before_level double precision,
    after_level double precision,
    ratio double precision,
    change double precision,
    months_before_active integer,
    months_after_active integer
);
COMMENT ON TYPE @extschema@.lane_change_result IS 'result of lane_change: surge score (>= 0), median monthly level before and after the cutoff, smoothed ratio, change of level, and months with trade on each side';

CREATE TYPE @extschema@.robust_summary AS (
    n bigint,
    median double precision,
    mad double precision
);
COMMENT ON TYPE @extschema@.robust_summary IS 'result of robust_stats: count, median and median absolute deviation';

-- Functions ----------------------------------------------------------------

CREATE FUNCTION @extschema@.route_dispatch(@extschema@.route) RETURNS @extschema@.country
    AS 'MODULE_PATHNAME', 'route_dispatch' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.route_dispatch(@extschema@.route) IS 'dispatch country of a route: the one before the destination; NULL for a one-country route';

CREATE FUNCTION @extschema@.screen_key(text) RETURNS text
    AS 'MODULE_PATHNAME', 'screen_key' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.screen_key(text) IS 'the key scoring groups units and exporter names by: white space trimmed and collapsed, ASCII letters in lower case; NULL for an empty string';

CREATE FUNCTION @extschema@.unit_normalize(text) RETURNS text
    AS 'MODULE_PATHNAME', 'unit_normalize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.unit_normalize(text) IS 'the standard code of a declared unit (UN/ECE Recommendation 20 and customs spellings: u, pcs, pc, NAR, p/st, шт -> u; kg, kgs, KGM, кг, g, t -> kg; l, ltr -> l; m2, MTK -> m2; ...); an unknown unit is its screen_key; NULL for a blank one. screen_fit and scoring compare unit values in these codes';

CREATE FUNCTION @extschema@.unit_factor(text) RETURNS double precision
    AS 'MODULE_PATHNAME', 'unit_factor' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.unit_factor(text) IS 'what one of the declared unit is in its standard code (unit_normalize): g 0.001 (kg), t 1000 (kg), 1000 p/st 1000 (u), 1 for a standard or unknown unit';

CREATE FUNCTION @extschema@.screen_exporter_key(text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    -- (PL/pgSQL: name_key is created later in the install script)
    AS $$ BEGIN RETURN coalesce(nullif(@extschema@.name_key($1), ''), @extschema@.screen_key($1)); END $$;
COMMENT ON FUNCTION @extschema@.screen_exporter_key(text) IS 'the key trader baselines group an exporter by: its name_key (script, case, quotes and legal-form spelling folded), or its screen_key when name_key leaves nothing; screen_declaration keys the exporter it is given the same way';

CREATE FUNCTION @extschema@.screen_default_parameters(OUT parameter text, OUT value double precision)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'screen_default_parameters' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 40;
COMMENT ON FUNCTION @extschema@.screen_default_parameters() IS 'every scoring parameter with its built-in default (weights, exposures, thresholds, levels); screen_config overrides them per profile';

CREATE VIEW @extschema@.screen_parameters AS
    SELECT p.profile, d.parameter, coalesce(c.value, d.value) AS value,
           c.value IS NOT NULL AS configured, d.value AS default_value, c.note
      FROM @extschema@.screen_profiles p
     CROSS JOIN @extschema@.screen_default_parameters() d
      LEFT JOIN @extschema@.screen_config c ON c.profile = p.profile AND c.parameter = d.parameter;
COMMENT ON VIEW @extschema@.screen_parameters IS 'the effective scoring parameters of every profile: its screen_config row where there is one, the built-in default otherwise';
GRANT SELECT ON @extschema@.screen_parameters TO PUBLIC;

CREATE FUNCTION @extschema@.screen_profile_create(profile text, copy_from text DEFAULT NULL,
        cutoff date DEFAULT '2022-02-24', watchlist text DEFAULT 'CHPL')
    RETURNS text
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    BEGIN
        IF copy_from IS NOT NULL AND NOT EXISTS (SELECT FROM @extschema@.screen_profiles p WHERE p.profile = copy_from) THEN
            RAISE EXCEPTION 'scoring profile "%" does not exist', copy_from
                USING ERRCODE = 'undefined_object', HINT = 'See the screen_profiles table.';
        END IF;
        INSERT INTO @extschema@.screen_profiles (profile, cutoff, watchlist, description)
        SELECT $1, coalesce(p.cutoff, $3), coalesce(p.watchlist, $4), p.description
          FROM (SELECT 1) one
          LEFT JOIN @extschema@.screen_profiles p ON p.profile = copy_from;
        INSERT INTO @extschema@.screen_config (profile, parameter, value, note)
        SELECT $1, c.parameter, c.value, c.note FROM @extschema@.screen_config c WHERE c.profile = copy_from;
        RETURN $1;
    END
    $$;
COMMENT ON FUNCTION @extschema@.screen_profile_create(text, text, date, text) IS 'create a scoring profile, with the cutoff, watchlist and parameters of copy_from when given; fit it with screen_fit';

