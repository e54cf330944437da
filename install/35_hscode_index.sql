-- install/35_hscode_index.sql: planner support (a plain btree serves <@, @> and <@ hsset) and the GiST opclass.

CREATE FUNCTION @extschema@.hs_subtree_max(@extschema@.hscode) RETURNS @extschema@.hscode
    AS 'MODULE_PATHNAME', 'hs_subtree_max' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.hs_subtree_max(@extschema@.hscode) IS 'the greatest code under a code (its digits followed by 9s to 12 digits): c <@ p is c BETWEEN p AND hs_subtree_max(p)';

CREATE FUNCTION @extschema@.hscode_hierarchy_support(internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'hscode_hierarchy_support' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.hscode_hierarchy_support(internal) IS 'planner support of <@ and @> on hscode and hsset: btree range conditions (<@), equality with the ancestors (@>), the range of a set (<@ hsset, lossy for a set of several ranges)';

-- attached here rather than in 10_hscode.sql so that the index support stays in one file
ALTER FUNCTION @extschema@.hscode_contained(@extschema@.hscode, @extschema@.hscode)
    SUPPORT @extschema@.hscode_hierarchy_support;
ALTER FUNCTION @extschema@.hscode_contains(@extschema@.hscode, @extschema@.hscode)
    SUPPORT @extschema@.hscode_hierarchy_support;
ALTER FUNCTION @extschema@.hscode_contained_hsset(@extschema@.hscode, @extschema@.hsset)
    SUPPORT @extschema@.hscode_hierarchy_support;
ALTER FUNCTION @extschema@.hsset_contains_hscode(@extschema@.hsset, @extschema@.hscode)
    SUPPORT @extschema@.hscode_hierarchy_support;

CREATE FUNCTION @extschema@.hsset_lower(@extschema@.hsset) RETURNS @extschema@.hscode
    AS 'MODULE_PATHNAME', 'hsset_lower' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hsset_upper(@extschema@.hsset) RETURNS @extschema@.hscode
    AS 'MODULE_PATHNAME', 'hsset_upper' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.hsset_lower(@extschema@.hsset) IS 'the smallest code of a set in hierarchical order; NULL for the empty set';
COMMENT ON FUNCTION @extschema@.hsset_upper(@extschema@.hsset) IS 'the greatest code of a set in hierarchical order (a subtree ends in its code followed by 9s); NULL for the empty set';

-- the GiST operator class: =, <@, @> and <@ hsset in one scan, index-only scans
CREATE FUNCTION @extschema@.gist_hscode_consistent(internal, @extschema@.hscode, smallint, oid, internal) RETURNS boolean
    AS 'MODULE_PATHNAME', 'gist_hscode_consistent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.gist_hscode_union(internal, internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'gist_hscode_union' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.gist_hscode_compress(internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'gist_hscode_compress' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.gist_hscode_penalty(internal, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'gist_hscode_penalty' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.gist_hscode_picksplit(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'gist_hscode_picksplit' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.gist_hscode_same(bytea, bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'gist_hscode_same' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.gist_hscode_fetch(internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'gist_hscode_fetch' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.gist_hscode_sortsupport(internal) RETURNS void
    AS 'MODULE_PATHNAME', 'gist_hscode_sortsupport' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gist_hscode_consistent(internal, @extschema@.hscode, smallint, oid, internal) IS 'GiST support of hscode: could an entry match the query (exact at leaves)';
COMMENT ON FUNCTION @extschema@.gist_hscode_union(internal, internal) IS 'GiST support of hscode: key range envelope of entries';
COMMENT ON FUNCTION @extschema@.gist_hscode_compress(internal) IS 'GiST support of hscode: pack a code into 6 bytes';
COMMENT ON FUNCTION @extschema@.gist_hscode_penalty(internal, internal, internal) IS 'GiST support of hscode: growth of an envelope';
COMMENT ON FUNCTION @extschema@.gist_hscode_picksplit(internal, internal) IS 'GiST support of hscode: split a page in key order';
COMMENT ON FUNCTION @extschema@.gist_hscode_same(bytea, bytea, internal) IS 'GiST support of hscode: equal keys';
COMMENT ON FUNCTION @extschema@.gist_hscode_fetch(internal) IS 'GiST support of hscode: the code of a leaf key, for index-only scans';
COMMENT ON FUNCTION @extschema@.gist_hscode_sortsupport(internal) IS 'GiST support of hscode: sorted index build';

CREATE OPERATOR CLASS @extschema@.gist_hscode_ops
    DEFAULT FOR TYPE @extschema@.hscode USING gist AS
        OPERATOR 3 @extschema@.= (@extschema@.hscode, @extschema@.hscode),
        OPERATOR 7 @extschema@.@> (@extschema@.hscode, @extschema@.hscode),
        OPERATOR 8 @extschema@.<@ (@extschema@.hscode, @extschema@.hscode),
        OPERATOR 20 @extschema@.<@ (@extschema@.hscode, @extschema@.hsset),
        FUNCTION 1 @extschema@.gist_hscode_consistent(internal, @extschema@.hscode, smallint, oid, internal),
        FUNCTION 2 @extschema@.gist_hscode_union(internal, internal),
        FUNCTION 3 @extschema@.gist_hscode_compress(internal),
        FUNCTION 5 @extschema@.gist_hscode_penalty(internal, internal, internal),
        FUNCTION 6 @extschema@.gist_hscode_picksplit(internal, internal),
        FUNCTION 7 @extschema@.gist_hscode_same(bytea, bytea, internal),
        FUNCTION 9 @extschema@.gist_hscode_fetch(internal),
        FUNCTION 11 @extschema@.gist_hscode_sortsupport(internal),
        STORAGE bytea;
COMMENT ON OPERATOR CLASS @extschema@.gist_hscode_ops USING gist IS 'range tree over hscode keys: =, <@, @> and <@ hsset in one scan, index-only scans, sorted build';

COMMENT ON OPERATOR FAMILY @extschema@.gist_hscode_ops USING gist IS 'GiST operators of hscode: =, <@, @> and <@ hsset';
