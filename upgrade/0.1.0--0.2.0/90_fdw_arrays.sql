-- upgrade/0.1.0--0.2.0/90_fdw_arrays.sql: the array types of the extension's types join the extension, as install/90_fdw_arrays.sql makes them.

-- PostgreSQL makes an array type depend on its element
-- type only, and postgres_fdw ships a constant, parameter or expression to a
-- foreign server only when its type is built in or belongs to an extension
-- named in the server's "extensions" option: without these lines
-- destination IN ('RU', 'BY') (a country[] constant) and route ?| '{KZ,KG}'
-- stay on the coordinator and every row of the shards crosses the network.
ALTER EXTENSION trade_screen ADD TYPE @extschema@._hscode;
ALTER EXTENSION trade_screen ADD TYPE @extschema@._hsset;
ALTER EXTENSION trade_screen ADD TYPE @extschema@._country;
ALTER EXTENSION trade_screen ADD TYPE @extschema@._route;
COMMENT ON TYPE @extschema@._hscode IS 'array of hscode; a member of the extension so that postgres_fdw ships its values';
COMMENT ON TYPE @extschema@._hsset IS 'array of hsset; a member of the extension so that postgres_fdw ships its values';
COMMENT ON TYPE @extschema@._country IS 'array of country; a member of the extension so that postgres_fdw ships its values';
COMMENT ON TYPE @extschema@._route IS 'array of route; a member of the extension so that postgres_fdw ships its values';
