-- install/50_country.sql: the country type, its operators, opclasses, names, borders and distances.

CREATE TYPE @extschema@.country;

CREATE FUNCTION @extschema@.country_in(cstring) RETURNS @extschema@.country
    AS 'MODULE_PATHNAME', 'country_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.country_out(@extschema@.country) RETURNS cstring
    AS 'MODULE_PATHNAME', 'country_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.country_recv(internal) RETURNS @extschema@.country
    AS 'MODULE_PATHNAME', 'country_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.country_send(@extschema@.country) RETURNS bytea
    AS 'MODULE_PATHNAME', 'country_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.country (
    INPUT = @extschema@.country_in,
    OUTPUT = @extschema@.country_out,
    RECEIVE = @extschema@.country_recv,
    SEND = @extschema@.country_send,
    INTERNALLENGTH = 2,
    PASSEDBYVALUE,
    ALIGNMENT = int2,
    STORAGE = plain,
    CATEGORY = 'U'
);
COMMENT ON TYPE @extschema@.country IS 'ISO 3166-1 country (plus XK Kosovo, EU European Union, ZZ unknown), stored in 2 bytes; reads alpha-2, alpha-3 or numeric codes, prints alpha-2';

COMMENT ON FUNCTION @extschema@.country_in(cstring) IS 'text input of country: ISO alpha-2, alpha-3 or numeric code in any case';
COMMENT ON FUNCTION @extschema@.country_out(@extschema@.country) IS 'text output of country: alpha-2 code';
COMMENT ON FUNCTION @extschema@.country_recv(internal) IS 'binary input of country: the code as text, validated as text input is';
COMMENT ON FUNCTION @extschema@.country_send(@extschema@.country) IS 'binary output of country: the alpha-2 code as text';

CREATE FUNCTION @extschema@.country_eq(@extschema@.country, @extschema@.country) RETURNS boolean
    AS 'MODULE_PATHNAME', 'country_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.country_ne(@extschema@.country, @extschema@.country) RETURNS boolean
    AS 'MODULE_PATHNAME', 'country_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.country_lt(@extschema@.country, @extschema@.country) RETURNS boolean
    AS 'MODULE_PATHNAME', 'country_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.country_le(@extschema@.country, @extschema@.country) RETURNS boolean
    AS 'MODULE_PATHNAME', 'country_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.country_gt(@extschema@.country, @extschema@.country) RETURNS boolean
    AS 'MODULE_PATHNAME', 'country_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.country_ge(@extschema@.country, @extschema@.country) RETURNS boolean
    AS 'MODULE_PATHNAME', 'country_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.country_cmp(@extschema@.country, @extschema@.country) RETURNS integer
    AS 'MODULE_PATHNAME', 'country_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.country_sortsupport(internal) RETURNS void
    AS 'MODULE_PATHNAME', 'country_sortsupport' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.country_hash(@extschema@.country) RETURNS integer
    AS 'MODULE_PATHNAME', 'country_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.country_hash_extended(@extschema@.country, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'country_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION @extschema@.country_eq(@extschema@.country, @extschema@.country) IS 'implementation of = on country';
COMMENT ON FUNCTION @extschema@.country_ne(@extschema@.country, @extschema@.country) IS 'implementation of <> on country';
COMMENT ON FUNCTION @extschema@.country_lt(@extschema@.country, @extschema@.country) IS 'implementation of < on country';
COMMENT ON FUNCTION @extschema@.country_le(@extschema@.country, @extschema@.country) IS 'implementation of <= on country';
COMMENT ON FUNCTION @extschema@.country_gt(@extschema@.country, @extschema@.country) IS 'implementation of > on country';
COMMENT ON FUNCTION @extschema@.country_ge(@extschema@.country, @extschema@.country) IS 'implementation of >= on country';
COMMENT ON FUNCTION @extschema@.country_cmp(@extschema@.country, @extschema@.country) IS 'btree comparison of country: alphabetical order of alpha-2 codes';
COMMENT ON FUNCTION @extschema@.country_sortsupport(internal) IS 'btree sort support of country';
COMMENT ON FUNCTION @extschema@.country_hash(@extschema@.country) IS 'hash of country';
COMMENT ON FUNCTION @extschema@.country_hash_extended(@extschema@.country, bigint) IS 'seeded 64-bit hash of country, for hash partitioning';

CREATE OPERATOR @extschema@.= (
    LEFTARG = @extschema@.country, RIGHTARG = @extschema@.country,
    FUNCTION = @extschema@.country_eq, COMMUTATOR = OPERATOR(@extschema@.=),
    NEGATOR = OPERATOR(@extschema@.<>), RESTRICT = eqsel, JOIN = eqjoinsel,
    HASHES, MERGES
);
CREATE OPERATOR @extschema@.<> (
    LEFTARG = @extschema@.country, RIGHTARG = @extschema@.country,
    FUNCTION = @extschema@.country_ne, COMMUTATOR = OPERATOR(@extschema@.<>),
    NEGATOR = OPERATOR(@extschema@.=), RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR @extschema@.< (
    LEFTARG = @extschema@.country, RIGHTARG = @extschema@.country,
    FUNCTION = @extschema@.country_lt, COMMUTATOR = OPERATOR(@extschema@.>),
    NEGATOR = OPERATOR(@extschema@.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR @extschema@.<= (
    LEFTARG = @extschema@.country, RIGHTARG = @extschema@.country,
    FUNCTION = @extschema@.country_le, COMMUTATOR = OPERATOR(@extschema@.>=),
    NEGATOR = OPERATOR(@extschema@.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR @extschema@.> (
    LEFTARG = @extschema@.country, RIGHTARG = @extschema@.country,
    FUNCTION = @extschema@.country_gt, COMMUTATOR = OPERATOR(@extschema@.<),
    NEGATOR = OPERATOR(@extschema@.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR @extschema@.>= (
    LEFTARG = @extschema@.country, RIGHTARG = @extschema@.country,
    FUNCTION = @extschema@.country_ge, COMMUTATOR = OPERATOR(@extschema@.<=),
    NEGATOR = OPERATOR(@extschema@.<), RESTRICT = scalargesel, JOIN = scalargejoinsel
);
COMMENT ON OPERATOR @extschema@.= (@extschema@.country, @extschema@.country) IS 'same country';
COMMENT ON OPERATOR @extschema@.<> (@extschema@.country, @extschema@.country) IS 'different countries';
COMMENT ON OPERATOR @extschema@.< (@extschema@.country, @extschema@.country) IS 'sorts before, by alpha-2 code';
COMMENT ON OPERATOR @extschema@.<= (@extschema@.country, @extschema@.country) IS 'sorts before or equal, by alpha-2 code';
COMMENT ON OPERATOR @extschema@.> (@extschema@.country, @extschema@.country) IS 'sorts after, by alpha-2 code';
COMMENT ON OPERATOR @extschema@.>= (@extschema@.country, @extschema@.country) IS 'sorts after or equal, by alpha-2 code';

CREATE OPERATOR CLASS @extschema@.country_ops
    DEFAULT FOR TYPE @extschema@.country USING btree AS
        OPERATOR 1 @extschema@.< ,
        OPERATOR 2 @extschema@.<= ,
        OPERATOR 3 @extschema@.= ,
        OPERATOR 4 @extschema@.>= ,
        OPERATOR 5 @extschema@.> ,
        FUNCTION 1 @extschema@.country_cmp(@extschema@.country, @extschema@.country),
        FUNCTION 2 @extschema@.country_sortsupport(internal),
        FUNCTION 4 btequalimage(oid);
COMMENT ON OPERATOR CLASS @extschema@.country_ops USING btree IS 'alphabetical order of alpha-2 codes';

CREATE OPERATOR CLASS @extschema@.country_hash_ops
    DEFAULT FOR TYPE @extschema@.country USING hash AS
        OPERATOR 1 @extschema@.= ,
        FUNCTION 1 @extschema@.country_hash(@extschema@.country),
        FUNCTION 2 @extschema@.country_hash_extended(@extschema@.country, bigint);
COMMENT ON OPERATOR CLASS @extschema@.country_hash_ops USING hash IS 'hashing of country, for hash joins, hash aggregation and hash partitioning';

CREATE CAST (text AS @extschema@.country) WITH INOUT AS ASSIGNMENT;
CREATE CAST (@extschema@.country AS text) WITH INOUT AS ASSIGNMENT;
CREATE CAST (varchar AS @extschema@.country) WITH INOUT AS ASSIGNMENT;
CREATE CAST (bpchar AS @extschema@.country) WITH INOUT AS ASSIGNMENT;
COMMENT ON CAST (text AS @extschema@.country) IS 'reads a country code as country input does';
COMMENT ON CAST (@extschema@.country AS text) IS 'alpha-2 code';
COMMENT ON CAST (varchar AS @extschema@.country) IS 'reads a country code as country input does';
COMMENT ON CAST (bpchar AS @extschema@.country) IS 'reads a country code as country input does';

-- comparing with text columns of codes
CREATE FUNCTION @extschema@.country_eq_text(@extschema@.country, text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'country_eq_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.text_eq_country(text, @extschema@.country) RETURNS boolean
    AS 'MODULE_PATHNAME', 'text_eq_country' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.country_ne_text(@extschema@.country, text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'country_ne_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.text_ne_country(text, @extschema@.country) RETURNS boolean
    AS 'MODULE_PATHNAME', 'text_ne_country' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.country_eq_text(@extschema@.country, text) IS 'implementation of country = text: the text is a code of the country';
COMMENT ON FUNCTION @extschema@.text_eq_country(text, @extschema@.country) IS 'implementation of text = country: the text is a code of the country';
COMMENT ON FUNCTION @extschema@.country_ne_text(@extschema@.country, text) IS 'implementation of country <> text';
COMMENT ON FUNCTION @extschema@.text_ne_country(text, @extschema@.country) IS 'implementation of text <> country';
CREATE OPERATOR @extschema@.= (
    LEFTARG = @extschema@.country, RIGHTARG = text, FUNCTION = @extschema@.country_eq_text,
    COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel
);
CREATE OPERATOR @extschema@.= (
    LEFTARG = text, RIGHTARG = @extschema@.country, FUNCTION = @extschema@.text_eq_country,
    COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel
);
CREATE OPERATOR @extschema@.<> (
    LEFTARG = @extschema@.country, RIGHTARG = text, FUNCTION = @extschema@.country_ne_text,
    COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
    RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR @extschema@.<> (
    LEFTARG = text, RIGHTARG = @extschema@.country, FUNCTION = @extschema@.text_ne_country,
    COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
    RESTRICT = neqsel, JOIN = neqjoinsel
);
COMMENT ON OPERATOR @extschema@.= (@extschema@.country, text) IS 'the text is a code of the country (KZ = ''KAZ''); false for text that is no code';
COMMENT ON OPERATOR @extschema@.= (text, @extschema@.country) IS 'the text is a code of the country; false for text that is no code';
COMMENT ON OPERATOR @extschema@.<> (@extschema@.country, text) IS 'the text is not a code of the country';
COMMENT ON OPERATOR @extschema@.<> (text, @extschema@.country) IS 'the text is not a code of the country';

-- codes and names
CREATE FUNCTION @extschema@.country_alpha3(@extschema@.country) RETURNS text
    AS 'MODULE_PATHNAME', 'country_alpha3' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.country_numeric(@extschema@.country) RETURNS text
    AS 'MODULE_PATHNAME', 'country_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.country_name(@extschema@.country, lang text DEFAULT 'en') RETURNS text
    AS 'MODULE_PATHNAME', 'country_name' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.country_alpha3(@extschema@.country) IS 'ISO 3166-1 alpha-3 code; NULL for EU';
COMMENT ON FUNCTION @extschema@.country_numeric(@extschema@.country) IS 'ISO 3166-1 numeric code as 3 digits; NULL for XK, EU and ZZ';
COMMENT ON FUNCTION @extschema@.country_name(@extschema@.country, text) IS 'name in a language: en, en_official, en_common, ru, ru_official, kk, kk_official, ky, uz, uk, tr, hy, ka; NULL when the data has none';

-- ICU-dependent: see trade_screen_icu_version()
CREATE FUNCTION @extschema@.normalize_name(text) RETURNS text
    AS 'MODULE_PATHNAME', 'normalize_name' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 50;
CREATE FUNCTION @extschema@.country_from_name(text) RETURNS @extschema@.country
    AS 'MODULE_PATHNAME', 'country_from_name' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 50;
CREATE FUNCTION @extschema@.country_from_name_or_null(text) RETURNS @extschema@.country
    AS 'MODULE_PATHNAME', 'country_from_name_or_null' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 50;
COMMENT ON FUNCTION @extschema@.normalize_name(text) IS 'look-up key of a name: ICU NFKC, lower case, any script to Latin, no diacritics, words sorted; depends on the ICU version';
COMMENT ON FUNCTION @extschema@.country_from_name(text) IS 'the country a code or a name in any language of the compiled table stands for; error when none or several do; depends on the ICU version';
COMMENT ON FUNCTION @extschema@.country_from_name_or_null(text) IS 'as country_from_name, but NULL instead of an error (for dirty data)';

-- borders and distances
CREATE FUNCTION @extschema@.country_borders(@extschema@.country, @extschema@.country) RETURNS boolean
    AS 'MODULE_PATHNAME', 'country_borders' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.country_neighbours(@extschema@.country) RETURNS @extschema@.country[]
    AS 'MODULE_PATHNAME', 'country_neighbours' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.country_distance_km(@extschema@.country, @extschema@.country) RETURNS double precision
    AS 'MODULE_PATHNAME', 'country_distance_km' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.country_borders(@extschema@.country, @extschema@.country) IS 'whether two countries share a land border (world-countries data)';
COMMENT ON FUNCTION @extschema@.country_neighbours(@extschema@.country) IS 'the countries sharing a land border with a country, in code order';
COMMENT ON FUNCTION @extschema@.country_distance_km(@extschema@.country, @extschema@.country) IS 'great-circle distance in km between the centroids of two countries; NULL when one has no centroid';

COMMENT ON OPERATOR FAMILY @extschema@.country_ops USING btree IS 'btree operators of country';
COMMENT ON OPERATOR FAMILY @extschema@.country_hash_ops USING hash IS 'hash operators of country';
