-- upgrade/0.2.0--0.3.0/77_profile_versions_existing.sql: what an upgrade adds to install/76_profile_versions.sql (created by the marker beside this file) for objects that 0.2.0 already had.

-- listed_parties existed in 0.2.0, so the upgrade gives it the trigger that a
-- fresh install creates in 81_parties.sql.
CREATE TRIGGER screen_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.listed_parties
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.screen_config_changed();

-- The profiles of 0.2.0 get their current version kept, as it scores now.
SELECT @extschema@.screen_profile_record_version(sp.profile, 'upgrade')
  FROM @extschema@.screen_profiles sp ORDER BY sp.profile;
