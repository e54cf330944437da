-- install/30_hsset.sql: the hsset type (watchlist values: sets of HS code prefixes with exclusions).

CREATE TYPE @extschema@.hsset;

CREATE FUNCTION @extschema@.hsset_in(cstring) RETURNS @extschema@.hsset
    AS 'MODULE_PATHNAME', 'hsset_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hsset_out(@extschema@.hsset) RETURNS cstring
    AS 'MODULE_PATHNAME', 'hsset_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hsset_recv(internal) RETURNS @extschema@.hsset
    AS 'MODULE_PATHNAME', 'hsset_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hsset_send(@extschema@.hsset) RETURNS bytea
    AS 'MODULE_PATHNAME', 'hsset_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.hsset (
    INPUT = @extschema@.hsset_in,
    OUTPUT = @extschema@.hsset_out,
    RECEIVE = @extschema@.hsset_recv,
    SEND = @extschema@.hsset_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended,
    CATEGORY = 'U'
);
COMMENT ON TYPE @extschema@.hsset IS 'set of HS codes given by prefixes with exclusions, e.g. {8542,!854290,8471}: a watchlist';
COMMENT ON FUNCTION @extschema@.hsset_in(cstring) IS 'text input of hsset: codes in braces, separated by commas, "!" before an excluded code';
COMMENT ON FUNCTION @extschema@.hsset_out(@extschema@.hsset) IS 'text output of hsset: canonical form, members sorted, redundant ones folded';
COMMENT ON FUNCTION @extschema@.hsset_recv(internal) IS 'binary input of hsset: the text form, validated as text input is';
COMMENT ON FUNCTION @extschema@.hsset_send(@extschema@.hsset) IS 'binary output of hsset: the canonical text form';

-- membership of a code
CREATE FUNCTION @extschema@.hscode_in_hsset_sel(internal, oid, internal, integer) RETURNS float8
    AS 'MODULE_PATHNAME', 'hscode_in_hsset_sel' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.hscode_in_hsset_sel(internal, oid, internal, integer) IS 'restriction selectivity of hscode <@ hsset, from the column''s MCVs and histogram over the set''s key ranges';

CREATE FUNCTION @extschema@.hscode_contained_hsset(@extschema@.hscode, @extschema@.hsset) RETURNS boolean
    AS 'MODULE_PATHNAME', 'hscode_contained_hsset' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.hsset_contains_hscode(@extschema@.hsset, @extschema@.hscode) RETURNS boolean
    AS 'MODULE_PATHNAME', 'hsset_contains_hscode' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.hscode_contained_hsset(@extschema@.hscode, @extschema@.hsset) IS 'implementation of hscode <@ hsset: the code belongs to the set';
COMMENT ON FUNCTION @extschema@.hsset_contains_hscode(@extschema@.hsset, @extschema@.hscode) IS 'implementation of hsset @> hscode: the set holds the code';

CREATE OPERATOR @extschema@.<@ (
    LEFTARG = @extschema@.hscode, RIGHTARG = @extschema@.hsset,
    FUNCTION = @extschema@.hscode_contained_hsset, COMMUTATOR = OPERATOR(@extschema@.@>),
    RESTRICT = @extschema@.hscode_in_hsset_sel, JOIN = contjoinsel
);
CREATE OPERATOR @extschema@.@> (
    LEFTARG = @extschema@.hsset, RIGHTARG = @extschema@.hscode,
    FUNCTION = @extschema@.hsset_contains_hscode, COMMUTATOR = OPERATOR(@extschema@.<@),
    RESTRICT = @extschema@.hscode_in_hsset_sel, JOIN = contjoinsel
);
COMMENT ON OPERATOR @extschema@.<@ (@extschema@.hscode, @extschema@.hsset) IS 'the code belongs to the set (854231 <@ ''{8542,!854290}'')';
COMMENT ON OPERATOR @extschema@.@> (@extschema@.hsset, @extschema@.hscode) IS 'the set holds the code';

-- set algebra and comparison
CREATE FUNCTION @extschema@.hsset_union(@extschema@.hsset, @extschema@.hsset) RETURNS @extschema@.hsset
    AS 'MODULE_PATHNAME', 'hsset_union' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hsset_intersect(@extschema@.hsset, @extschema@.hsset) RETURNS @extschema@.hsset
    AS 'MODULE_PATHNAME', 'hsset_intersect' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hsset_except(@extschema@.hsset, @extschema@.hsset) RETURNS @extschema@.hsset
    AS 'MODULE_PATHNAME', 'hsset_except' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hsset_contains(@extschema@.hsset, @extschema@.hsset) RETURNS boolean
    AS 'MODULE_PATHNAME', 'hsset_contains' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hsset_contained(@extschema@.hsset, @extschema@.hsset) RETURNS boolean
    AS 'MODULE_PATHNAME', 'hsset_contained' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hsset_eq(@extschema@.hsset, @extschema@.hsset) RETURNS boolean
    AS 'MODULE_PATHNAME', 'hsset_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.hsset_ne(@extschema@.hsset, @extschema@.hsset) RETURNS boolean
    AS 'MODULE_PATHNAME', 'hsset_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.hsset_union(@extschema@.hsset, @extschema@.hsset) IS 'implementation of | on hsset: codes in either set';
COMMENT ON FUNCTION @extschema@.hsset_intersect(@extschema@.hsset, @extschema@.hsset) IS 'implementation of & on hsset: codes in both sets';
COMMENT ON FUNCTION @extschema@.hsset_except(@extschema@.hsset, @extschema@.hsset) IS 'implementation of - on hsset: codes of the first set not in the second';
COMMENT ON FUNCTION @extschema@.hsset_contains(@extschema@.hsset, @extschema@.hsset) IS 'implementation of @> on hsset: every code of the second set is in the first';
COMMENT ON FUNCTION @extschema@.hsset_contained(@extschema@.hsset, @extschema@.hsset) IS 'implementation of <@ on hsset: every code of the first set is in the second';
COMMENT ON FUNCTION @extschema@.hsset_eq(@extschema@.hsset, @extschema@.hsset) IS 'implementation of = on hsset: the same codes';
COMMENT ON FUNCTION @extschema@.hsset_ne(@extschema@.hsset, @extschema@.hsset) IS 'implementation of <> on hsset';

CREATE OPERATOR @extschema@.| (
    LEFTARG = @extschema@.hsset, RIGHTARG = @extschema@.hsset,
    FUNCTION = @extschema@.hsset_union, COMMUTATOR = OPERATOR(@extschema@.|)
);
CREATE OPERATOR @extschema@.& (
    LEFTARG = @extschema@.hsset, RIGHTARG = @extschema@.hsset,
    FUNCTION = @extschema@.hsset_intersect, COMMUTATOR = OPERATOR(@extschema@.&)
);
CREATE OPERATOR @extschema@.- (
    LEFTARG = @extschema@.hsset, RIGHTARG = @extschema@.hsset,
    FUNCTION = @extschema@.hsset_except
);
CREATE OPERATOR @extschema@.@> (
    LEFTARG = @extschema@.hsset, RIGHTARG = @extschema@.hsset,
    FUNCTION = @extschema@.hsset_contains, COMMUTATOR = OPERATOR(@extschema@.<@),
    RESTRICT = contsel, JOIN = contjoinsel
);
CREATE OPERATOR @extschema@.<@ (
    LEFTARG = @extschema@.hsset, RIGHTARG = @extschema@.hsset,
    FUNCTION = @extschema@.hsset_contained, COMMUTATOR = OPERATOR(@extschema@.@>),
    RESTRICT = contsel, JOIN = contjoinsel
);
CREATE OPERATOR @extschema@.= (
    LEFTARG = @extschema@.hsset, RIGHTARG = @extschema@.hsset,
    FUNCTION = @extschema@.hsset_eq, COMMUTATOR = OPERATOR(@extschema@.=),
    NEGATOR = OPERATOR(@extschema@.<>), RESTRICT = eqsel, JOIN = eqjoinsel,
    HASHES, MERGES
);
CREATE OPERATOR @extschema@.<> (
    LEFTARG = @extschema@.hsset, RIGHTARG = @extschema@.hsset,
    FUNCTION = @extschema@.hsset_ne, COMMUTATOR = OPERATOR(@extschema@.<>),
    NEGATOR = OPERATOR(@extschema@.=), RESTRICT = neqsel, JOIN = neqjoinsel
);
COMMENT ON OPERATOR @extschema@.| (@extschema@.hsset, @extschema@.hsset) IS 'union: codes in either set';
COMMENT ON OPERATOR @extschema@.& (@extschema@.hsset, @extschema@.hsset) IS 'intersection: codes in both sets';
COMMENT ON OPERATOR @extschema@.- (@extschema@.hsset, @extschema@.hsset) IS 'difference: codes of the left set not in the right';
COMMENT ON OPERATOR @extschema@.@> (@extschema@.hsset, @extschema@.hsset) IS 'the left set holds every code of the right';
COMMENT ON OPERATOR @extschema@.<@ (@extschema@.hsset, @extschema@.hsset) IS 'every code of the left set is in the right';
COMMENT ON OPERATOR @extschema@.= (@extschema@.hsset, @extschema@.hsset) IS 'the same codes';
COMMENT ON OPERATOR @extschema@.<> (@extschema@.hsset, @extschema@.hsset) IS 'different codes';

-- btree and hash opclasses of hsset: DISTINCT, GROUP BY, ORDER BY, hash and merge joins
CREATE FUNCTION @extschema@.hsset_cmp(@extschema@.hsset, @extschema@.hsset) RETURNS integer
    AS 'MODULE_PATHNAME', 'hsset_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.hsset_lt(@extschema@.hsset, @extschema@.hsset) RETURNS boolean
    AS 'MODULE_PATHNAME', 'hsset_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.hsset_le(@extschema@.hsset, @extschema@.hsset) RETURNS boolean
    AS 'MODULE_PATHNAME', 'hsset_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.hsset_gt(@extschema@.hsset, @extschema@.hsset) RETURNS boolean
    AS 'MODULE_PATHNAME', 'hsset_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.hsset_ge(@extschema@.hsset, @extschema@.hsset) RETURNS boolean
    AS 'MODULE_PATHNAME', 'hsset_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.hsset_hash(@extschema@.hsset) RETURNS integer
    AS 'MODULE_PATHNAME', 'hsset_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.hsset_hash_extended(@extschema@.hsset, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'hsset_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.hsset_cmp(@extschema@.hsset, @extschema@.hsset) IS 'btree support of hsset_ops: -1, 0 or 1 comparing the canonical members one by one';
COMMENT ON FUNCTION @extschema@.hsset_lt(@extschema@.hsset, @extschema@.hsset) IS 'implementation of < on hsset (the order of hsset_ops)';
COMMENT ON FUNCTION @extschema@.hsset_le(@extschema@.hsset, @extschema@.hsset) IS 'implementation of <= on hsset (the order of hsset_ops)';
COMMENT ON FUNCTION @extschema@.hsset_gt(@extschema@.hsset, @extschema@.hsset) IS 'implementation of > on hsset (the order of hsset_ops)';
COMMENT ON FUNCTION @extschema@.hsset_ge(@extschema@.hsset, @extschema@.hsset) IS 'implementation of >= on hsset (the order of hsset_ops)';
COMMENT ON FUNCTION @extschema@.hsset_hash(@extschema@.hsset) IS 'hash support of hsset_hash_ops: a hash of the canonical members';
COMMENT ON FUNCTION @extschema@.hsset_hash_extended(@extschema@.hsset, bigint) IS 'seeded 64-bit hash of hsset, for hash partitioning';

CREATE OPERATOR @extschema@.< (
    LEFTARG = @extschema@.hsset, RIGHTARG = @extschema@.hsset, FUNCTION = @extschema@.hsset_lt,
    COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR @extschema@.<= (
    LEFTARG = @extschema@.hsset, RIGHTARG = @extschema@.hsset, FUNCTION = @extschema@.hsset_le,
    COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR @extschema@.> (
    LEFTARG = @extschema@.hsset, RIGHTARG = @extschema@.hsset, FUNCTION = @extschema@.hsset_gt,
    COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR @extschema@.>= (
    LEFTARG = @extschema@.hsset, RIGHTARG = @extschema@.hsset, FUNCTION = @extschema@.hsset_ge,
    COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel
);
COMMENT ON OPERATOR @extschema@.< (@extschema@.hsset, @extschema@.hsset) IS 'sorts before, member by member (an order for sorting and grouping, not containment)';
COMMENT ON OPERATOR @extschema@.<= (@extschema@.hsset, @extschema@.hsset) IS 'sorts before or equal, member by member';
COMMENT ON OPERATOR @extschema@.> (@extschema@.hsset, @extschema@.hsset) IS 'sorts after, member by member';
COMMENT ON OPERATOR @extschema@.>= (@extschema@.hsset, @extschema@.hsset) IS 'sorts after or equal, member by member';

CREATE OPERATOR CLASS @extschema@.hsset_ops
    DEFAULT FOR TYPE @extschema@.hsset USING btree AS
        OPERATOR 1 @extschema@.< ,
        OPERATOR 2 @extschema@.<= ,
        OPERATOR 3 @extschema@.= ,
        OPERATOR 4 @extschema@.>= ,
        OPERATOR 5 @extschema@.> ,
        FUNCTION 1 @extschema@.hsset_cmp(@extschema@.hsset, @extschema@.hsset),
        FUNCTION 4 btequalimage(oid);
COMMENT ON OPERATOR CLASS @extschema@.hsset_ops USING btree IS 'an order of hsset (member by member) for sorting, DISTINCT, GROUP BY and merge joins; equal sets are byte-equal, so deduplication is on';
COMMENT ON OPERATOR FAMILY @extschema@.hsset_ops USING btree IS 'btree operators of hsset';

CREATE OPERATOR CLASS @extschema@.hsset_hash_ops
    DEFAULT FOR TYPE @extschema@.hsset USING hash AS
        OPERATOR 1 @extschema@.= ,
        FUNCTION 1 @extschema@.hsset_hash(@extschema@.hsset),
        FUNCTION 2 @extschema@.hsset_hash_extended(@extschema@.hsset, bigint);
COMMENT ON OPERATOR CLASS @extschema@.hsset_hash_ops USING hash IS 'hashing of hsset, for hash joins, hash aggregation and hash partitioning';
COMMENT ON OPERATOR FAMILY @extschema@.hsset_hash_ops USING hash IS 'hash operators of hsset';

-- construction
CREATE FUNCTION @extschema@.hsset(include @extschema@.hscode[], exclude @extschema@.hscode[] DEFAULT '{}') RETURNS @extschema@.hsset
    AS 'MODULE_PATHNAME', 'hsset_from_arrays' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.hsset(@extschema@.hscode[], @extschema@.hscode[]) IS 'the set of codes under any of include and under none of exclude (NULL elements ignored)';
CREATE FUNCTION @extschema@.hsset(@extschema@.hscode) RETURNS @extschema@.hsset
    AS 'MODULE_PATHNAME', 'hsset_from_hscode' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.hsset(@extschema@.hscode) IS 'the set of a code and everything under it';
CREATE CAST (@extschema@.hscode AS @extschema@.hsset) WITH FUNCTION @extschema@.hsset(@extschema@.hscode) AS ASSIGNMENT;
COMMENT ON CAST (@extschema@.hscode AS @extschema@.hsset) IS 'a code as the set of its subtree';

CREATE FUNCTION @extschema@.hsset_members(@extschema@.hsset) RETURNS @extschema@.hscode[]
    AS 'MODULE_PATHNAME', 'hsset_members' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hsset_exclusions(@extschema@.hsset) RETURNS @extschema@.hscode[]
    AS 'MODULE_PATHNAME', 'hsset_exclusions' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.hsset_members(@extschema@.hsset) IS 'the included members of a set in canonical form, in order';
COMMENT ON FUNCTION @extschema@.hsset_exclusions(@extschema@.hsset) IS 'the excluded members of a set in canonical form, in order';

CREATE FUNCTION @extschema@.hsset_agg_transfn(internal, @extschema@.hscode) RETURNS internal
    AS 'MODULE_PATHNAME', 'hsset_agg_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.hsset_agg_finalfn(internal) RETURNS @extschema@.hsset
    AS 'MODULE_PATHNAME', 'hsset_agg_finalfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.hsset_agg_transfn(internal, @extschema@.hscode) IS 'transition function of hsset_agg';
COMMENT ON FUNCTION @extschema@.hsset_agg_finalfn(internal) IS 'final function of hsset_agg';
CREATE FUNCTION @extschema@.hsset_agg_combinefn(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'hsset_agg_combinefn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.hsset_agg_serialfn(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'hsset_agg_serialfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hsset_agg_deserialfn(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'hsset_agg_deserialfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.hsset_agg_combinefn(internal, internal) IS 'combine function of hsset_agg (parallel partial aggregation)';
COMMENT ON FUNCTION @extschema@.hsset_agg_serialfn(internal) IS 'serialisation of hsset_agg''s state for parallel workers';
COMMENT ON FUNCTION @extschema@.hsset_agg_deserialfn(bytea, internal) IS 'deserialisation of hsset_agg''s state from parallel workers';
CREATE AGGREGATE @extschema@.hsset_agg(@extschema@.hscode) (
    SFUNC = @extschema@.hsset_agg_transfn,
    STYPE = internal,
    FINALFUNC = @extschema@.hsset_agg_finalfn,
    COMBINEFUNC = @extschema@.hsset_agg_combinefn,
    SERIALFUNC = @extschema@.hsset_agg_serialfn,
    DESERIALFUNC = @extschema@.hsset_agg_deserialfn,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.hsset_agg(@extschema@.hscode) IS 'the set of the codes of a column (each with its subtree); NULLs ignored; NULL when there is no code (no rows or only NULLs)';
