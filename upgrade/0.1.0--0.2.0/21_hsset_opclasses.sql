-- upgrade/0.1.0--0.2.0/21_hsset_opclasses.sql: btree and hash opclasses of hsset (as install/30_hsset.sql).
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

-- 0.1.0 created hsset = without HASHES and MERGES, and PostgreSQL 15 has no
-- ALTER OPERATOR to set them: mark it as a fresh install does.  (Extension
-- scripts run as superuser, even for trusted extensions.)
UPDATE pg_catalog.pg_operator SET oprcanhash = true, oprcanmerge = true
 WHERE oid = '@extschema@.=(@extschema@.hsset,@extschema@.hsset)'::pg_catalog.regoperator;

