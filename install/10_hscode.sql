-- install/10_hscode.sql: the hscode type, its operators, opclasses and functions.

CREATE TYPE @extschema@.hscode;

CREATE FUNCTION @extschema@.hscode_in(cstring) RETURNS @extschema@.hscode
    AS 'MODULE_PATHNAME', 'hscode_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hscode_out(@extschema@.hscode) RETURNS cstring
    AS 'MODULE_PATHNAME', 'hscode_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hscode_recv(internal) RETURNS @extschema@.hscode
    AS 'MODULE_PATHNAME', 'hscode_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hscode_send(@extschema@.hscode) RETURNS bytea
    AS 'MODULE_PATHNAME', 'hscode_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.hscode (
    INPUT = @extschema@.hscode_in,
    OUTPUT = @extschema@.hscode_out,
    RECEIVE = @extschema@.hscode_recv,
    SEND = @extschema@.hscode_send,
    INTERNALLENGTH = 8,
    PASSEDBYVALUE,
    ALIGNMENT = double,
    STORAGE = plain,
    CATEGORY = 'U'
);
COMMENT ON TYPE @extschema@.hscode IS 'Harmonized System code of 2, 4, 6 or 7 to 12 digits (chapter, heading, subheading, national tariff line), ordered so that every subtree is one contiguous range';

COMMENT ON FUNCTION @extschema@.hscode_in(cstring) IS 'text input of hscode: digits with optional ".", " " or "-" separators and an optional HS label';
COMMENT ON FUNCTION @extschema@.hscode_out(@extschema@.hscode) IS 'text output of hscode: canonical digits';
COMMENT ON FUNCTION @extschema@.hscode_recv(internal) IS 'binary input of hscode: the code as text, validated as text input is';
COMMENT ON FUNCTION @extschema@.hscode_send(@extschema@.hscode) IS 'binary output of hscode: the canonical digits as text';

-- comparison
CREATE FUNCTION @extschema@.hscode_eq(@extschema@.hscode, @extschema@.hscode) RETURNS boolean
    AS 'MODULE_PATHNAME', 'hscode_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.hscode_ne(@extschema@.hscode, @extschema@.hscode) RETURNS boolean
    AS 'MODULE_PATHNAME', 'hscode_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.hscode_lt(@extschema@.hscode, @extschema@.hscode) RETURNS boolean
    AS 'MODULE_PATHNAME', 'hscode_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.hscode_le(@extschema@.hscode, @extschema@.hscode) RETURNS boolean
    AS 'MODULE_PATHNAME', 'hscode_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.hscode_gt(@extschema@.hscode, @extschema@.hscode) RETURNS boolean
    AS 'MODULE_PATHNAME', 'hscode_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.hscode_ge(@extschema@.hscode, @extschema@.hscode) RETURNS boolean
    AS 'MODULE_PATHNAME', 'hscode_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.hscode_cmp(@extschema@.hscode, @extschema@.hscode) RETURNS integer
    AS 'MODULE_PATHNAME', 'hscode_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.hscode_sortsupport(internal) RETURNS void
    AS 'MODULE_PATHNAME', 'hscode_sortsupport' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hscode_hash(@extschema@.hscode) RETURNS integer
    AS 'MODULE_PATHNAME', 'hscode_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.hscode_hash_extended(@extschema@.hscode, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'hscode_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION @extschema@.hscode_eq(@extschema@.hscode, @extschema@.hscode) IS 'implementation of = on hscode';
COMMENT ON FUNCTION @extschema@.hscode_ne(@extschema@.hscode, @extschema@.hscode) IS 'implementation of <> on hscode';
COMMENT ON FUNCTION @extschema@.hscode_lt(@extschema@.hscode, @extschema@.hscode) IS 'implementation of < on hscode';
COMMENT ON FUNCTION @extschema@.hscode_le(@extschema@.hscode, @extschema@.hscode) IS 'implementation of <= on hscode';
COMMENT ON FUNCTION @extschema@.hscode_gt(@extschema@.hscode, @extschema@.hscode) IS 'implementation of > on hscode';
COMMENT ON FUNCTION @extschema@.hscode_ge(@extschema@.hscode, @extschema@.hscode) IS 'implementation of >= on hscode';
COMMENT ON FUNCTION @extschema@.hscode_cmp(@extschema@.hscode, @extschema@.hscode) IS 'btree comparison of hscode: -1, 0 or 1';
COMMENT ON FUNCTION @extschema@.hscode_sortsupport(internal) IS 'btree sort support of hscode';
COMMENT ON FUNCTION @extschema@.hscode_hash(@extschema@.hscode) IS 'hash of hscode';
COMMENT ON FUNCTION @extschema@.hscode_hash_extended(@extschema@.hscode, bigint) IS 'seeded 64-bit hash of hscode, for hash partitioning';

CREATE OPERATOR @extschema@.= (
    LEFTARG = @extschema@.hscode, RIGHTARG = @extschema@.hscode,
    FUNCTION = @extschema@.hscode_eq, COMMUTATOR = OPERATOR(@extschema@.=),
    NEGATOR = OPERATOR(@extschema@.<>), RESTRICT = eqsel, JOIN = eqjoinsel,
    HASHES, MERGES
);
CREATE OPERATOR @extschema@.<> (
    LEFTARG = @extschema@.hscode, RIGHTARG = @extschema@.hscode,
    FUNCTION = @extschema@.hscode_ne, COMMUTATOR = OPERATOR(@extschema@.<>),
    NEGATOR = OPERATOR(@extschema@.=), RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR @extschema@.< (
    LEFTARG = @extschema@.hscode, RIGHTARG = @extschema@.hscode,
    FUNCTION = @extschema@.hscode_lt, COMMUTATOR = OPERATOR(@extschema@.>),
    NEGATOR = OPERATOR(@extschema@.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR @extschema@.<= (
    LEFTARG = @extschema@.hscode, RIGHTARG = @extschema@.hscode,
    FUNCTION = @extschema@.hscode_le, COMMUTATOR = OPERATOR(@extschema@.>=),
    NEGATOR = OPERATOR(@extschema@.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR @extschema@.> (
    LEFTARG = @extschema@.hscode, RIGHTARG = @extschema@.hscode,
    FUNCTION = @extschema@.hscode_gt, COMMUTATOR = OPERATOR(@extschema@.<),
    NEGATOR = OPERATOR(@extschema@.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR @extschema@.>= (
    LEFTARG = @extschema@.hscode, RIGHTARG = @extschema@.hscode,
    FUNCTION = @extschema@.hscode_ge, COMMUTATOR = OPERATOR(@extschema@.<=),
    NEGATOR = OPERATOR(@extschema@.<), RESTRICT = scalargesel, JOIN = scalargejoinsel
);

COMMENT ON OPERATOR @extschema@.= (@extschema@.hscode, @extschema@.hscode) IS 'same code';
COMMENT ON OPERATOR @extschema@.<> (@extschema@.hscode, @extschema@.hscode) IS 'different codes';
COMMENT ON OPERATOR @extschema@.< (@extschema@.hscode, @extschema@.hscode) IS 'sorts before, in hierarchical order';
COMMENT ON OPERATOR @extschema@.<= (@extschema@.hscode, @extschema@.hscode) IS 'sorts before or equal, in hierarchical order';
COMMENT ON OPERATOR @extschema@.> (@extschema@.hscode, @extschema@.hscode) IS 'sorts after, in hierarchical order';
COMMENT ON OPERATOR @extschema@.>= (@extschema@.hscode, @extschema@.hscode) IS 'sorts after or equal, in hierarchical order';

CREATE OPERATOR CLASS @extschema@.hscode_ops
    DEFAULT FOR TYPE @extschema@.hscode USING btree AS
        OPERATOR 1 @extschema@.< ,
        OPERATOR 2 @extschema@.<= ,
        OPERATOR 3 @extschema@.= ,
        OPERATOR 4 @extschema@.>= ,
        OPERATOR 5 @extschema@.> ,
        FUNCTION 1 @extschema@.hscode_cmp(@extschema@.hscode, @extschema@.hscode),
        FUNCTION 2 @extschema@.hscode_sortsupport(internal),
        FUNCTION 4 btequalimage(oid);
COMMENT ON OPERATOR CLASS @extschema@.hscode_ops USING btree IS 'hierarchical order of hscode: each code right before its descendants';

CREATE OPERATOR CLASS @extschema@.hscode_hash_ops
    DEFAULT FOR TYPE @extschema@.hscode USING hash AS
        OPERATOR 1 @extschema@.= ,
        FUNCTION 1 @extschema@.hscode_hash(@extschema@.hscode),
        FUNCTION 2 @extschema@.hscode_hash_extended(@extschema@.hscode, bigint);
COMMENT ON OPERATOR CLASS @extschema@.hscode_hash_ops USING hash IS 'hashing of hscode, for hash joins, hash aggregation and hash partitioning';

-- hierarchy
CREATE FUNCTION @extschema@.hscode_under_sel(internal, oid, internal, integer) RETURNS float8
    AS 'MODULE_PATHNAME', 'hscode_under_sel' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hscode_over_sel(internal, oid, internal, integer) RETURNS float8
    AS 'MODULE_PATHNAME', 'hscode_over_sel' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hscode_under_joinsel(internal, oid, internal, smallint, internal) RETURNS float8
    AS 'MODULE_PATHNAME', 'hscode_under_joinsel' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hscode_over_joinsel(internal, oid, internal, smallint, internal) RETURNS float8
    AS 'MODULE_PATHNAME', 'hscode_over_joinsel' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.hscode_under_sel(internal, oid, internal, integer) IS 'restriction selectivity of <@ on hscode, from the column''s MCVs and histogram';
COMMENT ON FUNCTION @extschema@.hscode_over_sel(internal, oid, internal, integer) IS 'restriction selectivity of @> on hscode, from the frequencies of the prefixes';
COMMENT ON FUNCTION @extschema@.hscode_under_joinsel(internal, oid, internal, smallint, internal) IS 'join selectivity of <@ on hscode';
COMMENT ON FUNCTION @extschema@.hscode_over_joinsel(internal, oid, internal, smallint, internal) IS 'join selectivity of @> on hscode';

CREATE FUNCTION @extschema@.hscode_contained(@extschema@.hscode, @extschema@.hscode) RETURNS boolean
    AS 'MODULE_PATHNAME', 'hscode_contained' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.hscode_contains(@extschema@.hscode, @extschema@.hscode) RETURNS boolean
    AS 'MODULE_PATHNAME', 'hscode_contains' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.hscode_contained(@extschema@.hscode, @extschema@.hscode) IS 'implementation of <@ on hscode: the first code is the second or under it';
COMMENT ON FUNCTION @extschema@.hscode_contains(@extschema@.hscode, @extschema@.hscode) IS 'implementation of @> on hscode: the first code is the second or covers it';

CREATE OPERATOR @extschema@.<@ (
    LEFTARG = @extschema@.hscode, RIGHTARG = @extschema@.hscode,
    FUNCTION = @extschema@.hscode_contained, COMMUTATOR = OPERATOR(@extschema@.@>),
    RESTRICT = @extschema@.hscode_under_sel, JOIN = @extschema@.hscode_under_joinsel
);
CREATE OPERATOR @extschema@.@> (
    LEFTARG = @extschema@.hscode, RIGHTARG = @extschema@.hscode,
    FUNCTION = @extschema@.hscode_contains, COMMUTATOR = OPERATOR(@extschema@.<@),
    RESTRICT = @extschema@.hscode_over_sel, JOIN = @extschema@.hscode_over_joinsel
);
COMMENT ON OPERATOR @extschema@.<@ (@extschema@.hscode, @extschema@.hscode) IS 'is the right code or under it (854231 <@ 8542)';
COMMENT ON OPERATOR @extschema@.@> (@extschema@.hscode, @extschema@.hscode) IS 'is the right code or covers it (8542 @> 854231)';

-- functions on codes
CREATE FUNCTION @extschema@.hs_chapter(@extschema@.hscode) RETURNS @extschema@.hscode
    AS 'MODULE_PATHNAME', 'hs_chapter' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hs_heading(@extschema@.hscode) RETURNS @extschema@.hscode
    AS 'MODULE_PATHNAME', 'hs_heading' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hs_subheading(@extschema@.hscode) RETURNS @extschema@.hscode
    AS 'MODULE_PATHNAME', 'hs_subheading' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hs_truncate(@extschema@.hscode, integer) RETURNS @extschema@.hscode
    AS 'MODULE_PATHNAME', 'hs_truncate' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hs_ndigits(@extschema@.hscode) RETURNS integer
    AS 'MODULE_PATHNAME', 'hs_ndigits' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hs_level(@extschema@.hscode) RETURNS text
    AS 'MODULE_PATHNAME', 'hs_level' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hs_parent(@extschema@.hscode) RETURNS @extschema@.hscode
    AS 'MODULE_PATHNAME', 'hs_parent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hs_ancestors(@extschema@.hscode, include_self boolean DEFAULT false) RETURNS @extschema@.hscode[]
    AS 'MODULE_PATHNAME', 'hs_ancestors' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hs_section(@extschema@.hscode) RETURNS text
    AS 'MODULE_PATHNAME', 'hs_section' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hs_format(@extschema@.hscode, style text) RETURNS text
    AS 'MODULE_PATHNAME', 'hs_format' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hs_parse(text) RETURNS @extschema@.hscode
    AS 'MODULE_PATHNAME', 'hs_parse' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.hs_is_valid(text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'hs_is_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.hs_chapter(@extschema@.hscode) IS 'the 2-digit chapter of a code';
COMMENT ON FUNCTION @extschema@.hs_heading(@extschema@.hscode) IS 'the 4-digit heading of a code; NULL for a chapter';
COMMENT ON FUNCTION @extschema@.hs_subheading(@extschema@.hscode) IS 'the 6-digit subheading of a code; NULL for a chapter or heading';
COMMENT ON FUNCTION @extschema@.hs_truncate(@extschema@.hscode, integer) IS 'the code cut to n digits (2, 4, 6 or 7 to 12); NULL when it has fewer';
COMMENT ON FUNCTION @extschema@.hs_ndigits(@extschema@.hscode) IS 'number of digits of a code';
COMMENT ON FUNCTION @extschema@.hs_level(@extschema@.hscode) IS 'level of a code: chapter, heading, subheading or national';
COMMENT ON FUNCTION @extschema@.hs_parent(@extschema@.hscode) IS 'the longest proper prefix that is a valid code; NULL for a chapter';
COMMENT ON FUNCTION @extschema@.hs_ancestors(@extschema@.hscode, boolean) IS 'every proper prefix that is a valid code, shortest first, and the code itself if include_self';
COMMENT ON FUNCTION @extschema@.hs_section(@extschema@.hscode) IS 'HS section (I to XXI) of a code; NULL for national chapters 98 and 99';
COMMENT ON FUNCTION @extschema@.hs_format(@extschema@.hscode, text) IS 'a code as tariffs print it: style plain, hs (8542.31.00.00), hts (8542.31.0000), tnved (8542 31 000 0) or cn (8542 31 00 00)';
COMMENT ON FUNCTION @extschema@.hs_parse(text) IS 'the hscode a text stands for, or NULL when it is not one (never raises an error)';
COMMENT ON FUNCTION @extschema@.hs_is_valid(text) IS 'whether hscode input would accept the text';

CREATE CAST (text AS @extschema@.hscode) WITH INOUT AS ASSIGNMENT;
CREATE CAST (@extschema@.hscode AS text) WITH INOUT AS ASSIGNMENT;
CREATE CAST (varchar AS @extschema@.hscode) WITH INOUT AS ASSIGNMENT;
COMMENT ON CAST (text AS @extschema@.hscode) IS 'parses text as hscode input does';
COMMENT ON CAST (@extschema@.hscode AS text) IS 'canonical digits';
COMMENT ON CAST (varchar AS @extschema@.hscode) IS 'parses varchar as hscode input does';

CREATE FUNCTION @extschema@.trade_screen_icu_version() RETURNS text
    AS 'MODULE_PATHNAME', 'trade_screen_icu_version' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.trade_screen_icu_version() IS 'version of the ICU library the server runs trade_screen with';

COMMENT ON OPERATOR FAMILY @extschema@.hscode_ops USING btree IS 'btree operators of hscode';
COMMENT ON OPERATOR FAMILY @extschema@.hscode_hash_ops USING hash IS 'hash operators of hscode';
