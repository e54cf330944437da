-- install/60_route.sql: the route type (countries origin first), its operators, opclasses and functions.

CREATE TYPE @extschema@.route;

CREATE FUNCTION @extschema@.route_in(cstring) RETURNS @extschema@.route
    AS 'MODULE_PATHNAME', 'route_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.route_out(@extschema@.route) RETURNS cstring
    AS 'MODULE_PATHNAME', 'route_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.route_recv(internal) RETURNS @extschema@.route
    AS 'MODULE_PATHNAME', 'route_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.route_send(@extschema@.route) RETURNS bytea
    AS 'MODULE_PATHNAME', 'route_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.route (
    INPUT = @extschema@.route_in,
    OUTPUT = @extschema@.route_out,
    RECEIVE = @extschema@.route_recv,
    SEND = @extschema@.route_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = int4,
    STORAGE = main,
    CATEGORY = 'U'
);
COMMENT ON TYPE @extschema@.route IS 'ordered list of 1 to 32 countries, origin first, destination last (DE>PL>KZ>RU), stored in 2 bytes per country';

COMMENT ON FUNCTION @extschema@.route_in(cstring) IS 'text input of route: country codes separated by ">", "->", "-" or an arrow';
COMMENT ON FUNCTION @extschema@.route_out(@extschema@.route) IS 'text output of route: alpha-2 codes joined by ">"';
COMMENT ON FUNCTION @extschema@.route_recv(internal) IS 'binary input of route: the route as text, validated as text input is';
COMMENT ON FUNCTION @extschema@.route_send(@extschema@.route) IS 'binary output of route: its canonical text';

CREATE FUNCTION @extschema@.route_eq(@extschema@.route, @extschema@.route) RETURNS boolean
    AS 'MODULE_PATHNAME', 'route_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.route_ne(@extschema@.route, @extschema@.route) RETURNS boolean
    AS 'MODULE_PATHNAME', 'route_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.route_lt(@extschema@.route, @extschema@.route) RETURNS boolean
    AS 'MODULE_PATHNAME', 'route_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.route_le(@extschema@.route, @extschema@.route) RETURNS boolean
    AS 'MODULE_PATHNAME', 'route_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.route_gt(@extschema@.route, @extschema@.route) RETURNS boolean
    AS 'MODULE_PATHNAME', 'route_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.route_ge(@extschema@.route, @extschema@.route) RETURNS boolean
    AS 'MODULE_PATHNAME', 'route_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.route_cmp(@extschema@.route, @extschema@.route) RETURNS integer
    AS 'MODULE_PATHNAME', 'route_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.route_hash(@extschema@.route) RETURNS integer
    AS 'MODULE_PATHNAME', 'route_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.route_hash_extended(@extschema@.route, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'route_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.route_eq(@extschema@.route, @extschema@.route) IS 'implementation of = on route';
COMMENT ON FUNCTION @extschema@.route_ne(@extschema@.route, @extschema@.route) IS 'implementation of <> on route';
COMMENT ON FUNCTION @extschema@.route_lt(@extschema@.route, @extschema@.route) IS 'implementation of < on route';
COMMENT ON FUNCTION @extschema@.route_le(@extschema@.route, @extschema@.route) IS 'implementation of <= on route';
COMMENT ON FUNCTION @extschema@.route_gt(@extschema@.route, @extschema@.route) IS 'implementation of > on route';
COMMENT ON FUNCTION @extschema@.route_ge(@extschema@.route, @extschema@.route) IS 'implementation of >= on route';
COMMENT ON FUNCTION @extschema@.route_cmp(@extschema@.route, @extschema@.route) IS 'btree comparison of route: country by country, a prefix first';
COMMENT ON FUNCTION @extschema@.route_hash(@extschema@.route) IS 'hash of route';
COMMENT ON FUNCTION @extschema@.route_hash_extended(@extschema@.route, bigint) IS 'seeded 64-bit hash of route, for hash partitioning';

CREATE OPERATOR @extschema@.= (
    LEFTARG = @extschema@.route, RIGHTARG = @extschema@.route,
    FUNCTION = @extschema@.route_eq, COMMUTATOR = OPERATOR(@extschema@.=),
    NEGATOR = OPERATOR(@extschema@.<>), RESTRICT = eqsel, JOIN = eqjoinsel,
    HASHES, MERGES
);
CREATE OPERATOR @extschema@.<> (
    LEFTARG = @extschema@.route, RIGHTARG = @extschema@.route,
    FUNCTION = @extschema@.route_ne, COMMUTATOR = OPERATOR(@extschema@.<>),
    NEGATOR = OPERATOR(@extschema@.=), RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR @extschema@.< (
    LEFTARG = @extschema@.route, RIGHTARG = @extschema@.route,
    FUNCTION = @extschema@.route_lt, COMMUTATOR = OPERATOR(@extschema@.>),
    NEGATOR = OPERATOR(@extschema@.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR @extschema@.<= (
    LEFTARG = @extschema@.route, RIGHTARG = @extschema@.route,
    FUNCTION = @extschema@.route_le, COMMUTATOR = OPERATOR(@extschema@.>=),
    NEGATOR = OPERATOR(@extschema@.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR @extschema@.> (
    LEFTARG = @extschema@.route, RIGHTARG = @extschema@.route,
    FUNCTION = @extschema@.route_gt, COMMUTATOR = OPERATOR(@extschema@.<),
    NEGATOR = OPERATOR(@extschema@.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR @extschema@.>= (
    LEFTARG = @extschema@.route, RIGHTARG = @extschema@.route,
    FUNCTION = @extschema@.route_ge, COMMUTATOR = OPERATOR(@extschema@.<=),
    NEGATOR = OPERATOR(@extschema@.<), RESTRICT = scalargesel, JOIN = scalargejoinsel
);
COMMENT ON OPERATOR @extschema@.= (@extschema@.route, @extschema@.route) IS 'same countries in the same order';
COMMENT ON OPERATOR @extschema@.<> (@extschema@.route, @extschema@.route) IS 'different routes';
COMMENT ON OPERATOR @extschema@.< (@extschema@.route, @extschema@.route) IS 'sorts before, country by country';
COMMENT ON OPERATOR @extschema@.<= (@extschema@.route, @extschema@.route) IS 'sorts before or equal, country by country';
COMMENT ON OPERATOR @extschema@.> (@extschema@.route, @extschema@.route) IS 'sorts after, country by country';
COMMENT ON OPERATOR @extschema@.>= (@extschema@.route, @extschema@.route) IS 'sorts after or equal, country by country';

CREATE OPERATOR CLASS @extschema@.route_ops
    DEFAULT FOR TYPE @extschema@.route USING btree AS
        OPERATOR 1 @extschema@.< ,
        OPERATOR 2 @extschema@.<= ,
        OPERATOR 3 @extschema@.= ,
        OPERATOR 4 @extschema@.>= ,
        OPERATOR 5 @extschema@.> ,
        FUNCTION 1 @extschema@.route_cmp(@extschema@.route, @extschema@.route),
        FUNCTION 4 btequalimage(oid);
COMMENT ON OPERATOR CLASS @extschema@.route_ops USING btree IS 'order of routes country by country, each route right before the routes it starts';

CREATE OPERATOR CLASS @extschema@.route_hash_ops
    DEFAULT FOR TYPE @extschema@.route USING hash AS
        OPERATOR 1 @extschema@.= ,
        FUNCTION 1 @extschema@.route_hash(@extschema@.route),
        FUNCTION 2 @extschema@.route_hash_extended(@extschema@.route, bigint);
COMMENT ON OPERATOR CLASS @extschema@.route_hash_ops USING hash IS 'hashing of route, for hash joins, hash aggregation and hash partitioning';

-- visiting countries, containing sub-routes
CREATE FUNCTION @extschema@.route_visits(@extschema@.route, @extschema@.country) RETURNS boolean
    AS 'MODULE_PATHNAME', 'route_visits' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.route_visited_by(@extschema@.country, @extschema@.route) RETURNS boolean
    AS 'MODULE_PATHNAME', 'route_visited_by' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.route_visits_any(@extschema@.route, @extschema@.country[]) RETURNS boolean
    AS 'MODULE_PATHNAME', 'route_visits_any' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.route_visits_all(@extschema@.route, @extschema@.country[]) RETURNS boolean
    AS 'MODULE_PATHNAME', 'route_visits_all' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.route_contains(@extschema@.route, @extschema@.route) RETURNS boolean
    AS 'MODULE_PATHNAME', 'route_contains' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.route_contained(@extschema@.route, @extschema@.route) RETURNS boolean
    AS 'MODULE_PATHNAME', 'route_contained' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.route_visits(@extschema@.route, @extschema@.country) IS 'implementation of route @> country: the route passes through the country';
COMMENT ON FUNCTION @extschema@.route_visited_by(@extschema@.country, @extschema@.route) IS 'implementation of country <@ route';
COMMENT ON FUNCTION @extschema@.route_visits_any(@extschema@.route, @extschema@.country[]) IS 'implementation of route ?| country[]: the route passes through any of the countries (NULL elements ignored)';
COMMENT ON FUNCTION @extschema@.route_visits_all(@extschema@.route, @extschema@.country[]) IS 'implementation of route ?& country[]: the route passes through all of the countries (NULL elements ignored)';
COMMENT ON FUNCTION @extschema@.route_contains(@extschema@.route, @extschema@.route) IS 'implementation of route @> route: the second route is a run of contiguous countries of the first';
COMMENT ON FUNCTION @extschema@.route_contained(@extschema@.route, @extschema@.route) IS 'implementation of route <@ route';

CREATE OPERATOR @extschema@.@> (
    LEFTARG = @extschema@.route, RIGHTARG = @extschema@.country,
    FUNCTION = @extschema@.route_visits, COMMUTATOR = OPERATOR(@extschema@.<@),
    RESTRICT = matchingsel, JOIN = matchingjoinsel
);
CREATE OPERATOR @extschema@.<@ (
    LEFTARG = @extschema@.country, RIGHTARG = @extschema@.route,
    FUNCTION = @extschema@.route_visited_by, COMMUTATOR = OPERATOR(@extschema@.@>),
    RESTRICT = matchingsel, JOIN = matchingjoinsel
);
CREATE OPERATOR @extschema@.?| (
    LEFTARG = @extschema@.route, RIGHTARG = @extschema@.country[],
    FUNCTION = @extschema@.route_visits_any,
    RESTRICT = matchingsel, JOIN = matchingjoinsel
);
CREATE OPERATOR @extschema@.?& (
    LEFTARG = @extschema@.route, RIGHTARG = @extschema@.country[],
    FUNCTION = @extschema@.route_visits_all,
    RESTRICT = matchingsel, JOIN = matchingjoinsel
);
CREATE OPERATOR @extschema@.@> (
    LEFTARG = @extschema@.route, RIGHTARG = @extschema@.route,
    FUNCTION = @extschema@.route_contains, COMMUTATOR = OPERATOR(@extschema@.<@),
    RESTRICT = matchingsel, JOIN = matchingjoinsel
);
CREATE OPERATOR @extschema@.<@ (
    LEFTARG = @extschema@.route, RIGHTARG = @extschema@.route,
    FUNCTION = @extschema@.route_contained, COMMUTATOR = OPERATOR(@extschema@.@>),
    RESTRICT = matchingsel, JOIN = matchingjoinsel
);
COMMENT ON OPERATOR @extschema@.@> (@extschema@.route, @extschema@.country) IS 'route visits the country';
COMMENT ON OPERATOR @extschema@.<@ (@extschema@.country, @extschema@.route) IS 'country is visited by the route';
COMMENT ON OPERATOR @extschema@.?| (@extschema@.route, @extschema@.country[]) IS 'route visits any of the countries';
COMMENT ON OPERATOR @extschema@.?& (@extschema@.route, @extschema@.country[]) IS 'route visits all of the countries';
COMMENT ON OPERATOR @extschema@.@> (@extschema@.route, @extschema@.route) IS 'route contains the sub-route (contiguous legs): DE>PL>KZ>RU @> KZ>RU';
COMMENT ON OPERATOR @extschema@.<@ (@extschema@.route, @extschema@.route) IS 'sub-route is contained in the route';

-- parts of a route
CREATE FUNCTION @extschema@.route_origin(@extschema@.route) RETURNS @extschema@.country
    AS 'MODULE_PATHNAME', 'route_origin' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.route_destination(@extschema@.route) RETURNS @extschema@.country
    AS 'MODULE_PATHNAME', 'route_destination' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.route_transit(@extschema@.route) RETURNS @extschema@.country[]
    AS 'MODULE_PATHNAME', 'route_transit' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.route_countries(@extschema@.route) RETURNS @extschema@.country[]
    AS 'MODULE_PATHNAME', 'route_countries' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.route_from_countries(@extschema@.country[]) RETURNS @extschema@.route
    AS 'MODULE_PATHNAME', 'route_from_countries' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.route_hops(@extschema@.route) RETURNS integer
    AS 'MODULE_PATHNAME', 'route_hops' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.route_legs(@extschema@.route, OUT leg integer,
        OUT from_country @extschema@.country, OUT to_country @extschema@.country)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'route_legs' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 4;
CREATE FUNCTION @extschema@.route_has_loop(@extschema@.route) RETURNS boolean
    AS 'MODULE_PATHNAME', 'route_has_loop' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.route_origin(@extschema@.route) IS 'first country of a route';
COMMENT ON FUNCTION @extschema@.route_destination(@extschema@.route) IS 'last country of a route';
COMMENT ON FUNCTION @extschema@.route_transit(@extschema@.route) IS 'the countries between origin and destination, in order (empty when there are none)';
COMMENT ON FUNCTION @extschema@.route_countries(@extschema@.route) IS 'every country of a route, in order';
COMMENT ON FUNCTION @extschema@.route_from_countries(@extschema@.country[]) IS 'the route through an array of countries, in order';
COMMENT ON FUNCTION @extschema@.route_hops(@extschema@.route) IS 'number of legs: countries minus one';
COMMENT ON FUNCTION @extschema@.route_legs(@extschema@.route) IS 'the legs of a route as rows (leg number from 1, from_country, to_country)';
COMMENT ON FUNCTION @extschema@.route_has_loop(@extschema@.route) IS 'whether a country appears twice in the route (round-tripping)';

CREATE CAST (text AS @extschema@.route) WITH INOUT AS ASSIGNMENT;
CREATE CAST (@extschema@.route AS text) WITH INOUT AS ASSIGNMENT;
CREATE CAST (varchar AS @extschema@.route) WITH INOUT AS ASSIGNMENT;
CREATE CAST (@extschema@.country[] AS @extschema@.route)
    WITH FUNCTION @extschema@.route_from_countries(@extschema@.country[]);
CREATE CAST (@extschema@.route AS @extschema@.country[])
    WITH FUNCTION @extschema@.route_countries(@extschema@.route);
COMMENT ON CAST (text AS @extschema@.route) IS 'reads a route as route input does';
COMMENT ON CAST (@extschema@.route AS text) IS 'alpha-2 codes joined by ">"';
COMMENT ON CAST (varchar AS @extschema@.route) IS 'reads a route as route input does';
COMMENT ON CAST (@extschema@.country[] AS @extschema@.route) IS 'the route through the countries of the array';
COMMENT ON CAST (@extschema@.route AS @extschema@.country[]) IS 'the countries of the route';

-- building routes
CREATE FUNCTION @extschema@.route_append(@extschema@.route, @extschema@.country) RETURNS @extschema@.route
    AS 'MODULE_PATHNAME', 'route_append' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.route_prepend(@extschema@.country, @extschema@.route) RETURNS @extschema@.route
    AS 'MODULE_PATHNAME', 'route_prepend' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.route_concat(@extschema@.route, @extschema@.route) RETURNS @extschema@.route
    AS 'MODULE_PATHNAME', 'route_concat' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.route_join(@extschema@.route, @extschema@.route) RETURNS @extschema@.route
    AS 'MODULE_PATHNAME', 'route_join' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.route_append(@extschema@.route, @extschema@.country) IS 'implementation of route || country: one more country at the end';
COMMENT ON FUNCTION @extschema@.route_prepend(@extschema@.country, @extschema@.route) IS 'implementation of country || route: one more country at the start';
COMMENT ON FUNCTION @extschema@.route_concat(@extschema@.route, @extschema@.route) IS 'implementation of route || route: the countries of both, in order';
COMMENT ON FUNCTION @extschema@.route_join(@extschema@.route, @extschema@.route) IS 'the first route continued by the second, which must start at its destination (counted once)';

CREATE OPERATOR @extschema@.|| (
    LEFTARG = @extschema@.route, RIGHTARG = @extschema@.country,
    FUNCTION = @extschema@.route_append
);
CREATE OPERATOR @extschema@.|| (
    LEFTARG = @extschema@.country, RIGHTARG = @extschema@.route,
    FUNCTION = @extschema@.route_prepend
);
CREATE OPERATOR @extschema@.|| (
    LEFTARG = @extschema@.route, RIGHTARG = @extschema@.route,
    FUNCTION = @extschema@.route_concat
);
COMMENT ON OPERATOR @extschema@.|| (@extschema@.route, @extschema@.country) IS 'append a country';
COMMENT ON OPERATOR @extschema@.|| (@extschema@.country, @extschema@.route) IS 'prepend a country';
COMMENT ON OPERATOR @extschema@.|| (@extschema@.route, @extschema@.route) IS 'concatenate routes';

-- geometry
CREATE FUNCTION @extschema@.route_length_km(@extschema@.route) RETURNS double precision
    AS 'MODULE_PATHNAME', 'route_length_km' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.route_detour_ratio(@extschema@.route) RETURNS double precision
    AS 'MODULE_PATHNAME', 'route_detour_ratio' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.route_length_km(@extschema@.route) IS 'sum of the great-circle distances between the centroids of consecutive countries; NULL when one has no centroid';
COMMENT ON FUNCTION @extschema@.route_detour_ratio(@extschema@.route) IS 'route_length_km over the direct origin-destination distance; NULL when they coincide or a centroid is missing';

-- GIN: keys are the countries visited and the legs
CREATE FUNCTION @extschema@.route_gin_extract_value(@extschema@.route, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'route_gin_extract_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.route_gin_extract_query(@extschema@.route, internal, int2, internal, internal, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'route_gin_extract_query' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.route_gin_consistent(internal, int2, @extschema@.route, int4, internal, internal, internal, internal) RETURNS boolean
    AS 'MODULE_PATHNAME', 'route_gin_consistent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.route_gin_triconsistent(internal, int2, @extschema@.route, int4, internal, internal, internal) RETURNS "char"
    AS 'MODULE_PATHNAME', 'route_gin_triconsistent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.route_gin_extract_value(@extschema@.route, internal, internal) IS 'GIN keys of a route: its countries and legs';
COMMENT ON FUNCTION @extschema@.route_gin_extract_query(@extschema@.route, internal, int2, internal, internal, internal, internal) IS 'GIN keys a route query needs';
COMMENT ON FUNCTION @extschema@.route_gin_consistent(internal, int2, @extschema@.route, int4, internal, internal, internal, internal) IS 'GIN consistency of route queries';
COMMENT ON FUNCTION @extschema@.route_gin_triconsistent(internal, int2, @extschema@.route, int4, internal, internal, internal) IS 'GIN ternary consistency of route queries';

CREATE OPERATOR CLASS @extschema@.route_gin_ops
    DEFAULT FOR TYPE @extschema@.route USING gin AS
        OPERATOR 1 @extschema@.@> (@extschema@.route, @extschema@.country),
        OPERATOR 2 @extschema@.?| (@extschema@.route, @extschema@.country[]),
        OPERATOR 3 @extschema@.?& (@extschema@.route, @extschema@.country[]),
        OPERATOR 4 @extschema@.@> (@extschema@.route, @extschema@.route),
        FUNCTION 1 pg_catalog.btint4cmp(int4, int4),
        FUNCTION 2 @extschema@.route_gin_extract_value(@extschema@.route, internal, internal),
        FUNCTION 3 @extschema@.route_gin_extract_query(@extschema@.route, internal, int2, internal, internal, internal, internal),
        FUNCTION 4 @extschema@.route_gin_consistent(internal, int2, @extschema@.route, int4, internal, internal, internal, internal),
        FUNCTION 6 @extschema@.route_gin_triconsistent(internal, int2, @extschema@.route, int4, internal, internal, internal),
        STORAGE int4;
COMMENT ON OPERATOR CLASS @extschema@.route_gin_ops USING gin IS 'GIN over the countries and legs of routes: @> country, ?|, ?&, @> sub-route';

-- GIN with country keys only: a smaller index, sub-routes rechecked
CREATE FUNCTION @extschema@.route_gin_country_extract_value(@extschema@.route, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'route_gin_country_extract_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.route_gin_country_extract_query(@extschema@.route, internal, int2, internal, internal, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'route_gin_country_extract_query' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.route_gin_country_consistent(internal, int2, @extschema@.route, int4, internal, internal, internal, internal) RETURNS boolean
    AS 'MODULE_PATHNAME', 'route_gin_country_consistent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.route_gin_country_triconsistent(internal, int2, @extschema@.route, int4, internal, internal, internal) RETURNS "char"
    AS 'MODULE_PATHNAME', 'route_gin_country_triconsistent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.route_gin_country_extract_value(@extschema@.route, internal, internal) IS 'GIN keys of a route for route_gin_country_ops: its countries';
COMMENT ON FUNCTION @extschema@.route_gin_country_extract_query(@extschema@.route, internal, int2, internal, internal, internal, internal) IS 'GIN keys a route query needs, for route_gin_country_ops';
COMMENT ON FUNCTION @extschema@.route_gin_country_consistent(internal, int2, @extschema@.route, int4, internal, internal, internal, internal) IS 'GIN consistency of route queries, for route_gin_country_ops';
COMMENT ON FUNCTION @extschema@.route_gin_country_triconsistent(internal, int2, @extschema@.route, int4, internal, internal, internal) IS 'GIN ternary consistency of route queries, for route_gin_country_ops';

CREATE OPERATOR CLASS @extschema@.route_gin_country_ops
    FOR TYPE @extschema@.route USING gin AS
        OPERATOR 1 @extschema@.@> (@extschema@.route, @extschema@.country),
        OPERATOR 2 @extschema@.?| (@extschema@.route, @extschema@.country[]),
        OPERATOR 3 @extschema@.?& (@extschema@.route, @extschema@.country[]),
        OPERATOR 4 @extschema@.@> (@extschema@.route, @extschema@.route),
        FUNCTION 1 pg_catalog.btint4cmp(int4, int4),
        FUNCTION 2 @extschema@.route_gin_country_extract_value(@extschema@.route, internal, internal),
        FUNCTION 3 @extschema@.route_gin_country_extract_query(@extschema@.route, internal, int2, internal, internal, internal, internal),
        FUNCTION 4 @extschema@.route_gin_country_consistent(internal, int2, @extschema@.route, int4, internal, internal, internal, internal),
        FUNCTION 6 @extschema@.route_gin_country_triconsistent(internal, int2, @extschema@.route, int4, internal, internal, internal),
        STORAGE int4;
COMMENT ON OPERATOR CLASS @extschema@.route_gin_country_ops USING gin IS 'GIN over the countries of routes only: a smaller index; legs and sub-routes found through their countries and rechecked';

COMMENT ON OPERATOR FAMILY @extschema@.route_ops USING btree IS 'btree operators of route';
COMMENT ON OPERATOR FAMILY @extschema@.route_hash_ops USING hash IS 'hash operators of route';
COMMENT ON OPERATOR FAMILY @extschema@.route_gin_ops USING gin IS 'GIN operators of route over countries and legs';
COMMENT ON OPERATOR FAMILY @extschema@.route_gin_country_ops USING gin IS 'GIN operators of route over countries only';
