-- install/80_names.sql: counterparty names (name keys, similarity, the %% operator and its GIN opclasses), listed parties, the targets.simple.csv loader and the party indicator.

CREATE FUNCTION @extschema@.name_key(text) RETURNS text
    AS 'MODULE_PATHNAME', 'name_key' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 50;
COMMENT ON FUNCTION @extschema@.name_key(text) IS 'comparison key of a counterparty name: ICU romanisation, legal form reduced to its class, transliteration variants folded, words sorted; depends on the ICU version';

CREATE FUNCTION @extschema@.name_similarity(text, text) RETURNS double precision
    AS 'MODULE_PATHNAME', 'name_similarity' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 100;
COMMENT ON FUNCTION @extschema@.name_similarity(text, text) IS 'similarity of two counterparty names in [0, 1], 1 only for equal keys: weighted token alignment robust to script, word order, legal form, one typo per long word, added words around a contained name, initialisms, numbers and generic words in the region''s languages; depends on the ICU version';

CREATE FUNCTION @extschema@.name_similarity(text, text[]) RETURNS double precision
    AS 'MODULE_PATHNAME', 'name_similarity_any' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 200;
COMMENT ON FUNCTION @extschema@.name_similarity(text, text[]) IS 'best name_similarity of a name with any element of an array of names (0 when it has none)';

CREATE FUNCTION @extschema@.name_best_alias(text, text[]) RETURNS text
    AS 'MODULE_PATHNAME', 'name_best_alias' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 200;
COMMENT ON FUNCTION @extschema@.name_best_alias(text, text[]) IS 'the element of an array of names most similar to a name (the first of equals); NULL when the array has no element';

CREATE FUNCTION @extschema@.name_similarity_parts(a text, b text,
        OUT alignment double precision, OUT legal_factor double precision,
        OUT shared_key boolean, OUT similarity double precision)
    AS 'MODULE_PATHNAME', 'name_similarity_parts' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 100;
COMMENT ON FUNCTION @extschema@.name_similarity_parts(text, text) IS 'the parts of name_similarity: token alignment score, legal-form factor, whether the names share an index key (halved when not), and the similarity';

CREATE FUNCTION @extschema@.name_match(text, text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'name_match' LANGUAGE C STABLE STRICT PARALLEL SAFE COST 100;
COMMENT ON FUNCTION @extschema@.name_match(text, text) IS 'name_similarity at least trade_screen.name_threshold (default 0.75): the function of the %% operator';

CREATE FUNCTION @extschema@.name_match_any(text, text[]) RETURNS boolean
    AS 'MODULE_PATHNAME', 'name_match_any' LANGUAGE C STABLE STRICT PARALLEL SAFE COST 200;
COMMENT ON FUNCTION @extschema@.name_match_any(text, text[]) IS 'a name matches some element of an array of names (name_match): the function of text %% text[]';

CREATE FUNCTION @extschema@.name_any_match(text[], text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'name_any_match' LANGUAGE C STABLE STRICT PARALLEL SAFE COST 200;
COMMENT ON FUNCTION @extschema@.name_any_match(text[], text) IS 'some element of an array of names matches a name (name_match): the function of text[] %% text';

CREATE OPERATOR @extschema@.%% (
    LEFTARG = text, RIGHTARG = text, FUNCTION = @extschema@.name_match,
    COMMUTATOR = OPERATOR(@extschema@.%%),
    RESTRICT = matchingsel, JOIN = matchingjoinsel
);
COMMENT ON OPERATOR @extschema@.%% (text, text) IS 'counterparty names match (name_match); indexable with gin_name_ops';

CREATE OPERATOR @extschema@.%% (
    LEFTARG = text, RIGHTARG = text[], FUNCTION = @extschema@.name_match_any,
    RESTRICT = matchingsel, JOIN = matchingjoinsel
);
CREATE OPERATOR @extschema@.%% (
    LEFTARG = text[], RIGHTARG = text, FUNCTION = @extschema@.name_any_match,
    COMMUTATOR = OPERATOR(@extschema@.%%),
    RESTRICT = matchingsel, JOIN = matchingjoinsel
);
COMMENT ON OPERATOR @extschema@.%% (text, text[]) IS 'a counterparty name matches some name of an array (name_match_any); indexable with gin_name_array_ops';
COMMENT ON OPERATOR @extschema@.%% (text[], text) IS 'some name of an array matches a counterparty name (name_any_match); indexable with gin_name_array_ops';

CREATE FUNCTION @extschema@.gin_name_extract_value(text, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'gin_name_extract_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.gin_name_extract_value_array(text[], internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'gin_name_extract_value_array' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.gin_name_extract_query(text, internal, int2, internal, internal, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'gin_name_extract_query' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.gin_name_consistent(internal, int2, text, int4, internal, internal, internal, internal) RETURNS boolean
    AS 'MODULE_PATHNAME', 'gin_name_consistent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.gin_name_triconsistent(internal, int2, text, int4, internal, internal, internal) RETURNS "char"
    AS 'MODULE_PATHNAME', 'gin_name_triconsistent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.gin_name_array_extract_query("any", internal, int2, internal, internal, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'gin_name_array_extract_query' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.gin_name_array_consistent(internal, int2, "any", int4, internal, internal, internal, internal) RETURNS boolean
    AS 'MODULE_PATHNAME', 'gin_name_array_consistent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.gin_name_array_triconsistent(internal, int2, "any", int4, internal, internal, internal) RETURNS "char"
    AS 'MODULE_PATHNAME', 'gin_name_array_triconsistent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gin_name_array_extract_query("any", internal, int2, internal, internal, internal, internal) IS 'GIN support for gin_name_array_ops: the index keys of the name (text) searched for, as gin_name_extract_query';
COMMENT ON FUNCTION @extschema@.gin_name_array_consistent(internal, int2, "any", int4, internal, internal, internal, internal) IS 'GIN support for gin_name_array_ops: as gin_name_consistent, on the keys of all the names of a row';
COMMENT ON FUNCTION @extschema@.gin_name_array_triconsistent(internal, int2, "any", int4, internal, internal, internal) IS 'GIN support for gin_name_array_ops: ternary form of gin_name_array_consistent';
COMMENT ON FUNCTION @extschema@.gin_name_extract_value(text, internal, internal) IS 'GIN support: the index keys of a counterparty name (distinctive words, their one-deletion variants, consonant skeletons, the joined words, its initials or its one word as a possible initialism)';
COMMENT ON FUNCTION @extschema@.gin_name_extract_value_array(text[], internal, internal) IS 'GIN support: the index keys of every name of an array';
COMMENT ON FUNCTION @extschema@.gin_name_extract_query(text, internal, int2, internal, internal, internal, internal) IS 'GIN support: the index keys of the name searched for, and those its generic words would give, each with the words it comes from (passed to the consistent functions)';
COMMENT ON FUNCTION @extschema@.gin_name_consistent(internal, int2, text, int4, internal, internal, internal, internal) IS 'GIN support: a row is a candidate when the words of the query it shares keys with leave its similarity able to reach trade_screen.name_threshold (an upper bound, never below the similarity); name_match rechecks it';
COMMENT ON FUNCTION @extschema@.gin_name_triconsistent(internal, int2, text, int4, internal, internal, internal) IS 'GIN support: ternary form of gin_name_consistent (lets GIN read the keys of common words only for rows the rare words found)';

CREATE OPERATOR CLASS @extschema@.gin_name_ops
    FOR TYPE text USING gin AS
        OPERATOR 1 @extschema@.%% (text, text),
        FUNCTION 1 pg_catalog.btint4cmp(int4, int4),
        FUNCTION 2 @extschema@.gin_name_extract_value(text, internal, internal),
        FUNCTION 3 @extschema@.gin_name_extract_query(text, internal, int2, internal, internal, internal, internal),
        FUNCTION 4 @extschema@.gin_name_consistent(internal, int2, text, int4, internal, internal, internal, internal),
        FUNCTION 6 @extschema@.gin_name_triconsistent(internal, int2, text, int4, internal, internal, internal),
        STORAGE int4;
COMMENT ON OPERATOR FAMILY @extschema@.gin_name_ops USING gin IS 'GIN operators of counterparty names: %%';
COMMENT ON OPERATOR CLASS @extschema@.gin_name_ops USING gin IS 'GIN index of counterparty names for the %% operator: candidates share a key, name_match rechecks them';

CREATE OPERATOR CLASS @extschema@.gin_name_array_ops
    FOR TYPE text[] USING gin AS
        OPERATOR 1 @extschema@.%% (text[], text),
        FUNCTION 1 pg_catalog.btint4cmp(int4, int4),
        FUNCTION 2 @extschema@.gin_name_extract_value_array(text[], internal, internal),
        FUNCTION 3 @extschema@.gin_name_array_extract_query("any", internal, int2, internal, internal, internal, internal),
        FUNCTION 4 @extschema@.gin_name_array_consistent(internal, int2, "any", int4, internal, internal, internal, internal),
        FUNCTION 6 @extschema@.gin_name_array_triconsistent(internal, int2, "any", int4, internal, internal, internal),
        STORAGE int4;
COMMENT ON OPERATOR FAMILY @extschema@.gin_name_array_ops USING gin IS 'GIN operators of arrays of counterparty names: %%';
COMMENT ON OPERATOR CLASS @extschema@.gin_name_array_ops USING gin IS 'GIN index of arrays of counterparty names (a name and its aliases) for the %% operator';
