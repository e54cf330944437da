-- upgrade/0.2.0--0.3.0/70_scoring.sql: the registry of baseline tables (screen_baseline_tables), which the cascade trigger now loops over; unit_normalize, unit_factor and screen_exporter_key.

CREATE FUNCTION @extschema@.screen_baseline_tables() RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT ARRAY['screen_baseline_unit_value', 'screen_baseline_lane', 'screen_baseline_route',
                 'screen_baseline_origin', 'screen_baseline_exporter', 'screen_baseline_exporter_chapter',
                 'screen_baseline_exporter_leg', 'screen_baseline_party']
    $$;
COMMENT ON FUNCTION @extschema@.screen_baseline_tables() IS 'the tables screen_fit fills for a profile (keyed by profile), in the extension''s schema: what the cascade trigger, screen_fit, screen_profile_export and screen_profile_import act on';

CREATE OR REPLACE FUNCTION @extschema@.screen_profile_cascade() RETURNS trigger
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

-- Whether a profile's baselines came from another server: an imported profile
-- keeps the fit's listed-party matches of lists this server does not hold, a
-- profile fitted here drops the match of every party no longer listed.
ALTER TABLE @extschema@.screen_profiles ADD COLUMN imported boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN @extschema@.screen_profiles.imported IS 'whether the fitted baselines came from another server (screen_profile_import) rather than a screen_fit here: an imported profile keeps the fit''s listed-party matches of lists this server does not hold; a profile fitted here drops the match of every party no longer listed';
-- 0.2.0 did not record it: a profile whose fitted matches name a list this
-- server does not hold was imported (a shard's copy), as the matches were
-- then read.
UPDATE @extschema@.screen_profiles sp SET imported = true
 WHERE EXISTS (SELECT FROM @extschema@.screen_baseline_party b
                WHERE b.profile = sp.profile
                  AND NOT EXISTS (SELECT FROM @extschema@.listed_parties l WHERE l.list = b.list));
