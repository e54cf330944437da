-- upgrade/0.1.0--0.2.0/20_equalimage.sql: btree deduplication for country and route (equality is image equality).
-- Indexes built under 0.1.0 keep deduplication off until rebuilt: REINDEX them to shrink them.
ALTER OPERATOR FAMILY @extschema@.country_ops USING btree
    ADD FUNCTION 4 (@extschema@.country, @extschema@.country) btequalimage(oid);
ALTER OPERATOR FAMILY @extschema@.route_ops USING btree
    ADD FUNCTION 4 (@extschema@.route, @extschema@.route) btequalimage(oid);

