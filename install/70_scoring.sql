-- install/70_scoring.sql: route-anomaly scoring: country roles, profiles and their configuration, fitted baselines, screen_fit, screen_declaration and lane_change.

-- Roles of countries, with validity dates and sources -------------------------

CREATE TABLE @extschema@.country_roles (
    role text NOT NULL CHECK (role IN ('coalition', 'sanctioned', 'hub')),
    country @extschema@.country NOT NULL,
    valid_from date NOT NULL,
    valid_to date,
    source text NOT NULL,
    shipped boolean NOT NULL DEFAULT false,
    PRIMARY KEY (role, country, valid_from),
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);
COMMENT ON TABLE @extschema@.country_roles IS 'roles of countries in sanctions screening, with validity dates and sources: coalition (the sanctioning coalition), sanctioned (sanctioned destinations), hub (transshipment countries of the FinCEN/BIS alerts). A shipped reference table: your edits of shipped rows become your rows and survive pg_dump and upgrades; rows of your own for a (role, country) replace the shipped rows of that pair in scoring';
COMMENT ON COLUMN @extschema@.country_roles.role IS 'coalition, sanctioned or hub';
COMMENT ON COLUMN @extschema@.country_roles.valid_from IS 'first day the role holds';
COMMENT ON COLUMN @extschema@.country_roles.valid_to IS 'first day the role no longer holds; NULL while it does';
COMMENT ON COLUMN @extschema@.country_roles.source IS 'the legal act or alert the role comes from';
COMMENT ON COLUMN @extschema@.country_roles.shipped IS 'true for rows installed by the extension; pg_dump saves only the others (see shipped_row_edits), and in scoring a row of your own for a (role, country) replaces the shipped ones';

INSERT INTO @extschema@.country_roles (role, country, valid_from, valid_to, source, shipped) VALUES
    ('coalition', 'AT', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'BE', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'BG', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'HR', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'CY', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'CZ', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'DK', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'EE', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'FI', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'FR', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'DE', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'GR', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'HU', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'IE', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'IT', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'LV', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'LT', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'LU', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'MT', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'NL', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'PL', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'PT', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'RO', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'SK', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'SI', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'ES', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'SE', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'US', '2022-02-24', NULL, 'US BIS final rule 87 FR 12226, Russia export controls, effective 24 February 2022', true),
    ('coalition', 'GB', '2022-03-01', NULL, 'UK Russia (Sanctions) (EU Exit) (Amendment) (No. 3) Regulations 2022 (export controls), in force 1 March 2022', true),
    ('coalition', 'JP', '2022-03-18', NULL, 'Japan METI export controls on Russia under the Foreign Exchange and Foreign Trade Act, from 18 March 2022', true),
    ('coalition', 'KR', '2022-03-02', NULL, 'Republic of Korea MOTIE export controls on Russia (strategic items), announced 28 February 2022', true),
    ('coalition', 'CA', '2022-02-24', NULL, 'Canada Special Economic Measures (Russia) Regulations amendments and export permit denials, 24 February 2022', true),
    ('coalition', 'AU', '2022-02-25', NULL, 'Australia Autonomous Sanctions (Russia) measures of 25 February 2022 and later export bans', true),
    ('coalition', 'NZ', '2022-03-09', NULL, 'New Zealand Russia Sanctions Act 2022, in force 9 March 2022', true),
    ('coalition', 'NO', '2022-03-18', NULL, 'Norway alignment with the EU Russia export restrictions, regulation of 18 March 2022', true),
    ('coalition', 'CH', '2022-02-28', NULL, 'Switzerland Ordinance on measures in connection with the situation in Ukraine (SR 946.231.176.72), adoption of EU sanctions 28 February 2022', true),
    ('sanctioned', 'RU', '2022-02-24', NULL, 'EU Regulation (EU) 2022/328 and US BIS 87 FR 12226: export bans on listed goods to Russia from the invasion of Ukraine, 24 February 2022', true),
    ('sanctioned', 'BY', '2022-03-02', NULL, 'EU Council Regulation (EU) 2022/355 and US BIS 87 FR 13048: the Russia export bans extended to Belarus, 2 March 2022', true),
    ('hub', 'AM', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'BR', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'CN', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'GE', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'IN', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'IL', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'KZ', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'KG', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'MX', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'NI', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'RS', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'SG', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'ZA', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'TW', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'TJ', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'TR', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'AE', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'UZ', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'HK', '2022-02-24', NULL, 'FinCEN and BIS supplemental joint alert FIN-2023-Alert004 of 19 May 2023, which added Hong Kong and Macau as transshipment points', true),
    ('hub', 'MO', '2022-02-24', NULL, 'FinCEN and BIS supplemental joint alert FIN-2023-Alert004 of 19 May 2023, which added Hong Kong and Macau as transshipment points', true);
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
    lane_prior double precision NOT NULL DEFAULT 1
);
COMMENT ON TABLE @extschema@.screen_profiles IS 'scoring profiles: the cutoff date between baseline and screened period, the watchlist used, and what screen_fit learned (version grows with every fit and every configuration change); survives pg_dump';
COMMENT ON COLUMN @extschema@.screen_profiles.cutoff IS 'first day of the screened period; trade before it is the baseline (default: the invasion of Ukraine, 24 February 2022)';
COMMENT ON COLUMN @extschema@.screen_profiles.watchlist IS 'list of the watchlists table whose tiers the watchlist indicator uses';
COMMENT ON COLUMN @extschema@.screen_profiles.version IS 'grows with every screen_fit and every change of the configuration, country roles or watchlists; scoring reloads a profile when it changes';
COMMENT ON COLUMN @extschema@.screen_profiles.has_history IS 'whether the fitted data had enough rows before the cutoff (100, and 5% of all) for the indicators that compare with the past';
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

-- The baselines follow their profile (a trigger, not foreign keys: screen_fit
-- writes hundreds of thousands of rows, and a row-by-row key check would
-- dominate its time).
CREATE FUNCTION @extschema@.screen_profile_cascade() RETURNS trigger
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM @extschema@.screen_baseline_unit_value WHERE profile = OLD.profile;
            DELETE FROM @extschema@.screen_baseline_lane WHERE profile = OLD.profile;
            DELETE FROM @extschema@.screen_baseline_route WHERE profile = OLD.profile;
            DELETE FROM @extschema@.screen_baseline_origin WHERE profile = OLD.profile;
            DELETE FROM @extschema@.screen_baseline_exporter WHERE profile = OLD.profile;
            DELETE FROM @extschema@.screen_baseline_exporter_chapter WHERE profile = OLD.profile;
            DELETE FROM @extschema@.screen_baseline_exporter_leg WHERE profile = OLD.profile;
            DELETE FROM @extschema@.screen_baseline_party WHERE profile = OLD.profile;
        ELSIF NEW.profile IS DISTINCT FROM OLD.profile THEN
            UPDATE @extschema@.screen_baseline_unit_value SET profile = NEW.profile WHERE profile = OLD.profile;
            UPDATE @extschema@.screen_baseline_lane SET profile = NEW.profile WHERE profile = OLD.profile;
            UPDATE @extschema@.screen_baseline_route SET profile = NEW.profile WHERE profile = OLD.profile;
            UPDATE @extschema@.screen_baseline_origin SET profile = NEW.profile WHERE profile = OLD.profile;
            UPDATE @extschema@.screen_baseline_exporter SET profile = NEW.profile WHERE profile = OLD.profile;
            UPDATE @extschema@.screen_baseline_exporter_chapter SET profile = NEW.profile WHERE profile = OLD.profile;
            UPDATE @extschema@.screen_baseline_exporter_leg SET profile = NEW.profile WHERE profile = OLD.profile;
            UPDATE @extschema@.screen_baseline_party SET profile = NEW.profile WHERE profile = OLD.profile;
        END IF;
        RETURN NULL;
    END
    $$;
COMMENT ON FUNCTION @extschema@.screen_profile_cascade() IS 'trigger: a deleted profile takes its baselines with it, a renamed one keeps them';
CREATE TRIGGER screen_profile_cascade AFTER DELETE OR UPDATE OF profile ON @extschema@.screen_profiles
    FOR EACH ROW EXECUTE FUNCTION @extschema@.screen_profile_cascade();

SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_profiles', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_config', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_baseline_unit_value', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_baseline_lane', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_baseline_route', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_baseline_origin', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_baseline_exporter', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_baseline_exporter_chapter', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_baseline_exporter_leg', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_baseline_party', '');

GRANT SELECT ON @extschema@.country_roles, @extschema@.screen_profiles, @extschema@.screen_config,
    @extschema@.screen_baseline_unit_value, @extschema@.screen_baseline_lane, @extschema@.screen_baseline_route,
    @extschema@.screen_baseline_origin, @extschema@.screen_baseline_exporter,
    @extschema@.screen_baseline_exporter_chapter, @extschema@.screen_baseline_exporter_leg,
    @extschema@.screen_baseline_party TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON @extschema@.country_roles, @extschema@.screen_profiles, @extschema@.screen_config,
    @extschema@.screen_baseline_unit_value, @extschema@.screen_baseline_lane, @extschema@.screen_baseline_route,
    @extschema@.screen_baseline_origin, @extschema@.screen_baseline_exporter,
    @extschema@.screen_baseline_exporter_chapter, @extschema@.screen_baseline_exporter_leg,
    @extschema@.screen_baseline_party TO @extowner@;

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
                      '@extschema@.screen_key(s.unit::text) AS unit, @extschema@.screen_key(s.exporter::text) AS exporter, '
                      '@extschema@.route_dispatch(s.route) AS dispatch, @extschema@.route_destination(s.route) AS dest FROM %s s)', source);

        -- Three parallel aggregate passes over the source, into temporary
        -- tables (INSERT ... SELECT never runs in parallel): unit values; lanes
        -- by month; and a cube of the pre-cutoff facts that the route, origin
        -- and exporter baselines are summed from.  Then the profile's rows are
        -- replaced in this one transaction.
        EXECUTE format('CREATE TEMP TABLE _ts_fit_uv ON COMMIT DROP AS '
                       'SELECT g.code, g.unit, (g.s).n, (g.s).median, (g.s).mad FROM ('
                       '  SELECT @extschema@.hs_truncate(d.hs, l.digits) AS code, d.unit, @extschema@.robust_stats(ln(d.v / d.q)) AS s'
                       '    FROM %s d CROSS JOIN (VALUES (4), (6)) l(digits)'
                       '   WHERE d.v > 0 AND d.q > 0 AND d.unit IS NOT NULL AND @extschema@.hs_ndigits(d.hs) >= l.digits'
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
        SELECT m.dispatch, m.dest, m.heading, @extschema@.lane_change(m.month, m.v, cut, 12, 1) AS c
          FROM _ts_fit_month m GROUP BY 1, 2, 3;
        CREATE TEMP TABLE _ts_fit_pair ON COMMIT DROP AS
        SELECT m.dispatch, m.dest, @extschema@.lane_change(m.month, m.v, cut, 12, 1) AS c
          FROM _ts_fit_month m GROUP BY 1, 2;
        CREATE TEMP TABLE _ts_fit_route ON COMMIT DROP AS
        SELECT c.heading, c.dest, c.dispatch, sum(c.n)::bigint AS n
          FROM _ts_fit_cube c WHERE c.before AND c.dispatch IS NOT NULL AND c.heading IS NOT NULL GROUP BY 1, 2, 3;
        CREATE TEMP TABLE _ts_fit_origin ON COMMIT DROP AS
        SELECT c.heading, c.origin, sum(c.n)::bigint AS n
          FROM _ts_fit_cube c WHERE c.before AND c.origin IS NOT NULL AND c.heading IS NOT NULL GROUP BY 1, 2;
        CREATE TEMP TABLE _ts_fit_exporter ON COMMIT DROP AS
        SELECT c.exporter, min(c.first_seen) AS first_seen, coalesce(sum(c.n) FILTER (WHERE c.before), 0)::bigint AS n
          FROM _ts_fit_cube c WHERE c.exporter IS NOT NULL AND c.first_seen IS NOT NULL GROUP BY 1;
        CREATE TEMP TABLE _ts_fit_exporter_chapter ON COMMIT DROP AS
        SELECT c.exporter, c.chapter, sum(c.n)::bigint AS n
          FROM _ts_fit_cube c WHERE c.before AND c.exporter IS NOT NULL AND c.chapter IS NOT NULL GROUP BY 1, 2;
        CREATE TEMP TABLE _ts_fit_exporter_leg ON COMMIT DROP AS
        SELECT c.exporter, c.dispatch, c.dest, sum(c.n)::bigint AS n
          FROM _ts_fit_cube c WHERE c.before AND c.exporter IS NOT NULL AND c.dispatch IS NOT NULL GROUP BY 1, 2, 3;
        ANALYZE _ts_fit_lane, _ts_fit_pair;
        RAISE DEBUG 'screen_fit: % after % ms', 'derived baselines', round(extract(epoch FROM clock_timestamp() - started) * 1000);

        -- the lane prior
        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY greatest((l.c).before_level, (l.c).after_level))
          INTO prior FROM _ts_fit_lane l WHERE greatest((l.c).before_level, (l.c).after_level) > 0;
        -- a tenth of the median trading lane's level: a lane rising from nothing to
        -- a typical size is a large surge; changes below it are noise
        prior := coalesce(prior / 10, 1);

        DELETE FROM @extschema@.screen_baseline_unit_value b WHERE b.profile = p;
        DELETE FROM @extschema@.screen_baseline_lane b WHERE b.profile = p;
        DELETE FROM @extschema@.screen_baseline_route b WHERE b.profile = p;
        DELETE FROM @extschema@.screen_baseline_origin b WHERE b.profile = p;
        DELETE FROM @extschema@.screen_baseline_exporter b WHERE b.profile = p;
        DELETE FROM @extschema@.screen_baseline_exporter_chapter b WHERE b.profile = p;
        DELETE FROM @extschema@.screen_baseline_exporter_leg b WHERE b.profile = p;
        DELETE FROM @extschema@.screen_baseline_party b WHERE b.profile = p;
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
            CREATE TEMP TABLE _ts_fit_exporter_ids (exporter text PRIMARY KEY, ids text[]) ON COMMIT DROP;
            IF has_ids THEN
                EXECUTE format('INSERT INTO _ts_fit_exporter_ids '
                               'SELECT @extschema@.screen_key(s.exporter::text), '
                               '       array_agg(DISTINCT @extschema@.ident_normalize(s.exporter_id::text)) '
                               '  FROM %s s WHERE @extschema@.screen_key(s.exporter::text) IS NOT NULL '
                               '   AND @extschema@.ident_normalize(s.exporter_id::text) IS NOT NULL GROUP BY 1', source);
            END IF;
            INSERT INTO @extschema@.screen_baseline_party
            SELECT p, e.exporter, m.list, m.party_id, m.listed_name, m.matched_alias, m.similarity, m.matched_by
              FROM _ts_fit_exporter e
              LEFT JOIN _ts_fit_exporter_ids i ON i.exporter = e.exporter
             CROSS JOIN LATERAL (
                   SELECT b.*
                     FROM unnest(coalesce(i.ids, ARRAY[NULL::text])) AS x(id)
                    CROSS JOIN LATERAL @extschema@.party_best_match(e.exporter, NULL, NULL, x.id) b
                    ORDER BY b.similarity DESC, b.matched_by = 'identifier' DESC, b.list, b.party_id
                    LIMIT 1) m;
            DROP TABLE _ts_fit_exporter_ids;
        END IF;
        RAISE DEBUG 'screen_fit: % after % ms', 'all baselines stored', round(extract(epoch FROM clock_timestamp() - started) * 1000);

        UPDATE @extschema@.screen_profiles sp
           SET version = sp.version + 1, fitted_at = now(), fitted_source = source::text,
               fitted_rows = screen_fit.fitted_rows, rows_before_cutoff = screen_fit.rows_before_cutoff,
               has_history = screen_fit.has_history, lane_prior = prior
         WHERE sp.profile = p
        RETURNING sp.version INTO version;

        DROP TABLE _ts_fit_uv, _ts_fit_month, _ts_fit_cube, _ts_fit_lane, _ts_fit_pair, _ts_fit_route,
                   _ts_fit_origin, _ts_fit_exporter, _ts_fit_exporter_chapter, _ts_fit_exporter_leg;
        fitted_profile := p;
        seconds := extract(epoch FROM clock_timestamp() - started);
    END
    $fit$;
COMMENT ON FUNCTION @extschema@.screen_fit(regclass, text) IS 'learn a profile''s baselines (unit values, lanes, routes, origins, exporters) from a table or view of declarations, replacing the profile''s old ones atomically; creates the profile if needed; returns a summary';

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
    $$;
COMMENT ON FUNCTION @extschema@.screen_profile_inputs(text) IS 'what scoring reads besides a profile''s own rows: the entries and tiers of its watchlist and the country roles in effect, as (part, data) rows; screen_profile_export includes them and screen_profile_import checks that they are the same on the importing server';

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
        SELECT 'screen_profiles', to_jsonb(sp) FROM @extschema@.screen_profiles sp WHERE sp.profile = p;
        -- the profile's rows in every table of the extension keyed by profile
        -- (its configuration and each baseline screen_fit fills), without the
        -- key, so that an import may rename the profile
        FOR t IN
            SELECT c.relname FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
             WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_extension'::regclass
               AND d.refobjid = (SELECT e.oid FROM pg_extension e WHERE e.extname = 'trade_screen')
               AND d.deptype = 'e' AND c.relkind = 'r' AND c.relname <> 'screen_profiles'
               AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'profile'
                                                        AND a.attnum > 0 AND NOT a.attisdropped)
             ORDER BY c.relname COLLATE "C"
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

        -- the tables keyed by profile, as screen_profile_export finds them
        SELECT array_agg(c.relname::text ORDER BY c.relname COLLATE "C") INTO tables
          FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
         WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_extension'::regclass
           AND d.refobjid = (SELECT e.oid FROM pg_extension e WHERE e.extname = 'trade_screen')
           AND d.deptype = 'e' AND c.relkind = 'r' AND c.relname <> 'screen_profiles'
           AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'profile'
                                                    AND a.attnum > 0 AND NOT a.attisdropped);
        SELECT string_agg(DISTINCT i.part, ', ') INTO differing FROM _ts_import i
         WHERE i.part IS NULL OR NOT (i.part = ANY (tables || ARRAY['header', 'screen_profiles', 'watchlists', 'watchlist_tiers', 'country_roles']));
        IF differing IS NOT NULL THEN
            RAISE EXCEPTION '% holds rows of unknown parts: %', source, differing USING ERRCODE = 'invalid_parameter_value';
        END IF;

        -- scoring also reads the watchlist and the country roles: they must be
        -- the same here as where the profile was fitted
        SELECT string_agg(DISTINCT x.part, ', ' ORDER BY x.part) INTO differing FROM (
            (SELECT i.part, i.data FROM _ts_import i WHERE i.part IN ('watchlists', 'watchlist_tiers', 'country_roles')
             EXCEPT ALL SELECT l.part, l.data FROM @extschema@.screen_profile_inputs(prof->>'watchlist') l)
            UNION ALL
            (SELECT l.part, l.data FROM @extschema@.screen_profile_inputs(prof->>'watchlist') l
             EXCEPT ALL SELECT i.part, i.data FROM _ts_import i WHERE i.part IN ('watchlists', 'watchlist_tiers', 'country_roles'))) x;
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
            INTO version USING prof, p;
        DROP TABLE _ts_import;
        imported_profile := p;
    END
    $import$;
COMMENT ON FUNCTION @extschema@.screen_profile_import(regclass, text) IS 'rebuild a profile from the rows of screen_profile_export (a table or foreign table with part and data columns), under its own name or the one given, replacing the profile''s rows here atomically; the profile row, version included, becomes the exported one; refuses an export of another extension version, or one made with other watchlist entries or country roles than this server has';

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
                       @extschema@.lane_change(c.month, c.v, $1, $2, $3) AS hub,
                       @extschema@.lane_change(c.month, c.other, $1, $2, $3) AS other
                  FROM cells c
                 GROUP BY 1, 2
            ), tgt AS (
                SELECT m.heading, @extschema@.lane_change(m.month, m.v, $1, $2, $3) AS c
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
