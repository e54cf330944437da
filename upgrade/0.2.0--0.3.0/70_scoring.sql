-- upgrade/0.2.0--0.3.0/70_scoring.sql: the registry of baseline tables (screen_baseline_tables), which the cascade trigger now loops over.

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
