-- install/75_trade_stats.sql: trade statistics: HS editions (hs_correlation, hs_convert, hs_restate), mirror gaps (mirror_gap), re-exports through a hub (pass_through), and lane_change over annual series.

-- HS editions ---------------------------------------------------------------------

CREATE TABLE @extschema@.hs_correlation (
    edition text NOT NULL,
    code @extschema@.hscode NOT NULL,
    other_edition text NOT NULL,
    other_code @extschema@.hscode NOT NULL,
    relationship text NOT NULL,
    shipped boolean NOT NULL DEFAULT false,
    PRIMARY KEY (edition, code, other_edition, other_code),
    CHECK (edition <> other_edition),
    CHECK (relationship IN ('1:1', '1:n', 'n:1', 'n:n'))
);
COMMENT ON TABLE @extschema@.hs_correlation IS 'correlation of six-digit codes between two nomenclature editions, one row per linked pair (the newer edition first): the UNSD HS2022-HS2017 correlation shipped; users add other pairs of editions; users'' rows and edits of shipped rows survive pg_dump and upgrades (see shipped_rows_attach)';
COMMENT ON COLUMN @extschema@.hs_correlation.edition IS 'the newer edition, e.g. HS2022';
COMMENT ON COLUMN @extschema@.hs_correlation.code IS 'six-digit code of the newer edition';
COMMENT ON COLUMN @extschema@.hs_correlation.other_edition IS 'the older edition, e.g. HS2017';
COMMENT ON COLUMN @extschema@.hs_correlation.other_code IS 'a six-digit code of the older edition that the code takes goods from or gives goods to';
COMMENT ON COLUMN @extschema@.hs_correlation.relationship IS 'the UNSD relationship of the pair: 1:1, n:1 (several newer codes come from one older code), 1:n (one newer code from several older), n:n';
COMMENT ON COLUMN @extschema@.hs_correlation.shipped IS 'true for rows as the extension ships them; every row a user writes or edits is false; pg_dump saves those';
CREATE INDEX hs_correlation_other ON @extschema@.hs_correlation (other_edition, other_code);

CREATE TABLE @extschema@.hs_conversion_shares (
    from_edition text NOT NULL,
    from_code @extschema@.hscode NOT NULL,
    to_edition text NOT NULL,
    to_code @extschema@.hscode NOT NULL,
    share double precision NOT NULL,
    note text,
    PRIMARY KEY (from_edition, from_code, to_edition, to_code),
    CHECK (share >= 0 AND share < 'Infinity'::double precision)
);
COMMENT ON TABLE @extschema@.hs_conversion_shares IS 'trade shares a user knows for a code that splits: hs_convert weighs the counterparts of from_code by these shares (normalised to sum 1) instead of its default weights; empty as shipped, saved whole by pg_dump';
COMMENT ON COLUMN @extschema@.hs_conversion_shares.share IS 'relative share of from_code''s trade that belongs to to_code (any scale: hs_convert normalises; counterparts without a row weigh 0)';
COMMENT ON COLUMN @extschema@.hs_conversion_shares.note IS 'where the share comes from, e.g. the first months of the new edition in your own data';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.hs_correlation', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.hs_conversion_shares', '');
GRANT SELECT ON @extschema@.hs_correlation, @extschema@.hs_conversion_shares TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON @extschema@.hs_correlation, @extschema@.hs_conversion_shares TO @extowner@;
SELECT @extschema@.shipped_rows_attach('@extschema@.hs_correlation');

CREATE TYPE @extschema@.hs_conversion AS (
    code @extschema@.hscode,
    weight double precision
);
COMMENT ON TYPE @extschema@.hs_conversion IS 'a row of hs_convert: a counterpart code in the target edition and the share of the source code''s trade it receives';

CREATE FUNCTION @extschema@.hs_convert(code @extschema@.hscode, from_edition text, to_edition text)
    RETURNS SETOF @extschema@.hs_conversion
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
#variable_conflict use_column
DECLARE
    newer boolean;
    src @extschema@.hscode := $1;
    digits integer := @extschema@.hs_ndigits($1);
    nmembers integer;
BEGIN
    IF digits > 6 THEN
        src := @extschema@.hs_subheading($1);
        digits := 6;
    END IF;
    IF $2 = $3 THEN
        IF NOT EXISTS (SELECT 1 FROM @extschema@.hs_correlation c
                        WHERE (c.edition = $2 AND c.code OPERATOR(@extschema@.<@) src)
                           OR (c.other_edition = $2 AND c.other_code OPERATOR(@extschema@.<@) src)) THEN
            RAISE EXCEPTION 'unknown nomenclature edition or code: "%" in "%"', $1, $2
                USING ERRCODE = '22023',
                      DETAIL = 'The edition and code must appear in table hs_correlation.',
                      HINT = 'Editions shipped: HS2017 and HS2022.';
        END IF;
        RETURN QUERY SELECT src, 1.0::double precision;
        RETURN;
    END IF;
    IF EXISTS (SELECT 1 FROM @extschema@.hs_correlation c WHERE c.edition = $2 AND c.other_edition = $3) THEN
        newer := true;
    ELSIF EXISTS (SELECT 1 FROM @extschema@.hs_correlation c WHERE c.edition = $3 AND c.other_edition = $2) THEN
        newer := false;
    ELSE
        RAISE EXCEPTION 'unknown pair of nomenclature editions: "%" to "%"', $2, $3
            USING ERRCODE = '22023',
                  DETAIL = 'Table hs_correlation links no code of either edition to the other.',
                  HINT = 'Editions shipped: HS2017 and HS2022 (e.g. hs_convert(''851712'', ''HS2017'', ''HS2022'')); add rows to hs_correlation for other editions.';
    END IF;

    -- the pairs in the direction asked: s (from) -> t (to), within the code
    RETURN QUERY
    WITH pairs AS (
        SELECT CASE WHEN newer THEN c.code ELSE c.other_code END AS s,
               CASE WHEN newer THEN c.other_code ELSE c.code END AS t
          FROM @extschema@.hs_correlation c
         WHERE c.edition = CASE WHEN newer THEN $2 ELSE $3 END
           AND c.other_edition = CASE WHEN newer THEN $3 ELSE $2 END
    ), members AS (
        SELECT DISTINCT p.s FROM pairs p WHERE p.s OPERATOR(@extschema@.<@) src
    ), mine AS (
        SELECT p.s, p.t FROM pairs p JOIN members m ON m.s OPERATOR(@extschema@.=) p.s
    ), fan_in AS (
        -- how many source codes each counterpart draws from
        SELECT p.t, count(*) AS k
          FROM pairs p
          JOIN (SELECT DISTINCT x.t FROM mine x) u ON u.t OPERATOR(@extschema@.=) p.t
         GROUP BY p.t
    ), given AS (
        SELECT g.from_code AS s, g.to_code AS t, g.share
          FROM @extschema@.hs_conversion_shares g
         WHERE g.from_edition = $2 AND g.to_edition = $3
           AND g.from_code OPERATOR(@extschema@.=) ANY (SELECT m.s FROM members m)
           AND g.share > 0
    ), raw AS (
        SELECT x.s, x.t,
               CASE WHEN EXISTS (SELECT 1 FROM given g0 JOIN mine m0
                                   ON m0.s OPERATOR(@extschema@.=) g0.s AND m0.t OPERATOR(@extschema@.=) g0.t
                                 WHERE g0.s OPERATOR(@extschema@.=) x.s)
                    THEN coalesce((SELECT g.share FROM given g
                                    WHERE g.s OPERATOR(@extschema@.=) x.s AND g.t OPERATOR(@extschema@.=) x.t), 0)
                    ELSE 1.0 / f.k END AS w
          FROM mine x JOIN fan_in f ON f.t OPERATOR(@extschema@.=) x.t
    ), normed AS (
        SELECT r.s, r.t, r.w / sum(r.w) OVER (PARTITION BY r.s) AS w,
               (SELECT count(*) FROM members) AS nm
          FROM raw r
    )
    SELECT @extschema@.hs_truncate(n.t, digits) AS code, sum(n.w / n.nm)::double precision AS weight
      FROM normed n
     GROUP BY 1
     ORDER BY 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown code of %: "%"', $2, $1
            USING ERRCODE = '22023',
                  DETAIL = format('No %s code at or under %s is linked to %s in table hs_correlation.', $2, $1, $3),
                  HINT = 'Give a chapter, heading or subheading of the source edition; codes deeper than six digits are converted by their subheading.';
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.hs_convert(@extschema@.hscode, text, text) IS 'the counterparts of a code in another nomenclature edition with the share of its trade each receives (summing to 1): a 1:1 code or a merge gives weight 1; a split weighs each counterpart by 1/(number of source codes it draws from), normalised, unless hs_conversion_shares gives trade shares; a chapter or heading converts its subheadings, each weighing equally, and answers at its own level; codes deeper than six digits convert their subheading; the same edition twice gives the code with weight 1; unknown editions or codes raise 22023';

CREATE TYPE @extschema@.hs_restated AS (
    code @extschema@.hscode,
    value double precision
);
COMMENT ON TYPE @extschema@.hs_restated IS 'a row of hs_restate: a counterpart code in the target edition and the part of the value restated under it';

CREATE FUNCTION @extschema@.hs_restate(code @extschema@.hscode, edition text, value double precision, to_edition text)
    RETURNS SETOF @extschema@.hs_restated
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT c.code, $3 * c.weight
          FROM @extschema@.hs_convert($1, $2, $4) c
    $$;
COMMENT ON FUNCTION @extschema@.hs_restate(@extschema@.hscode, text, double precision, text) IS 'a value recorded under a code of one edition, restated in to_edition: one row per counterpart code with value * weight of hs_convert (so the values sum to the value given); use it laterally over a series that changes edition, then group by the new code';

-- Mirror gaps ----------------------------------------------------------------------

CREATE TYPE @extschema@.mirror_gap_result AS (
    ratio_before double precision,
    ratio_after double precision,
    missing_after double precision,
    score double precision,
    normal_ratio double precision,
    phantom_share double precision,
    exports_before double precision,
    exports_after double precision,
    imports_before double precision,
    imports_after double precision,
    periods_before integer,
    periods_after integer,
    granularity text,
    lag_months integer
);
COMMENT ON TYPE @extschema@.mirror_gap_result IS 'result of mirror_gap: robust ratio of recorded imports (brought to FOB) to reported exports before and after the cutoff, exports after the cutoff the lane''s normal ratio leaves unmatched (missing_after, in the values'' unit) and its share of the exports after, the score (>= 0), the normal ratio (ratio_before shrunk towards 1 by the prior), totals as reported on each side, the export periods paired with a partner record, the granularity found (month, quarter or year), and the recording lag found';

CREATE FUNCTION @extschema@.mirror_gap_transfn(internal, date, double precision, double precision, date) RETURNS internal
    AS 'MODULE_PATHNAME', 'mirror_gap_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.mirror_gap_transfn(internal, date, double precision, double precision, date, double precision, integer, double precision) RETURNS internal
    AS 'MODULE_PATHNAME', 'mirror_gap_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.mirror_gap_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'mirror_gap_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.mirror_gap_serial(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'mirror_gap_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.mirror_gap_deserial(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'mirror_gap_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.mirror_gap_final(internal) RETURNS @extschema@.mirror_gap_result
    AS 'MODULE_PATHNAME', 'mirror_gap_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mirror_gap_transfn(internal, date, double precision, double precision, date) IS 'transition function of mirror_gap';
COMMENT ON FUNCTION @extschema@.mirror_gap_transfn(internal, date, double precision, double precision, date, double precision, integer, double precision) IS 'transition function of mirror_gap with its parameters';
COMMENT ON FUNCTION @extschema@.mirror_gap_combine(internal, internal) IS 'combine function of mirror_gap';
COMMENT ON FUNCTION @extschema@.mirror_gap_serial(internal) IS 'serial function of mirror_gap';
COMMENT ON FUNCTION @extschema@.mirror_gap_deserial(bytea, internal) IS 'deserial function of mirror_gap';
COMMENT ON FUNCTION @extschema@.mirror_gap_final(internal) IS 'final function of mirror_gap';
CREATE AGGREGATE @extschema@.mirror_gap(period date, exported double precision, imported double precision, cutoff date) (
    SFUNC = @extschema@.mirror_gap_transfn, STYPE = internal,
    COMBINEFUNC = @extschema@.mirror_gap_combine,
    SERIALFUNC = @extschema@.mirror_gap_serial, DESERIALFUNC = @extschema@.mirror_gap_deserial,
    FINALFUNC = @extschema@.mirror_gap_final,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.mirror_gap(period date, exported double precision, imported double precision, cutoff date,
                                        cif_margin double precision, lag_months integer, prior double precision) (
    SFUNC = @extschema@.mirror_gap_transfn, STYPE = internal,
    COMBINEFUNC = @extschema@.mirror_gap_combine,
    SERIALFUNC = @extschema@.mirror_gap_serial, DESERIALFUNC = @extschema@.mirror_gap_deserial,
    FINALFUNC = @extschema@.mirror_gap_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.mirror_gap(date, double precision, double precision, date) IS 'mirror gap of one lane (reporter''s exports to a partner against the partner''s recorded imports from it, monthly, quarterly or annual; NULL = the side did not report): mirror_gap(period, exported, imported, cutoff, 0.05, 1, 10000), see doc/trade_statistics.md';
COMMENT ON AGGREGATE @extschema@.mirror_gap(date, double precision, double precision, date, double precision, integer, double precision) IS 'mirror gap of one lane with its parameters: cif_margin (imports are divided by 1 + margin), lag_months (imports recorded up to that many months after the exports), prior (exports a month below which gaps are noise); ratios are export-weighted medians of lag windows, so a month recorded late or not at all moves them little';

-- Re-exports through a hub ---------------------------------------------------------

CREATE TYPE @extschema@.pass_through_result AS (
    import_surge double precision,
    export_surge double precision,
    pass_through_share double precision,
    score double precision,
    passed double precision,
    import_before double precision,
    import_after double precision,
    export_before double precision,
    export_after double precision,
    periods_before integer,
    periods_after integer,
    granularity text
);
COMMENT ON TYPE @extschema@.pass_through_result IS 'result of pass_through: the hub''s extra imports and extra exports to the destination a period (trimmed mean excess over the same calendar month or quarter in the last year before the cutoff), the share of the extra imports that left again (export_surge / import_surge, in [0, 1]), the score (>= 0), the flow passed on (share * import_surge), mean levels a period before and after, the periods on each side, the granularity found (month, quarter or year)';

CREATE FUNCTION @extschema@.pass_through_transfn(internal, date, double precision, double precision, date) RETURNS internal
    AS 'MODULE_PATHNAME', 'pass_through_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.pass_through_transfn(internal, date, double precision, double precision, date, double precision) RETURNS internal
    AS 'MODULE_PATHNAME', 'pass_through_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.pass_through_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'pass_through_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.pass_through_serial(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'pass_through_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.pass_through_deserial(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'pass_through_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.pass_through_final(internal) RETURNS @extschema@.pass_through_result
    AS 'MODULE_PATHNAME', 'pass_through_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.pass_through_transfn(internal, date, double precision, double precision, date) IS 'transition function of pass_through';
COMMENT ON FUNCTION @extschema@.pass_through_transfn(internal, date, double precision, double precision, date, double precision) IS 'transition function of pass_through with a prior';
COMMENT ON FUNCTION @extschema@.pass_through_combine(internal, internal) IS 'combine function of pass_through';
COMMENT ON FUNCTION @extschema@.pass_through_serial(internal) IS 'serial function of pass_through';
COMMENT ON FUNCTION @extschema@.pass_through_deserial(bytea, internal) IS 'deserial function of pass_through';
COMMENT ON FUNCTION @extschema@.pass_through_final(internal) IS 'final function of pass_through';
CREATE AGGREGATE @extschema@.pass_through(period date, imported double precision, exported double precision, cutoff date) (
    SFUNC = @extschema@.pass_through_transfn, STYPE = internal,
    COMBINEFUNC = @extschema@.pass_through_combine,
    SERIALFUNC = @extschema@.pass_through_serial, DESERIALFUNC = @extschema@.pass_through_deserial,
    FINALFUNC = @extschema@.pass_through_final,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.pass_through(period date, imported double precision, exported double precision, cutoff date, prior double precision) (
    SFUNC = @extschema@.pass_through_transfn, STYPE = internal,
    COMBINEFUNC = @extschema@.pass_through_combine,
    SERIALFUNC = @extschema@.pass_through_serial, DESERIALFUNC = @extschema@.pass_through_deserial,
    FINALFUNC = @extschema@.pass_through_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.pass_through(date, double precision, double precision, date) IS 're-exports through a hub over one hub lane''s periods (imports of a product into the hub from the coalition; exports of it from the hub to a sanctioned destination; NULL counts as zero; monthly, quarterly or annual): pass_through(period, imported, exported, cutoff, 10000), see doc/trade_statistics.md';
COMMENT ON AGGREGATE @extschema@.pass_through(date, double precision, double precision, date, double precision) IS 'pass_through with the prior given: the value a month below which a flow passed on is noise';

-- lane_change over annual series -----------------------------------------------------

CREATE FUNCTION @extschema@.lane_change_transfn(internal, date, double precision, date, integer, double precision, text) RETURNS internal
    AS 'MODULE_PATHNAME', 'lane_change_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.lane_change_transfn(internal, date, double precision, date, integer, double precision, text) IS 'transition function of lane_change with a prior and a granularity';
CREATE AGGREGATE @extschema@.lane_change(period date, value double precision, cutoff date, months integer, prior double precision, granularity text) (
    SFUNC = @extschema@.lane_change_transfn, STYPE = internal,
    COMBINEFUNC = @extschema@.lane_change_combine,
    SERIALFUNC = @extschema@.lane_change_serial, DESERIALFUNC = @extschema@.lane_change_deserial,
    FINALFUNC = @extschema@.lane_change_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.lane_change(date, double precision, date, integer, double precision, text) IS 'lane_change with the granularity of the series said: ''month'' (one row or more a month, as the other forms, which refuse a series that looks annual) or ''year'' (one row a year: the ceil(months / 12) years from the cutoff''s year against as many years before, levels a month = a year''s value / 12)';
