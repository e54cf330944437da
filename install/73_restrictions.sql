-- install/73_restrictions.sql: export restrictions as data: regimes (who they bind, which destinations), their listed goods with validity dates and conditions, and a CSV loader for other regimes.

-- A regime binds the exporters of some jurisdictions (the EU's member states for
-- Regulation 833/2014; the coalition for the Common High Priority List) and covers
-- some destinations.  Scoring asks, for each declaration: are these goods listed by
-- a regime that covers this destination on this date, and does the regime bind the
-- origin or a country the goods left before the destination?

CREATE TABLE @extschema@.restriction_regimes (
    regime text PRIMARY KEY CHECK (regime ~ '^[A-Za-z0-9_.:-]+$'),
    title text NOT NULL,
    binds @extschema@.country[] NOT NULL,
    destinations @extschema@.country[] NOT NULL,
    data_until date,
    source text NOT NULL,
    shipped boolean NOT NULL DEFAULT false,
    CHECK (cardinality(binds) > 0 AND cardinality(destinations) > 0)
);
COMMENT ON TABLE @extschema@.restriction_regimes IS 'export-restriction regimes: the jurisdictions whose exporters each binds and the destinations it covers; the listed goods are in restrictions. A shipped reference table (EU-833 and CHPL shipped): your edits of shipped rows become your rows and survive pg_dump and upgrades';
COMMENT ON COLUMN @extschema@.restriction_regimes.regime IS 'short name, e.g. EU-833, CHPL, US-EAR-746-S4, UK-RU-SCHED';
COMMENT ON COLUMN @extschema@.restriction_regimes.binds IS 'the jurisdictions whose exporters the regime binds: a declaration is bound when its origin, or a country of its route before the destination, is one of them';
COMMENT ON COLUMN @extschema@.restriction_regimes.destinations IS 'the destinations the regime covers';
COMMENT ON COLUMN @extschema@.restriction_regimes.data_until IS 'the date the regime''s rows are complete to: later amendments are missing until you load them (restrictions_load)';
COMMENT ON COLUMN @extschema@.restriction_regimes.source IS 'the legal act, its consolidated version and where the rows come from';
COMMENT ON COLUMN @extschema@.restriction_regimes.shipped IS 'true for rows installed by the extension; pg_dump saves only the others';

CREATE TABLE @extschema@.restrictions (
    regime text NOT NULL REFERENCES @extschema@.restriction_regimes ON UPDATE CASCADE,
    code @extschema@.hscode NOT NULL,
    list text NOT NULL,
    valid_from date NOT NULL,
    valid_to date,
    ex boolean NOT NULL DEFAULT false,
    min_item_value_eur double precision CHECK (min_item_value_eur >= 0 AND min_item_value_eur < 'Infinity'),
    description text,
    conditions text,
    source text NOT NULL,
    shipped boolean NOT NULL DEFAULT false,
    PRIMARY KEY (regime, code, list, valid_from),
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);
COMMENT ON TABLE @extschema@.restrictions IS 'goods listed by export-restriction regimes: one row per code, list (annex and part, or tier) and validity; a code covers every declaration code under it; ex and min_item_value_eur are conditions on the goods. Shipped: EU Council Regulation 833/2014 annexes as consolidated to 27 April 2023, and the CHPL. A shipped reference table: edits survive pg_dump and upgrades; load more with restrictions_load';
COMMENT ON COLUMN @extschema@.restrictions.code IS 'the listed code at any level (2 to 10 digits; CN codes ending in 00 pairs are stored as their HS heading or subheading)';
COMMENT ON COLUMN @extschema@.restrictions.list IS 'where the code is listed: annex and part (EU), tier (CHPL), supplement (US EAR)';
COMMENT ON COLUMN @extschema@.restrictions.valid_from IS 'first day the restriction applies to new contracts';
COMMENT ON COLUMN @extschema@.restrictions.valid_to IS 'first day it no longer applies; NULL while it does';
COMMENT ON COLUMN @extschema@.restrictions.ex IS 'an "ex" code: only the goods described are listed, not every good of the code, so scoring counts it as a partial match (restriction.ex_factor), or in full when the row has a value condition (min_item_value_eur) that the declared unit value is verified to meet';
COMMENT ON COLUMN @extschema@.restrictions.min_item_value_eur IS 'a value condition: the restriction applies only to items worth more than this many euros each (Annex XVIII of Regulation 833/2014); scoring compares the declared unit value of declarations counted in items, converted with restriction.usd_per_eur';
COMMENT ON COLUMN @extschema@.restrictions.conditions IS 'the conditions of the legal text in words (wind-down periods, exemptions) that the columns do not model';
COMMENT ON COLUMN @extschema@.restrictions.source IS 'the article and act that list the code';
COMMENT ON COLUMN @extschema@.restrictions.shipped IS 'true for rows installed by the extension; pg_dump saves only the others';

CREATE INDEX restrictions_code_idx ON @extschema@.restrictions (code);

SELECT pg_catalog.pg_extension_config_dump('@extschema@.restriction_regimes', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.restrictions', 'WHERE NOT shipped');
SELECT @extschema@.shipped_rows_attach('@extschema@.restriction_regimes');
SELECT @extschema@.shipped_rows_attach('@extschema@.restrictions');
GRANT SELECT ON @extschema@.restriction_regimes, @extschema@.restrictions TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON @extschema@.restriction_regimes, @extschema@.restrictions TO @extowner@;

CREATE TRIGGER screen_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.restriction_regimes
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.screen_config_changed();
CREATE TRIGGER screen_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.restrictions
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.screen_config_changed();

-- The CSV loader -------------------------------------------------------------

CREATE FUNCTION @extschema@.restrictions_load(regime text, source regclass, replace boolean DEFAULT false,
        OUT loaded bigint, OUT rejected bigint)
    RETURNS record
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $load$
    DECLARE
        r constant text := $1;
        have text[];
        missing text;
    BEGIN
        IF r IS NULL OR source IS NULL THEN
            RAISE EXCEPTION 'regime and source of restrictions_load must not be NULL' USING ERRCODE = 'null_value_not_allowed';
        END IF;
        IF NOT EXISTS (SELECT FROM @extschema@.restriction_regimes g WHERE g.regime = r) THEN
            RAISE EXCEPTION 'restriction regime "%" does not exist', r
                USING ERRCODE = 'undefined_object',
                      HINT = 'Insert it into restriction_regimes first, with the jurisdictions it binds and the destinations it covers.';
        END IF;
        SELECT array_agg(a.attname::text) INTO have FROM pg_attribute a
         WHERE a.attrelid = source AND a.attnum > 0 AND NOT a.attisdropped;
        SELECT string_agg(w, ', ') INTO missing
          FROM unnest(ARRAY['code', 'list', 'valid_from', 'source']) w WHERE NOT w = ANY (have);
        IF missing IS NOT NULL THEN
            RAISE EXCEPTION 'column "%" is missing from %', split_part(missing, ', ', 1), source
                USING ERRCODE = 'undefined_column',
                      DETAIL = 'restrictions_load reads code, list, valid_from and source (text), and valid_to, ex, min_item_value_eur, description and conditions when present.',
                      HINT = 'Load the CSV into a table with those columns (\copy t FROM ''file.csv'' WITH (FORMAT csv, HEADER true)), or pass a view that renames them.';
        END IF;
        IF replace THEN
            DELETE FROM @extschema@.restrictions x WHERE x.regime = r;
        END IF;
        EXECUTE format($q$
            CREATE TEMP TABLE _ts_restr ON COMMIT DROP AS
            SELECT s.code::text AS raw, @extschema@.restriction_code(s.code::text) AS code,
                   s.list::text AS list, s.valid_from::date AS valid_from, %s AS valid_to,
                   %s AS ex, %s AS min_value, %s AS description, %s AS conditions, s.source::text AS source
              FROM %s s$q$,
            CASE WHEN 'valid_to' = ANY (have) THEN 's.valid_to::date' ELSE 'NULL::date' END,
            CASE WHEN 'ex' = ANY (have) THEN 'coalesce(s.ex::text IN (''ex'', ''true'', ''t'', ''1'', ''yes''), false)' ELSE 'false' END,
            CASE WHEN 'min_item_value_eur' = ANY (have) THEN 'nullif(s.min_item_value_eur::text, '''')::float8' ELSE 'NULL::float8' END,
            CASE WHEN 'description' = ANY (have) THEN 's.description::text' ELSE 'NULL::text' END,
            CASE WHEN 'conditions' = ANY (have) THEN 's.conditions::text' ELSE 'NULL::text' END,
            source);
        SELECT count(*) FILTER (WHERE t.code IS NULL OR t.list IS NULL OR t.valid_from IS NULL OR t.source IS NULL)
          INTO rejected FROM _ts_restr t;
        INSERT INTO @extschema@.restrictions AS x (regime, code, list, valid_from, valid_to, ex, min_item_value_eur,
                                                   description, conditions, source)
        SELECT DISTINCT ON (t.code, t.list, t.valid_from) r, t.code, t.list, t.valid_from, t.valid_to, t.ex, t.min_value,
               t.description, t.conditions, t.source
          FROM _ts_restr t
         WHERE t.code IS NOT NULL AND t.list IS NOT NULL AND t.valid_from IS NOT NULL AND t.source IS NOT NULL
         ORDER BY t.code, t.list, t.valid_from
        ON CONFLICT ON CONSTRAINT restrictions_pkey DO UPDATE
           SET valid_to = excluded.valid_to, ex = excluded.ex, min_item_value_eur = excluded.min_item_value_eur,
               description = excluded.description, conditions = excluded.conditions, source = excluded.source;
        GET DIAGNOSTICS loaded = ROW_COUNT;
        DROP TABLE _ts_restr;
    END
    $load$;
COMMENT ON FUNCTION @extschema@.restrictions_load(text, regclass, boolean) IS 'load the listed goods of a regime (already in restriction_regimes) from a table or view of CSV rows: code (HS/CN/HTS digits, spaces and dots allowed; "ex" prefix marks an ex code), list, valid_from, source, and optional valid_to, ex, min_item_value_eur, description, conditions; rows with a key already present are updated; replace = true first deletes the regime''s rows; returns the rows loaded and the rows rejected (no code or missing values)';

CREATE FUNCTION @extschema@.restriction_code(text) RETURNS @extschema@.hscode
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    -- digits only; a CN or HTS line ending in 00 pairs is its HS heading or subheading
    SELECT CASE WHEN d ~ '^[0-9]{2}([0-9]{2}){0,4}$'
                THEN @extschema@.hs_parse(CASE WHEN length(d) > 4 THEN regexp_replace(d, '^([0-9]{4}(?:[0-9]{2})*?)(?:00)+$', '\1') ELSE d END)
           END
      FROM (SELECT regexp_replace(regexp_replace($1, '^\s*ex\s*', '', 'i'), '[^0-9]', '', 'g') AS d) x
    $$;
COMMENT ON FUNCTION @extschema@.restriction_code(text) IS 'a listed code as printed (7304 11 00, 8542.31, ex 8471 00 00) as an hscode: digits only, trailing 00 pairs of a CN or HTS line dropped down to the heading (7304 11 00 is subheading 730411, 8471 00 00 heading 8471); NULL when it is not 2 to 10 digits in pairs';
