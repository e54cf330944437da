-- trade_screen--0.1.0--0.2.0.sql: the released upgrade 0.1.0 to 0.2.0, frozen at release; it never changes (upgrade/RELEASED holds its checksum).
\echo Use "ALTER EXTENSION trade_screen UPDATE TO '0.2.0'" to load this file. \quit
-- upgrade/0.1.0--0.2.0/15_hardening.sql: findings of the hardening review (issue 10).

-- hsset_agg of only NULLs is NULL, as of no rows (the C change is in the library)
COMMENT ON AGGREGATE @extschema@.hsset_agg(@extschema@.hscode) IS 'the set of the codes of a column (each with its subtree); NULLs ignored; NULL when there is no code (no rows or only NULLs)';
-- install/15_shipped_rows.sql: reference tables that ship rows users may edit, without a
-- dump, a restore or an upgrade ever losing an edit.  Any table with a primary key and a
-- column "shipped boolean" can use it: SELECT @extschema@.shipped_rows_attach('table').
--
-- How it works.  A table holds one row per key, the one in force: the shipped row, or
-- the user's row that replaced it.  Every write by a user makes a user row
-- (shipped = false): an UPDATE of a shipped row turns it into the user's, an INSERT of
-- a key the extension ships replaces the shipped row, an INSERT claiming shipped = true
-- is stored as the user's.  When a shipped row gives way (updated, deleted, replaced,
-- truncated), its key is recorded in shipped_row_edits.  pg_dump saves the user rows
-- (config dump WHERE NOT shipped) and every row of shipped_row_edits; on restore,
-- CREATE EXTENSION installs the shipped rows, and restoring the user rows and the
-- recorded keys removes every shipped row the user had replaced or deleted.  Upgrade
-- scripts change shipped rows (WHERE shipped) and add new ones where the key is
-- neither recorded nor taken, so user rows are never touched.

CREATE FUNCTION @extschema@.trade_screen_in_script() RETURNS boolean
    AS 'MODULE_PATHNAME', 'trade_screen_in_script'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION @extschema@.trade_screen_in_script() IS 'true while an install or upgrade script of trade_screen runs: its writes to reference tables are shipped rows';

CREATE TABLE @extschema@.shipped_row_edits (
    table_name text NOT NULL,
    key jsonb NOT NULL,
    edited_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (table_name, key)
);
COMMENT ON TABLE @extschema@.shipped_row_edits IS 'keys of shipped reference rows a user updated, replaced or deleted: the shipped row stays away after pg_dump/restore and upgrades; saved whole by pg_dump';
COMMENT ON COLUMN @extschema@.shipped_row_edits.table_name IS 'the reference table, in the extension''s schema';
COMMENT ON COLUMN @extschema@.shipped_row_edits.key IS 'the primary key of the shipped row, as a JSON object of its columns';
COMMENT ON COLUMN @extschema@.shipped_row_edits.edited_at IS 'when the user first changed the shipped row';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.shipped_row_edits', '');
GRANT SELECT ON @extschema@.shipped_row_edits TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON @extschema@.shipped_row_edits TO @extowner@;

CREATE FUNCTION @extschema@.shipped_rows_key(tab regclass, r jsonb) RETURNS jsonb
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT pg_catalog.jsonb_object_agg(a.attname, $2 OPERATOR(pg_catalog.->) a.attname::text)
          FROM pg_catalog.pg_index i
          JOIN pg_catalog.pg_attribute a
            ON a.attrelid OPERATOR(pg_catalog.=) i.indrelid
           AND a.attnum OPERATOR(pg_catalog.=) ANY (i.indkey)
         WHERE i.indrelid OPERATOR(pg_catalog.=) $1 AND i.indisprimary
    $$;
COMMENT ON FUNCTION @extschema@.shipped_rows_key(regclass, jsonb) IS 'the primary key columns of a row of a reference table (given as to_jsonb of the row), as a JSON object';

CREATE FUNCTION @extschema@.shipped_rows_release(tab regclass, key jsonb) RETURNS void
    LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    cond text;
BEGIN
    -- each key column compared with the equality of its primary key opclass, named by schema
    SELECT pg_catalog.string_agg(pg_catalog.format('t.%I OPERATOR(%I.%s) k.%I',
                                                   a.attname, n.nspname, o.oprname, a.attname),
                                 ' AND ')
      INTO cond
      FROM pg_catalog.pg_index i
     CROSS JOIN LATERAL ROWS FROM (pg_catalog.unnest(i.indkey::pg_catalog.int2[]),
                                   pg_catalog.unnest(i.indclass::pg_catalog.oid[])) AS u(attnum, opclass)
      JOIN pg_catalog.pg_attribute a
        ON a.attrelid OPERATOR(pg_catalog.=) i.indrelid AND a.attnum OPERATOR(pg_catalog.=) u.attnum
      JOIN pg_catalog.pg_opclass c ON c.oid OPERATOR(pg_catalog.=) u.opclass
      JOIN pg_catalog.pg_amop m
        ON m.amopfamily OPERATOR(pg_catalog.=) c.opcfamily
       AND m.amoplefttype OPERATOR(pg_catalog.=) a.atttypid
       AND m.amoprighttype OPERATOR(pg_catalog.=) a.atttypid
       AND m.amopstrategy OPERATOR(pg_catalog.=) 3
      JOIN pg_catalog.pg_operator o ON o.oid OPERATOR(pg_catalog.=) m.amopopr
      JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) o.oprnamespace
     WHERE i.indrelid OPERATOR(pg_catalog.=) tab AND i.indisprimary;
    IF cond IS NULL THEN
        RAISE EXCEPTION 'table % has no primary key usable for shipped rows', tab
            USING ERRCODE = 'invalid_table_definition';
    END IF;
    EXECUTE pg_catalog.format(
        'DELETE FROM %s t USING pg_catalog.jsonb_populate_record(NULL::%s, $1) k WHERE t.shipped AND %s',
        tab, tab, cond) USING key;
END
$$;
COMMENT ON FUNCTION @extschema@.shipped_rows_release(regclass, jsonb) IS 'removes the shipped row of a key from a reference table, the user having replaced or deleted it';

CREATE FUNCTION @extschema@.shipped_rows_guard() RETURNS trigger
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    IF @extschema@.trade_screen_in_script() THEN
        -- the extension's own scripts write shipped rows as they are
        IF TG_OP OPERATOR(pg_catalog.=) 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    IF TG_LEVEL OPERATOR(pg_catalog.=) 'STATEMENT' THEN
        -- BEFORE TRUNCATE: every shipped row is about to go
        EXECUTE pg_catalog.format(
            'INSERT INTO @extschema@.shipped_row_edits (table_name, key)
             SELECT $1, @extschema@.shipped_rows_key($2, pg_catalog.to_jsonb(t)) FROM %s t WHERE t.shipped
             ON CONFLICT DO NOTHING', TG_RELID::pg_catalog.regclass)
            USING TG_TABLE_NAME, TG_RELID::pg_catalog.regclass;
        RETURN NULL;
    END IF;
    IF TG_WHEN OPERATOR(pg_catalog.=) 'BEFORE' THEN
        -- a user's row, whatever it claims; a shipped row of its key gives way
        NEW.shipped := false;
        IF TG_OP OPERATOR(pg_catalog.=) 'INSERT'
           OR @extschema@.shipped_rows_key(TG_RELID::pg_catalog.regclass, pg_catalog.to_jsonb(NEW))
              IS DISTINCT FROM @extschema@.shipped_rows_key(TG_RELID::pg_catalog.regclass, pg_catalog.to_jsonb(OLD)) THEN
            PERFORM @extschema@.shipped_rows_release(TG_RELID::pg_catalog.regclass,
                        @extschema@.shipped_rows_key(TG_RELID::pg_catalog.regclass, pg_catalog.to_jsonb(NEW)));
        END IF;
        RETURN NEW;
    END IF;
    -- AFTER UPDATE or DELETE of a shipped row: its key is the user's from now on
    IF OLD.shipped THEN
        INSERT INTO @extschema@.shipped_row_edits (table_name, key)
        VALUES (TG_TABLE_NAME, @extschema@.shipped_rows_key(TG_RELID::pg_catalog.regclass, pg_catalog.to_jsonb(OLD)))
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.shipped_rows_guard() IS 'trigger of reference tables with shipped rows: users'' writes become user rows, and the keys of shipped rows they change are recorded in shipped_row_edits';

CREATE FUNCTION @extschema@.shipped_row_edits_apply() RETURNS trigger
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    tab pg_catalog.regclass;
BEGIN
    IF TG_WHEN OPERATOR(pg_catalog.=) 'BEFORE' THEN
        -- a restore may bring a key its user rows already recorded
        IF EXISTS (SELECT FROM @extschema@.shipped_row_edits e
                    WHERE e.table_name OPERATOR(pg_catalog.=) NEW.table_name
                      AND e.key OPERATOR(pg_catalog.=) NEW.key) THEN
            RETURN NULL;
        END IF;
        RETURN NEW;
    END IF;
    -- a recorded key (restored from a dump): the shipped row of that key stays away
    tab := pg_catalog.to_regclass(pg_catalog.quote_ident(TG_TABLE_SCHEMA) OPERATOR(pg_catalog.||) '.'
                                  OPERATOR(pg_catalog.||) pg_catalog.quote_ident(NEW.table_name));
    IF tab IS NOT NULL THEN
        PERFORM @extschema@.shipped_rows_release(tab, NEW.key);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.shipped_row_edits_apply() IS 'trigger of shipped_row_edits: a recorded key (as pg_restore brings it) removes the shipped row of that key; a key recorded twice is kept once';

CREATE TRIGGER shipped_row_edits_dedup BEFORE INSERT ON @extschema@.shipped_row_edits
    FOR EACH ROW EXECUTE FUNCTION @extschema@.shipped_row_edits_apply();
CREATE TRIGGER shipped_row_edits_apply AFTER INSERT ON @extschema@.shipped_row_edits
    FOR EACH ROW EXECUTE FUNCTION @extschema@.shipped_row_edits_apply();

CREATE FUNCTION @extschema@.shipped_rows_attach(tab regclass) RETURNS void
    LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_attribute a
                    WHERE a.attrelid OPERATOR(pg_catalog.=) tab
                      AND a.attname OPERATOR(pg_catalog.=) 'shipped'
                      AND a.atttypid OPERATOR(pg_catalog.=) 'pg_catalog.bool'::pg_catalog.regtype
                      AND NOT a.attisdropped)
       OR NOT EXISTS (SELECT FROM pg_catalog.pg_index i
                       WHERE i.indrelid OPERATOR(pg_catalog.=) tab AND i.indisprimary) THEN
        RAISE EXCEPTION 'table % needs a primary key and a column "shipped boolean" to hold shipped rows', tab
            USING ERRCODE = 'invalid_table_definition';
    END IF;
    EXECUTE pg_catalog.format('CREATE TRIGGER shipped_rows_before BEFORE INSERT OR UPDATE ON %s
                               FOR EACH ROW EXECUTE FUNCTION @extschema@.shipped_rows_guard()', tab);
    EXECUTE pg_catalog.format('CREATE TRIGGER shipped_rows_after AFTER UPDATE OR DELETE ON %s
                               FOR EACH ROW EXECUTE FUNCTION @extschema@.shipped_rows_guard()', tab);
    EXECUTE pg_catalog.format('CREATE TRIGGER shipped_rows_truncate BEFORE TRUNCATE ON %s
                               FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.shipped_rows_guard()', tab);
END
$$;
COMMENT ON FUNCTION @extschema@.shipped_rows_attach(regclass) IS 'makes a reference table (primary key, shipped boolean) keep users'' edits of its shipped rows through pg_dump/restore and upgrades, by attaching the shipped_rows_guard triggers';
-- upgrade/0.1.0--0.2.0/17_shipped_rows_tables.sql: the four reference tables of 0.1.0 keep
-- users' edits of shipped rows (16_shipped_rows.sql is install/15_shipped_rows.sql itself).
-- The tables, their columns and every user row stay as they are; only triggers and comments
-- are added.

SELECT @extschema@.shipped_rows_attach('@extschema@.hs_sections');
SELECT @extschema@.shipped_rows_attach('@extschema@.hs_nomenclature');
SELECT @extschema@.shipped_rows_attach('@extschema@.watchlist_tiers');
SELECT @extschema@.shipped_rows_attach('@extschema@.watchlists');

COMMENT ON TABLE @extschema@.hs_nomenclature IS 'descriptions of codes by nomenclature edition: HS2022 and HS2017 shipped (UN Comtrade), national editions added by users; users'' rows and edits of shipped rows survive pg_dump and upgrades (see shipped_rows_attach)';
COMMENT ON COLUMN @extschema@.hs_nomenclature.shipped IS 'true for rows as the extension ships them; every row a user writes or edits is false; pg_dump saves those';
COMMENT ON TABLE @extschema@.watchlist_tiers IS 'tiers of watchlists with their definitions (CHPL tiers 1, 2, 3A, 3B, 4A, 4B shipped); users'' rows and edits of shipped rows survive pg_dump and upgrades (see shipped_rows_attach)';
COMMENT ON TABLE @extschema@.watchlists IS 'members of watchlists, one row per code and version: the Common High Priority List (list CHPL, 2024-02-23) shipped, users'' lists added in the same table; users'' rows and edits of shipped rows survive pg_dump and upgrades (see shipped_rows_attach)';
COMMENT ON COLUMN @extschema@.watchlists.shipped IS 'true for rows as the extension ships them; every row a user writes or edits is false; pg_dump saves those';
-- upgrade/0.1.0--0.2.0/18_shipped_data_fixes.sql: shipped rows corrected in 0.2.0, changed
-- here without touching users' rows.
--
-- How an upgrade part changes shipped data: a row the user replaced or deleted is no
-- longer shipped (or no longer there), so "WHERE shipped" leaves it alone.  Under 0.1.0 a
-- user could also edit a shipped row in place (it stayed shipped = true): such a row no
-- longer holds the value 0.1.0 shipped, so it is made the user's row (shipped = false,
-- key recorded) instead of being overwritten.  New shipped rows are added only where the
-- key is neither taken by a user row nor recorded in shipped_row_edits.

-- edited in place under 0.1.0: the user's row from now on (made so before its key is
-- recorded, as recording a key removes the shipped row of that key)
UPDATE @extschema@.hs_sections s SET shipped = false
  FROM (VALUES ('I', 'live animals; animal products', 'Live animals; animal products'),
               ('VII', 'Plastics and articles thereof; rubber and articles thereof ',
                'Plastics and articles thereof; rubber and articles thereof')) AS f(section, was, now)
 WHERE f.section = s.section AND s.shipped AND s.name <> f.was;
INSERT INTO @extschema@.shipped_row_edits (table_name, key)
SELECT 'hs_sections', pg_catalog.jsonb_build_object('section', s.section)
  FROM @extschema@.hs_sections s
  JOIN (VALUES ('I', 'live animals; animal products', 'Live animals; animal products'),
               ('VII', 'Plastics and articles thereof; rubber and articles thereof ',
                'Plastics and articles thereof; rubber and articles thereof')) AS f(section, was, now) ON f.section = s.section
 WHERE NOT s.shipped AND s.name <> f.was
ON CONFLICT DO NOTHING;

-- still as shipped: corrected
UPDATE @extschema@.hs_sections s SET name = f.now
  FROM (VALUES ('I', 'live animals; animal products', 'Live animals; animal products'),
               ('VII', 'Plastics and articles thereof; rubber and articles thereof ',
                'Plastics and articles thereof; rubber and articles thereof')) AS f(section, was, now)
 WHERE f.section = s.section AND s.shipped AND s.name = f.was;
-- upgrade/0.1.0--0.2.0/20_equalimage.sql: btree deduplication for country and route (equality is image equality).
-- Indexes built under 0.1.0 keep deduplication off until rebuilt: REINDEX them to shrink them.
ALTER OPERATOR FAMILY @extschema@.country_ops USING btree
    ADD FUNCTION 4 (@extschema@.country, @extschema@.country) btequalimage(oid);
ALTER OPERATOR FAMILY @extschema@.route_ops USING btree
    ADD FUNCTION 4 (@extschema@.route, @extschema@.route) btequalimage(oid);

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

-- install/70_scoring.sql: route-anomaly scoring: country roles, profiles and their configuration, fitted baselines, screen_fit, screen_declaration and lane_change.

-- Roles of countries, with validity dates and sources -------------------------

CREATE TABLE @extschema@.country_roles (
    role text NOT NULL CHECK (role IN ('coalition', 'sanctioned', 'hub')),
    country @extschema@.country NOT NULL,
    valid_from date NOT NULL,
    valid_to date,
    source text NOT NULL,
    shipped boolean NOT NULL DEFAULT false,
    PRIMARY KEY (role, country, valid_from),
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);
COMMENT ON TABLE @extschema@.country_roles IS 'roles of countries in sanctions screening, with validity dates and sources: coalition (the sanctioning coalition), sanctioned (sanctioned destinations), hub (transshipment countries of the FinCEN/BIS alerts). A shipped reference table: your edits of shipped rows become your rows and survive pg_dump and upgrades; rows of your own for a (role, country) replace the shipped rows of that pair in scoring';
COMMENT ON COLUMN @extschema@.country_roles.role IS 'coalition, sanctioned or hub';
COMMENT ON COLUMN @extschema@.country_roles.valid_from IS 'first day the role holds';
COMMENT ON COLUMN @extschema@.country_roles.valid_to IS 'first day the role no longer holds; NULL while it does';
COMMENT ON COLUMN @extschema@.country_roles.source IS 'the legal act or alert the role comes from';
COMMENT ON COLUMN @extschema@.country_roles.shipped IS 'true for rows installed by the extension; pg_dump saves only the others (see shipped_row_edits), and in scoring a row of your own for a (role, country) replaces the shipped ones';

INSERT INTO @extschema@.country_roles (role, country, valid_from, valid_to, source, shipped) VALUES
    ('coalition', 'AT', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'BE', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'BG', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'HR', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'CY', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'CZ', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'DK', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'EE', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'FI', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'FR', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'DE', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'GR', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'HU', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'IE', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'IT', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'LV', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'LT', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'LU', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'MT', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'NL', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'PL', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'PT', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'RO', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'SK', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'SI', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'ES', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'SE', '2022-02-24', NULL, 'EU Council Regulation (EU) 2022/328 of 25 February 2022 amending Regulation (EU) No 833/2014 (export bans on dual-use and advanced technology to Russia); in force from the invasion', true),
    ('coalition', 'US', '2022-02-24', NULL, 'US BIS final rule 87 FR 12226, Russia export controls, effective 24 February 2022', true),
    ('coalition', 'GB', '2022-03-01', NULL, 'UK Russia (Sanctions) (EU Exit) (Amendment) (No. 3) Regulations 2022 (export controls), in force 1 March 2022', true),
    ('coalition', 'JP', '2022-03-18', NULL, 'Japan METI export controls on Russia under the Foreign Exchange and Foreign Trade Act, from 18 March 2022', true),
    ('coalition', 'KR', '2022-03-02', NULL, 'Republic of Korea MOTIE export controls on Russia (strategic items), announced 28 February 2022', true),
    ('coalition', 'CA', '2022-02-24', NULL, 'Canada Special Economic Measures (Russia) Regulations amendments and export permit denials, 24 February 2022', true),
    ('coalition', 'AU', '2022-02-25', NULL, 'Australia Autonomous Sanctions (Russia) measures of 25 February 2022 and later export bans', true),
    ('coalition', 'NZ', '2022-03-09', NULL, 'New Zealand Russia Sanctions Act 2022, in force 9 March 2022', true),
    ('coalition', 'NO', '2022-03-18', NULL, 'Norway alignment with the EU Russia export restrictions, regulation of 18 March 2022', true),
    ('coalition', 'CH', '2022-02-28', NULL, 'Switzerland Ordinance on measures in connection with the situation in Ukraine (SR 946.231.176.72), adoption of EU sanctions 28 February 2022', true),
    ('sanctioned', 'RU', '2022-02-24', NULL, 'EU Regulation (EU) 2022/328 and US BIS 87 FR 12226: export bans on listed goods to Russia from the invasion of Ukraine, 24 February 2022', true),
    ('sanctioned', 'BY', '2022-03-02', NULL, 'EU Council Regulation (EU) 2022/355 and US BIS 87 FR 13048: the Russia export bans extended to Belarus, 2 March 2022', true),
    ('hub', 'AM', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'BR', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'CN', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'GE', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'IN', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'IL', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'KZ', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'KG', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'MX', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'NI', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'RS', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'SG', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'ZA', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'TW', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'TJ', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'TR', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'AE', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'UZ', '2022-02-24', NULL, 'FinCEN and BIS joint alert FIN-2022-Alert003 of 28 June 2022, transshipment points for export-controlled items to Russia and Belarus', true),
    ('hub', 'HK', '2022-02-24', NULL, 'FinCEN and BIS supplemental joint alert FIN-2023-Alert004 of 19 May 2023, which added Hong Kong and Macau as transshipment points', true),
    ('hub', 'MO', '2022-02-24', NULL, 'FinCEN and BIS supplemental joint alert FIN-2023-Alert004 of 19 May 2023, which added Hong Kong and Macau as transshipment points', true);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.country_roles', 'WHERE NOT shipped');
SELECT @extschema@.shipped_rows_attach('@extschema@.country_roles');

-- Profiles: a named set of parameters, a cutoff and fitted baselines ----------

CREATE TABLE @extschema@.screen_profiles (
    profile text PRIMARY KEY,
    cutoff date NOT NULL DEFAULT '2022-02-24',
    watchlist text NOT NULL DEFAULT 'CHPL',
    description text,
    version bigint NOT NULL DEFAULT 1,
    fitted_at timestamptz,
    fitted_source text,
    fitted_rows bigint,
    rows_before_cutoff bigint,
    has_history boolean NOT NULL DEFAULT false,
    lane_prior double precision NOT NULL DEFAULT 1
);
COMMENT ON TABLE @extschema@.screen_profiles IS 'scoring profiles: the cutoff date between baseline and screened period, the watchlist used, and what screen_fit learned (version grows with every fit and every configuration change); survives pg_dump';
COMMENT ON COLUMN @extschema@.screen_profiles.cutoff IS 'first day of the screened period; trade before it is the baseline (default: the invasion of Ukraine, 24 February 2022)';
COMMENT ON COLUMN @extschema@.screen_profiles.watchlist IS 'list of the watchlists table whose tiers the watchlist indicator uses';
COMMENT ON COLUMN @extschema@.screen_profiles.version IS 'grows with every screen_fit and every change of the configuration, country roles or watchlists; scoring reloads a profile when it changes';
COMMENT ON COLUMN @extschema@.screen_profiles.has_history IS 'whether the fitted data had enough rows before the cutoff (100, and 5% of all) for the indicators that compare with the past';
COMMENT ON COLUMN @extschema@.screen_profiles.lane_prior IS 'monthly value below which a lane''s changes are noise: a tenth of the median active lane''s monthly level in the fitted data';

CREATE FUNCTION @extschema@.screen_parameter_known(text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'screen_parameter_known' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.screen_parameter_known(text) IS 'whether a scoring parameter exists: one of screen_default_parameters(), or tier.<tier> for the weight of a watchlist tier';

CREATE TABLE @extschema@.screen_config (
    profile text NOT NULL REFERENCES @extschema@.screen_profiles ON DELETE CASCADE ON UPDATE CASCADE,
    parameter text NOT NULL CHECK (@extschema@.screen_parameter_known(parameter)),
    value double precision NOT NULL,
    note text,
    PRIMARY KEY (profile, parameter)
);
COMMENT ON TABLE @extschema@.screen_config IS 'a profile''s parameters that differ from the defaults (screen_default_parameters()); the effective values are in the view screen_parameters; survives pg_dump';

CREATE TABLE @extschema@.screen_baseline_unit_value (
    profile text NOT NULL,
    code @extschema@.hscode NOT NULL,
    unit text NOT NULL,
    n bigint NOT NULL,
    median double precision NOT NULL,
    mad double precision NOT NULL,
    PRIMARY KEY (profile, code, unit)
);
COMMENT ON TABLE @extschema@.screen_baseline_unit_value IS 'fitted by screen_fit: median and median absolute deviation of ln(value_usd / quantity) per subheading and per heading, and unit';

CREATE TABLE @extschema@.screen_baseline_lane (
    profile text NOT NULL,
    dispatch @extschema@.country NOT NULL,
    destination @extschema@.country NOT NULL,
    heading @extschema@.hscode NOT NULL,
    before double precision NOT NULL,
    after double precision NOT NULL,
    ratio double precision NOT NULL,
    relative double precision NOT NULL,
    PRIMARY KEY (profile, dispatch, destination, heading)
);
COMMENT ON TABLE @extschema@.screen_baseline_lane IS 'fitted by screen_fit: per lane (dispatch country, destination, heading) the median monthly value in the 12 months before and after the cutoff, their smoothed ratio and that ratio over the whole dispatch->destination trade''s ratio';

CREATE TABLE @extschema@.screen_baseline_route (
    profile text NOT NULL,
    heading @extschema@.hscode NOT NULL,
    destination @extschema@.country NOT NULL,
    dispatch @extschema@.country NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (profile, heading, destination, dispatch)
);
COMMENT ON TABLE @extschema@.screen_baseline_route IS 'fitted by screen_fit: declarations before the cutoff per heading, destination and dispatch country';

CREATE TABLE @extschema@.screen_baseline_origin (
    profile text NOT NULL,
    heading @extschema@.hscode NOT NULL,
    origin @extschema@.country NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (profile, heading, origin)
);
COMMENT ON TABLE @extschema@.screen_baseline_origin IS 'fitted by screen_fit: declarations before the cutoff per heading and declared origin';

CREATE TABLE @extschema@.screen_baseline_exporter (
    profile text NOT NULL,
    exporter text NOT NULL,
    first_seen date NOT NULL,
    declarations_before bigint NOT NULL,
    PRIMARY KEY (profile, exporter)
);
COMMENT ON TABLE @extschema@.screen_baseline_exporter IS 'fitted by screen_fit: per exporter (screen_key of the name) the first declaration date and the declarations before the cutoff';

CREATE TABLE @extschema@.screen_baseline_exporter_chapter (
    profile text NOT NULL,
    exporter text NOT NULL,
    chapter smallint NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (profile, exporter, chapter)
);
COMMENT ON TABLE @extschema@.screen_baseline_exporter_chapter IS 'fitted by screen_fit: an exporter''s declarations before the cutoff per HS chapter';

CREATE TABLE @extschema@.screen_baseline_exporter_leg (
    profile text NOT NULL,
    exporter text NOT NULL,
    dispatch @extschema@.country NOT NULL,
    destination @extschema@.country NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (profile, exporter, dispatch, destination)
);
COMMENT ON TABLE @extschema@.screen_baseline_exporter_leg IS 'fitted by screen_fit: an exporter''s declarations before the cutoff per last leg (dispatch country to destination)';

CREATE TABLE @extschema@.screen_baseline_party (
    profile text NOT NULL,
    exporter text NOT NULL,
    list text NOT NULL,
    party_id text NOT NULL,
    listed_name text NOT NULL,
    matched_alias text,
    similarity double precision NOT NULL,
    matched_by text NOT NULL DEFAULT 'name',
    PRIMARY KEY (profile, exporter)
);
COMMENT ON TABLE @extschema@.screen_baseline_party IS 'fitted by screen_fit when listed_parties has rows: the fitted exporters (screen_key of the name) that match a listed party (party_best_match, with the identifiers of the exporter''s declarations when the source has exporter_id), with the party, the alias matched, the similarity and how it matched; the party indicator reads it';

-- The baselines follow their profile (a trigger, not foreign keys: screen_fit
-- writes hundreds of thousands of rows, and a row-by-row key check would
-- dominate its time).
CREATE FUNCTION @extschema@.screen_profile_cascade() RETURNS trigger
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM @extschema@.screen_baseline_unit_value WHERE profile = OLD.profile;
            DELETE FROM @extschema@.screen_baseline_lane WHERE profile = OLD.profile;
            DELETE FROM @extschema@.screen_baseline_route WHERE profile = OLD.profile;
            DELETE FROM @extschema@.screen_baseline_origin WHERE profile = OLD.profile;
            DELETE FROM @extschema@.screen_baseline_exporter WHERE profile = OLD.profile;
            DELETE FROM @extschema@.screen_baseline_exporter_chapter WHERE profile = OLD.profile;
            DELETE FROM @extschema@.screen_baseline_exporter_leg WHERE profile = OLD.profile;
            DELETE FROM @extschema@.screen_baseline_party WHERE profile = OLD.profile;
        ELSIF NEW.profile IS DISTINCT FROM OLD.profile THEN
            UPDATE @extschema@.screen_baseline_unit_value SET profile = NEW.profile WHERE profile = OLD.profile;
            UPDATE @extschema@.screen_baseline_lane SET profile = NEW.profile WHERE profile = OLD.profile;
            UPDATE @extschema@.screen_baseline_route SET profile = NEW.profile WHERE profile = OLD.profile;
            UPDATE @extschema@.screen_baseline_origin SET profile = NEW.profile WHERE profile = OLD.profile;
            UPDATE @extschema@.screen_baseline_exporter SET profile = NEW.profile WHERE profile = OLD.profile;
            UPDATE @extschema@.screen_baseline_exporter_chapter SET profile = NEW.profile WHERE profile = OLD.profile;
            UPDATE @extschema@.screen_baseline_exporter_leg SET profile = NEW.profile WHERE profile = OLD.profile;
            UPDATE @extschema@.screen_baseline_party SET profile = NEW.profile WHERE profile = OLD.profile;
        END IF;
        RETURN NULL;
    END
    $$;
COMMENT ON FUNCTION @extschema@.screen_profile_cascade() IS 'trigger: a deleted profile takes its baselines with it, a renamed one keeps them';
CREATE TRIGGER screen_profile_cascade AFTER DELETE OR UPDATE OF profile ON @extschema@.screen_profiles
    FOR EACH ROW EXECUTE FUNCTION @extschema@.screen_profile_cascade();

SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_profiles', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_config', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_baseline_unit_value', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_baseline_lane', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_baseline_route', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_baseline_origin', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_baseline_exporter', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_baseline_exporter_chapter', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_baseline_exporter_leg', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screen_baseline_party', '');

GRANT SELECT ON @extschema@.country_roles, @extschema@.screen_profiles, @extschema@.screen_config,
    @extschema@.screen_baseline_unit_value, @extschema@.screen_baseline_lane, @extschema@.screen_baseline_route,
    @extschema@.screen_baseline_origin, @extschema@.screen_baseline_exporter,
    @extschema@.screen_baseline_exporter_chapter, @extschema@.screen_baseline_exporter_leg,
    @extschema@.screen_baseline_party TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON @extschema@.country_roles, @extschema@.screen_profiles, @extschema@.screen_config,
    @extschema@.screen_baseline_unit_value, @extschema@.screen_baseline_lane, @extschema@.screen_baseline_route,
    @extschema@.screen_baseline_origin, @extschema@.screen_baseline_exporter,
    @extschema@.screen_baseline_exporter_chapter, @extschema@.screen_baseline_exporter_leg,
    @extschema@.screen_baseline_party TO @extowner@;

-- Any change of what scoring reads makes every profile's version grow, so
-- that sessions reload it (see screen_declaration).
CREATE FUNCTION @extschema@.screen_config_changed() RETURNS trigger
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
    BEGIN
        UPDATE @extschema@.screen_profiles SET version = version + 1;
        RETURN NULL;
    END
    $$;
COMMENT ON FUNCTION @extschema@.screen_config_changed() IS 'trigger: a change of the configuration, country roles or watchlists makes every profile''s version grow, so that scoring sessions reload it';
REVOKE ALL ON FUNCTION @extschema@.screen_config_changed() FROM PUBLIC;
CREATE TRIGGER screen_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.screen_config
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.screen_config_changed();
CREATE TRIGGER screen_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.country_roles
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.screen_config_changed();
CREATE TRIGGER screen_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.watchlists
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.screen_config_changed();
CREATE TRIGGER screen_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.watchlist_tiers
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.screen_config_changed();

-- Composite results -------------------------------------------------------

CREATE TYPE @extschema@.screening AS (
    score double precision,
    level text,
    reasons jsonb,
    fired text[],
    profile text,
    profile_version bigint
);
COMMENT ON TYPE @extschema@.screening IS 'result of screen_declaration: score in [0, 1], level (none, low, medium, high), reasons (one jsonb object per indicator that fired: indicator, weight, strength, exposure, contribution, evidence), the names of the indicators that fired, and the profile and version used';

CREATE TYPE @extschema@.lane_change_result AS (
    score double precision,
    before_level double precision,
    after_level double precision,
    ratio double precision,
    change double precision,
    months_before_active integer,
    months_after_active integer
);
COMMENT ON TYPE @extschema@.lane_change_result IS 'result of lane_change: surge score (>= 0), median monthly level before and after the cutoff, smoothed ratio, change of level, and months with trade on each side';

CREATE TYPE @extschema@.robust_summary AS (
    n bigint,
    median double precision,
    mad double precision
);
COMMENT ON TYPE @extschema@.robust_summary IS 'result of robust_stats: count, median and median absolute deviation';

-- Functions ----------------------------------------------------------------

CREATE FUNCTION @extschema@.route_dispatch(@extschema@.route) RETURNS @extschema@.country
    AS 'MODULE_PATHNAME', 'route_dispatch' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.route_dispatch(@extschema@.route) IS 'dispatch country of a route: the one before the destination; NULL for a one-country route';

CREATE FUNCTION @extschema@.screen_key(text) RETURNS text
    AS 'MODULE_PATHNAME', 'screen_key' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.screen_key(text) IS 'the key scoring groups units and exporter names by: white space trimmed and collapsed, ASCII letters in lower case; NULL for an empty string';

CREATE FUNCTION @extschema@.screen_default_parameters(OUT parameter text, OUT value double precision)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'screen_default_parameters' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 40;
COMMENT ON FUNCTION @extschema@.screen_default_parameters() IS 'every scoring parameter with its built-in default (weights, exposures, thresholds, levels); screen_config overrides them per profile';

CREATE VIEW @extschema@.screen_parameters AS
    SELECT p.profile, d.parameter, coalesce(c.value, d.value) AS value,
           c.value IS NOT NULL AS configured, d.value AS default_value, c.note
      FROM @extschema@.screen_profiles p
     CROSS JOIN @extschema@.screen_default_parameters() d
      LEFT JOIN @extschema@.screen_config c ON c.profile = p.profile AND c.parameter = d.parameter;
COMMENT ON VIEW @extschema@.screen_parameters IS 'the effective scoring parameters of every profile: its screen_config row where there is one, the built-in default otherwise';
GRANT SELECT ON @extschema@.screen_parameters TO PUBLIC;

CREATE FUNCTION @extschema@.screen_profile_create(profile text, copy_from text DEFAULT NULL,
        cutoff date DEFAULT '2022-02-24', watchlist text DEFAULT 'CHPL')
    RETURNS text
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    BEGIN
        IF copy_from IS NOT NULL AND NOT EXISTS (SELECT FROM @extschema@.screen_profiles p WHERE p.profile = copy_from) THEN
            RAISE EXCEPTION 'scoring profile "%" does not exist', copy_from
                USING ERRCODE = 'undefined_object', HINT = 'See the screen_profiles table.';
        END IF;
        INSERT INTO @extschema@.screen_profiles (profile, cutoff, watchlist, description)
        SELECT $1, coalesce(p.cutoff, $3), coalesce(p.watchlist, $4), p.description
          FROM (SELECT 1) one
          LEFT JOIN @extschema@.screen_profiles p ON p.profile = copy_from;
        INSERT INTO @extschema@.screen_config (profile, parameter, value, note)
        SELECT $1, c.parameter, c.value, c.note FROM @extschema@.screen_config c WHERE c.profile = copy_from;
        RETURN $1;
    END
    $$;
COMMENT ON FUNCTION @extschema@.screen_profile_create(text, text, date, text) IS 'create a scoring profile, with the cutoff, watchlist and parameters of copy_from when given; fit it with screen_fit';

-- Aggregates ------------------------------------------------------------------

CREATE FUNCTION @extschema@.robust_stats_transfn(internal, double precision) RETURNS internal
    AS 'MODULE_PATHNAME', 'robust_stats_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.robust_stats_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'robust_stats_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.robust_stats_serial(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'robust_stats_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.robust_stats_deserial(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'robust_stats_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.robust_stats_final(internal) RETURNS @extschema@.robust_summary
    AS 'MODULE_PATHNAME', 'robust_stats_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.robust_stats_transfn(internal, double precision) IS 'transition function of robust_stats';
COMMENT ON FUNCTION @extschema@.robust_stats_combine(internal, internal) IS 'combine function of robust_stats';
COMMENT ON FUNCTION @extschema@.robust_stats_serial(internal) IS 'serial function of robust_stats';
COMMENT ON FUNCTION @extschema@.robust_stats_deserial(bytea, internal) IS 'deserial function of robust_stats';
COMMENT ON FUNCTION @extschema@.robust_stats_final(internal) IS 'final function of robust_stats';
CREATE AGGREGATE @extschema@.robust_stats(double precision) (
    SFUNC = @extschema@.robust_stats_transfn, STYPE = internal,
    COMBINEFUNC = @extschema@.robust_stats_combine,
    SERIALFUNC = @extschema@.robust_stats_serial, DESERIALFUNC = @extschema@.robust_stats_deserial,
    FINALFUNC = @extschema@.robust_stats_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.robust_stats(double precision) IS 'count, median and median absolute deviation of the non-NULL, finite values, in one pass and in parallel';

CREATE FUNCTION @extschema@.lane_change_transfn(internal, date, double precision, date, integer) RETURNS internal
    AS 'MODULE_PATHNAME', 'lane_change_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.lane_change_transfn(internal, date, double precision, date, integer, double precision) RETURNS internal
    AS 'MODULE_PATHNAME', 'lane_change_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.lane_change_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'lane_change_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.lane_change_serial(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'lane_change_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.lane_change_deserial(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'lane_change_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.lane_change_final(internal) RETURNS @extschema@.lane_change_result
    AS 'MODULE_PATHNAME', 'lane_change_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.lane_change_transfn(internal, date, double precision, date, integer) IS 'transition function of lane_change';
COMMENT ON FUNCTION @extschema@.lane_change_transfn(internal, date, double precision, date, integer, double precision) IS 'transition function of lane_change with a prior';
COMMENT ON FUNCTION @extschema@.lane_change_combine(internal, internal) IS 'combine function of lane_change';
COMMENT ON FUNCTION @extschema@.lane_change_serial(internal) IS 'serial function of lane_change';
COMMENT ON FUNCTION @extschema@.lane_change_deserial(bytea, internal) IS 'deserial function of lane_change';
COMMENT ON FUNCTION @extschema@.lane_change_final(internal) IS 'final function of lane_change';
CREATE AGGREGATE @extschema@.lane_change(period date, value double precision, cutoff date, months integer) (
    SFUNC = @extschema@.lane_change_transfn, STYPE = internal,
    COMBINEFUNC = @extschema@.lane_change_combine,
    SERIALFUNC = @extschema@.lane_change_serial, DESERIALFUNC = @extschema@.lane_change_deserial,
    FINALFUNC = @extschema@.lane_change_final,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.lane_change(period date, value double precision, cutoff date, months integer, prior double precision) (
    SFUNC = @extschema@.lane_change_transfn, STYPE = internal,
    COMBINEFUNC = @extschema@.lane_change_combine,
    SERIALFUNC = @extschema@.lane_change_serial, DESERIALFUNC = @extschema@.lane_change_deserial,
    FINALFUNC = @extschema@.lane_change_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.lane_change(date, double precision, date, integer) IS 'surge of a lane''s monthly values: the median month of the `months` months from the cutoff against the same calendar months whole years before (missing months are zero), a smoothed ratio with a prior of 10,000 a month, and a score sqrt(ln(ratio) * ln(1 + change / prior)) that needs the surge to be both strong and large';
COMMENT ON AGGREGATE @extschema@.lane_change(date, double precision, date, integer, double precision) IS 'lane_change with the prior given: the monthly level below which the lane''s changes are noise, in the values'' unit';

-- Fitting -----------------------------------------------------------------------

CREATE FUNCTION @extschema@.screen_fit(source regclass, profile text DEFAULT 'default',
        OUT fitted_profile text, OUT version bigint, OUT fitted_rows bigint, OUT rows_before_cutoff bigint,
        OUT has_history boolean, OUT unit_value_groups bigint, OUT lanes bigint, OUT route_cells bigint,
        OUT origin_cells bigint, OUT exporters bigint, OUT seconds double precision)
    RETURNS record
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $fit$
    DECLARE
        p text := $2;
        want constant text[][] := ARRAY[
            ['decl_date', 'date'], ['hs', '@extschema@.hscode'], ['origin', '@extschema@.country'],
            ['route', '@extschema@.route'], ['value_usd', 'numeric|double precision'],
            ['quantity', 'numeric|double precision'], ['unit', 'text|character varying'],
            ['exporter', 'text|character varying']];
        have text;
        type_ok boolean;
        started timestamptz := clock_timestamp();
        cut date;
        src text;
        prior double precision;
        has_ids boolean;
    BEGIN
        IF p IS NULL THEN
            RAISE EXCEPTION 'scoring profile must not be NULL' USING ERRCODE = 'null_value_not_allowed';
        END IF;
        IF source IS NULL THEN
            RAISE EXCEPTION 'source of screen_fit must not be NULL' USING ERRCODE = 'null_value_not_allowed';
        END IF;
        FOR i IN 1 .. array_length(want, 1) LOOP
            SELECT format_type(a.atttypid, a.atttypmod),
                   a.atttypid = ANY (string_to_array(want[i][2], '|')::regtype[])
              INTO have, type_ok
              FROM pg_attribute a
             WHERE a.attrelid = source AND a.attname = want[i][1] AND a.attnum > 0 AND NOT a.attisdropped;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'column "%" is missing from %', want[i][1], source
                    USING ERRCODE = 'undefined_column',
                          DETAIL = 'screen_fit reads decl_date date, hs hscode, origin country, route route, value_usd and quantity (numeric or double precision), unit and exporter (text), and exporter_id (text) when there is one.',
                          HINT = 'Pass a view that renames or casts your columns.';
            END IF;
            IF NOT type_ok THEN
                RAISE EXCEPTION 'column "%" of % has type %, not %', want[i][1], source, have,
                                (SELECT string_agg(format_type(t::regtype, NULL), ' or ')
                                   FROM unnest(string_to_array(want[i][2], '|')) t)
                    USING ERRCODE = 'datatype_mismatch',
                          HINT = 'Pass a view that casts the column.';
            END IF;
        END LOOP;

        -- an optional exporter_id column: the exporter's identifiers for the party indicator
        SELECT format_type(a.atttypid, a.atttypmod), a.atttypid IN ('text'::regtype, 'character varying'::regtype)
          INTO have, type_ok
          FROM pg_attribute a
         WHERE a.attrelid = source AND a.attname = 'exporter_id' AND a.attnum > 0 AND NOT a.attisdropped;
        has_ids := FOUND;
        IF has_ids AND NOT type_ok THEN
            RAISE EXCEPTION 'column "exporter_id" of % has type %, not text or character varying', source, have
                USING ERRCODE = 'datatype_mismatch',
                      HINT = 'Pass a view that casts the column.';
        END IF;

        -- one profile row, locked: concurrent fits of a profile queue here
        INSERT INTO @extschema@.screen_profiles AS sp (profile) VALUES (p) ON CONFLICT DO NOTHING;
        SELECT sp.cutoff INTO cut FROM @extschema@.screen_profiles sp WHERE sp.profile = p FOR UPDATE;

        src := format('(SELECT s.decl_date, s.hs, s.origin, s.route, s.value_usd::float8 AS v, s.quantity::float8 AS q, '
                      '@extschema@.screen_key(s.unit::text) AS unit, @extschema@.screen_key(s.exporter::text) AS exporter, '
                      '@extschema@.route_dispatch(s.route) AS dispatch, @extschema@.route_destination(s.route) AS dest FROM %s s)', source);

        -- Three parallel aggregate passes over the source, into temporary
        -- tables (INSERT ... SELECT never runs in parallel): unit values; lanes
        -- by month; and a cube of the pre-cutoff facts that the route, origin
        -- and exporter baselines are summed from.  Then the profile's rows are
        -- replaced in this one transaction.
        EXECUTE format('CREATE TEMP TABLE _ts_fit_uv ON COMMIT DROP AS '
                       'SELECT g.code, g.unit, (g.s).n, (g.s).median, (g.s).mad FROM ('
                       '  SELECT @extschema@.hs_truncate(d.hs, l.digits) AS code, d.unit, @extschema@.robust_stats(ln(d.v / d.q)) AS s'
                       '    FROM %s d CROSS JOIN (VALUES (4), (6)) l(digits)'
                       '   WHERE d.v > 0 AND d.q > 0 AND d.unit IS NOT NULL AND @extschema@.hs_ndigits(d.hs) >= l.digits'
                       '   GROUP BY 1, 2) g', src);
        RAISE DEBUG 'screen_fit: % after % ms', 'unit values', round(extract(epoch FROM clock_timestamp() - started) * 1000);
        EXECUTE format('CREATE TEMP TABLE _ts_fit_month ON COMMIT DROP AS '
                       'SELECT d.dispatch, d.dest, @extschema@.hs_truncate(d.hs, 4) AS heading,'
                       '       date_trunc(''month'', d.decl_date)::date AS month, sum(d.v) AS v'
                       '  FROM %s d WHERE d.dispatch IS NOT NULL AND d.hs IS NOT NULL AND d.v > 0 AND d.decl_date IS NOT NULL'
                       ' GROUP BY 1, 2, 3, 4', src);
        RAISE DEBUG 'screen_fit: % after % ms', 'monthly lanes', round(extract(epoch FROM clock_timestamp() - started) * 1000);
        EXECUTE format('CREATE TEMP TABLE _ts_fit_cube ON COMMIT DROP AS '
                       'SELECT @extschema@.hs_truncate(d.hs, 4) AS heading, left(@extschema@.hs_chapter(d.hs)::text, 2)::int2 AS chapter,'
                       '       d.dest, d.dispatch, d.origin, d.exporter, d.decl_date < %L AS before,'
                       '       min(d.decl_date) AS first_seen, count(*) AS n'
                       '  FROM %s d GROUP BY 1, 2, 3, 4, 5, 6, 7', cut, src);
        RAISE DEBUG 'screen_fit: % after % ms', 'pre-cutoff cube', round(extract(epoch FROM clock_timestamp() - started) * 1000);

        ANALYZE _ts_fit_month, _ts_fit_cube;
        SELECT coalesce(sum(c.n), 0), coalesce(sum(c.n) FILTER (WHERE c.before), 0)
          INTO fitted_rows, rows_before_cutoff FROM _ts_fit_cube c;
        has_history := rows_before_cutoff >= 100 AND rows_before_cutoff >= 0.05 * fitted_rows;

        CREATE TEMP TABLE _ts_fit_lane ON COMMIT DROP AS
        SELECT m.dispatch, m.dest, m.heading, @extschema@.lane_change(m.month, m.v, cut, 12, 1) AS c
          FROM _ts_fit_month m GROUP BY 1, 2, 3;
        CREATE TEMP TABLE _ts_fit_pair ON COMMIT DROP AS
        SELECT m.dispatch, m.dest, @extschema@.lane_change(m.month, m.v, cut, 12, 1) AS c
          FROM _ts_fit_month m GROUP BY 1, 2;
        CREATE TEMP TABLE _ts_fit_route ON COMMIT DROP AS
        SELECT c.heading, c.dest, c.dispatch, sum(c.n)::bigint AS n
          FROM _ts_fit_cube c WHERE c.before AND c.dispatch IS NOT NULL AND c.heading IS NOT NULL GROUP BY 1, 2, 3;
        CREATE TEMP TABLE _ts_fit_origin ON COMMIT DROP AS
        SELECT c.heading, c.origin, sum(c.n)::bigint AS n
          FROM _ts_fit_cube c WHERE c.before AND c.origin IS NOT NULL AND c.heading IS NOT NULL GROUP BY 1, 2;
        CREATE TEMP TABLE _ts_fit_exporter ON COMMIT DROP AS
        SELECT c.exporter, min(c.first_seen) AS first_seen, coalesce(sum(c.n) FILTER (WHERE c.before), 0)::bigint AS n
          FROM _ts_fit_cube c WHERE c.exporter IS NOT NULL AND c.first_seen IS NOT NULL GROUP BY 1;
        CREATE TEMP TABLE _ts_fit_exporter_chapter ON COMMIT DROP AS
        SELECT c.exporter, c.chapter, sum(c.n)::bigint AS n
          FROM _ts_fit_cube c WHERE c.before AND c.exporter IS NOT NULL AND c.chapter IS NOT NULL GROUP BY 1, 2;
        CREATE TEMP TABLE _ts_fit_exporter_leg ON COMMIT DROP AS
        SELECT c.exporter, c.dispatch, c.dest, sum(c.n)::bigint AS n
          FROM _ts_fit_cube c WHERE c.before AND c.exporter IS NOT NULL AND c.dispatch IS NOT NULL GROUP BY 1, 2, 3;
        ANALYZE _ts_fit_lane, _ts_fit_pair;
        RAISE DEBUG 'screen_fit: % after % ms', 'derived baselines', round(extract(epoch FROM clock_timestamp() - started) * 1000);

        -- the lane prior
        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY greatest((l.c).before_level, (l.c).after_level))
          INTO prior FROM _ts_fit_lane l WHERE greatest((l.c).before_level, (l.c).after_level) > 0;
        -- a tenth of the median trading lane's level: a lane rising from nothing to
        -- a typical size is a large surge; changes below it are noise
        prior := coalesce(prior / 10, 1);

        DELETE FROM @extschema@.screen_baseline_unit_value b WHERE b.profile = p;
        DELETE FROM @extschema@.screen_baseline_lane b WHERE b.profile = p;
        DELETE FROM @extschema@.screen_baseline_route b WHERE b.profile = p;
        DELETE FROM @extschema@.screen_baseline_origin b WHERE b.profile = p;
        DELETE FROM @extschema@.screen_baseline_exporter b WHERE b.profile = p;
        DELETE FROM @extschema@.screen_baseline_exporter_chapter b WHERE b.profile = p;
        DELETE FROM @extschema@.screen_baseline_exporter_leg b WHERE b.profile = p;
        DELETE FROM @extschema@.screen_baseline_party b WHERE b.profile = p;
        RAISE DEBUG 'screen_fit: % after % ms', 'old baselines deleted', round(extract(epoch FROM clock_timestamp() - started) * 1000);

        INSERT INTO @extschema@.screen_baseline_unit_value SELECT p, u.code, u.unit, u.n, u.median, u.mad FROM _ts_fit_uv u WHERE u.code IS NOT NULL;
        GET DIAGNOSTICS unit_value_groups = ROW_COUNT;
        INSERT INTO @extschema@.screen_baseline_lane
        SELECT p, l.dispatch, l.dest, l.heading, (l.c).before_level, (l.c).after_level, r.lane, r.lane / r.pair
          FROM _ts_fit_lane l
          JOIN _ts_fit_pair t ON t.dispatch OPERATOR(@extschema@.=) l.dispatch AND t.dest OPERATOR(@extschema@.=) l.dest
         CROSS JOIN LATERAL (SELECT ((l.c).after_level + prior) / ((l.c).before_level + prior) AS lane,
                                    ((t.c).after_level + prior) / ((t.c).before_level + prior) AS pair) r;
        GET DIAGNOSTICS lanes = ROW_COUNT;
        RAISE DEBUG 'screen_fit: % after % ms', 'lanes stored', round(extract(epoch FROM clock_timestamp() - started) * 1000);
        INSERT INTO @extschema@.screen_baseline_route SELECT p, r.heading, r.dest, r.dispatch, r.n FROM _ts_fit_route r;
        GET DIAGNOSTICS route_cells = ROW_COUNT;
        INSERT INTO @extschema@.screen_baseline_origin SELECT p, o.heading, o.origin, o.n FROM _ts_fit_origin o;
        GET DIAGNOSTICS origin_cells = ROW_COUNT;
        INSERT INTO @extschema@.screen_baseline_exporter SELECT p, e.exporter, e.first_seen, e.n FROM _ts_fit_exporter e;
        GET DIAGNOSTICS exporters = ROW_COUNT;
        INSERT INTO @extschema@.screen_baseline_exporter_chapter SELECT p, e.exporter, e.chapter, e.n FROM _ts_fit_exporter_chapter e;
        INSERT INTO @extschema@.screen_baseline_exporter_leg SELECT p, e.exporter, e.dispatch, e.dest, e.n FROM _ts_fit_exporter_leg e;
        -- the party indicator: each fitted exporter against the listed parties,
        -- through their name index (one look-up per distinct exporter); with
        -- exporter_id, once per identifier the exporter's declarations carry,
        -- keeping the best (a listed identifier wins; a name match is lowered
        -- only when every identifier of the exporter conflicts)
        IF EXISTS (SELECT FROM @extschema@.listed_parties) THEN
            CREATE TEMP TABLE _ts_fit_exporter_ids (exporter text PRIMARY KEY, ids text[]) ON COMMIT DROP;
            IF has_ids THEN
                EXECUTE format('INSERT INTO _ts_fit_exporter_ids '
                               'SELECT @extschema@.screen_key(s.exporter::text), '
                               '       array_agg(DISTINCT @extschema@.ident_normalize(s.exporter_id::text)) '
                               '  FROM %s s WHERE @extschema@.screen_key(s.exporter::text) IS NOT NULL '
                               '   AND @extschema@.ident_normalize(s.exporter_id::text) IS NOT NULL GROUP BY 1', source);
            END IF;
            INSERT INTO @extschema@.screen_baseline_party
            SELECT p, e.exporter, m.list, m.party_id, m.listed_name, m.matched_alias, m.similarity, m.matched_by
              FROM _ts_fit_exporter e
              LEFT JOIN _ts_fit_exporter_ids i ON i.exporter = e.exporter
             CROSS JOIN LATERAL (
                   SELECT b.*
                     FROM unnest(coalesce(i.ids, ARRAY[NULL::text])) AS x(id)
                    CROSS JOIN LATERAL @extschema@.party_best_match(e.exporter, NULL, NULL, x.id) b
                    ORDER BY b.similarity DESC, b.matched_by = 'identifier' DESC, b.list, b.party_id
                    LIMIT 1) m;
            DROP TABLE _ts_fit_exporter_ids;
        END IF;
        RAISE DEBUG 'screen_fit: % after % ms', 'all baselines stored', round(extract(epoch FROM clock_timestamp() - started) * 1000);

        UPDATE @extschema@.screen_profiles sp
           SET version = sp.version + 1, fitted_at = now(), fitted_source = source::text,
               fitted_rows = screen_fit.fitted_rows, rows_before_cutoff = screen_fit.rows_before_cutoff,
               has_history = screen_fit.has_history, lane_prior = prior
         WHERE sp.profile = p
        RETURNING sp.version INTO version;

        DROP TABLE _ts_fit_uv, _ts_fit_month, _ts_fit_cube, _ts_fit_lane, _ts_fit_pair, _ts_fit_route,
                   _ts_fit_origin, _ts_fit_exporter, _ts_fit_exporter_chapter, _ts_fit_exporter_leg;
        fitted_profile := p;
        seconds := extract(epoch FROM clock_timestamp() - started);
    END
    $fit$;
COMMENT ON FUNCTION @extschema@.screen_fit(regclass, text) IS 'learn a profile''s baselines (unit values, lanes, routes, origins, exporters) from a table or view of declarations, replacing the profile''s old ones atomically; creates the profile if needed; returns a summary';

-- Scoring -------------------------------------------------------------------------

CREATE FUNCTION @extschema@.screen_declaration(hs @extschema@.hscode, route @extschema@.route,
        origin @extschema@.country, decl_date date, value_usd double precision, quantity double precision,
        unit text, exporter text, profile text DEFAULT 'default')
    RETURNS @extschema@.screening
    AS 'MODULE_PATHNAME', 'screen_declaration' LANGUAGE C STABLE PARALLEL SAFE COST 50;
COMMENT ON FUNCTION @extschema@.screen_declaration(@extschema@.hscode, @extschema@.route, @extschema@.country, date, double precision, double precision, text, text, text) IS 'score a declaration against a fitted profile: score in [0, 1], level, and the reasons (indicator, weight, strength, exposure, contribution, evidence); a NULL argument disables the indicators that need it';

CREATE FUNCTION @extschema@.screen_score(hs @extschema@.hscode, route @extschema@.route,
        origin @extschema@.country, decl_date date, value_usd double precision, quantity double precision,
        unit text, exporter text, profile text DEFAULT 'default')
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'screen_score' LANGUAGE C STABLE PARALLEL SAFE COST 30;
COMMENT ON FUNCTION @extschema@.screen_score(@extschema@.hscode, @extschema@.route, @extschema@.country, date, double precision, double precision, text, text, text) IS 'the score of screen_declaration alone, without building the reasons: rank or filter many rows with it, then explain the few that matter with screen_declaration';

-- Copying a profile to other servers ------------------------------------------
-- Shards that score their own rows need the profile the coordinator fitted
-- over all rows, identically: screen_profile_export writes it as rows of
-- (part, data jsonb) that COPY or a foreign table carries to another server,
-- and screen_profile_import reads them back there.

CREATE FUNCTION @extschema@.screen_profile_inputs(watchlist text)
    RETURNS TABLE (part text, data jsonb)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT 'watchlists', jsonb_build_object('code', w.code, 'excluded', w.excluded, 'tier', w.tier,
                                            'valid_from', w.valid_from, 'valid_to', w.valid_to)
      FROM @extschema@.watchlists w WHERE w.list = $1
    UNION ALL
    SELECT 'watchlist_tiers', jsonb_build_object('tier', t.tier, 'tier_order', t.tier_order)
      FROM @extschema@.watchlist_tiers t WHERE t.list = $1
    UNION ALL
    -- the roles scoring uses: a user's rows for a (role, country) replace the shipped ones
    SELECT 'country_roles', jsonb_build_object('role', r.role, 'country', r.country,
                                               'valid_from', r.valid_from, 'valid_to', r.valid_to)
      FROM @extschema@.country_roles r
     WHERE NOT r.shipped OR NOT EXISTS (SELECT FROM @extschema@.country_roles u
                                         WHERE NOT u.shipped AND u.role = r.role
                                           AND u.country OPERATOR(@extschema@.=) r.country)
    $$;
COMMENT ON FUNCTION @extschema@.screen_profile_inputs(text) IS 'what scoring reads besides a profile''s own rows: the entries and tiers of its watchlist and the country roles in effect, as (part, data) rows; screen_profile_export includes them and screen_profile_import checks that they are the same on the importing server';

CREATE FUNCTION @extschema@.screen_profile_export(profile text)
    RETURNS TABLE (part text, data jsonb)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    SET extra_float_digits = 3
    AS $export$
    DECLARE
        p constant text := $1;
        list text;
        t text;
    BEGIN
        IF p IS NULL THEN
            RAISE EXCEPTION 'scoring profile must not be NULL' USING ERRCODE = 'null_value_not_allowed';
        END IF;
        SELECT sp.watchlist INTO list FROM @extschema@.screen_profiles sp WHERE sp.profile = p;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'scoring profile "%" does not exist', p
                USING ERRCODE = 'undefined_object', HINT = 'See the screen_profiles table.';
        END IF;
        RETURN QUERY
        SELECT 'header', jsonb_build_object('format', 1, 'profile', p,
                   'extversion', (SELECT e.extversion FROM pg_extension e WHERE e.extname = 'trade_screen'));
        RETURN QUERY
        SELECT 'screen_profiles', to_jsonb(sp) FROM @extschema@.screen_profiles sp WHERE sp.profile = p;
        -- the profile's rows in every table of the extension keyed by profile
        -- (its configuration and each baseline screen_fit fills), without the
        -- key, so that an import may rename the profile
        FOR t IN
            SELECT c.relname FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
             WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_extension'::regclass
               AND d.refobjid = (SELECT e.oid FROM pg_extension e WHERE e.extname = 'trade_screen')
               AND d.deptype = 'e' AND c.relkind = 'r' AND c.relname <> 'screen_profiles'
               AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'profile'
                                                        AND a.attnum > 0 AND NOT a.attisdropped)
             ORDER BY c.relname COLLATE "C"
        LOOP
            RETURN QUERY EXECUTE format('SELECT %L::text, to_jsonb(b) - ''profile'' FROM @extschema@.%I b WHERE b.profile = $1', t, t)
                USING p;
        END LOOP;
        RETURN QUERY SELECT i.part, i.data FROM @extschema@.screen_profile_inputs(list) i;
    END
    $export$;
COMMENT ON FUNCTION @extschema@.screen_profile_export(text) IS 'a fitted profile as rows of (part, data jsonb): a header (format, extension version), the screen_profiles row, its screen_config and baseline rows, and the watchlist entries, tiers and country roles it was scored with; floats at full precision, so screen_profile_import on another server rebuilds it exactly';

CREATE FUNCTION @extschema@.screen_profile_import(source regclass, profile text DEFAULT NULL,
        OUT imported_profile text, OUT version bigint, OUT imported_rows bigint)
    RETURNS record
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $import$
    DECLARE
        head jsonb;
        prof jsonb;
        p text;
        t text;
        n bigint;
        tables text[];
        differing text;
        cols text;
    BEGIN
        IF source IS NULL THEN
            RAISE EXCEPTION 'source of screen_profile_import must not be NULL' USING ERRCODE = 'null_value_not_allowed';
        END IF;
        FOREACH t IN ARRAY ARRAY['part', 'data'] LOOP
            IF NOT EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = source AND a.attnum > 0 AND NOT a.attisdropped
                                                      AND a.attname = t) THEN
                RAISE EXCEPTION 'column "%" is missing from %', t, source
                    USING ERRCODE = 'undefined_column',
                          HINT = 'screen_profile_import reads the part and data columns that screen_profile_export returns.';
            END IF;
        END LOOP;
        EXECUTE format('CREATE TEMP TABLE _ts_import ON COMMIT DROP AS SELECT s.part::text AS part, s.data::jsonb AS data FROM %s s', source);

        SELECT (array_agg(i.data))[1], count(*) INTO head, n FROM _ts_import i WHERE i.part = 'header';
        IF n <> 1 OR NOT head ? 'format' THEN
            RAISE EXCEPTION '% holds no profile export', source
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('It has %s header rows; an export has one.', n),
                      HINT = 'Fill it with the rows of screen_profile_export(profile) on the server the profile comes from.';
        END IF;
        IF head->>'format' <> '1' THEN
            RAISE EXCEPTION 'profile export format % is not supported', head->>'format'
                USING ERRCODE = 'feature_not_supported', HINT = 'This version reads format 1.';
        END IF;
        IF head->>'extversion' IS DISTINCT FROM (SELECT e.extversion FROM pg_extension e WHERE e.extname = 'trade_screen') THEN
            RAISE EXCEPTION 'profile exported by trade_screen % cannot be imported into trade_screen %',
                            head->>'extversion', (SELECT e.extversion FROM pg_extension e WHERE e.extname = 'trade_screen')
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'Another version of the extension may score the same profile differently.',
                      HINT = 'Update the extension to the same version on both servers (ALTER EXTENSION trade_screen UPDATE), then export again.';
        END IF;
        SELECT (array_agg(i.data))[1], count(*) INTO prof, n FROM _ts_import i WHERE i.part = 'screen_profiles';
        IF n <> 1 THEN
            RAISE EXCEPTION '% holds % profiles, not one', source, n USING ERRCODE = 'invalid_parameter_value';
        END IF;
        p := coalesce(screen_profile_import.profile, prof->>'profile');

        -- the tables keyed by profile, as screen_profile_export finds them
        SELECT array_agg(c.relname::text ORDER BY c.relname COLLATE "C") INTO tables
          FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
         WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_extension'::regclass
           AND d.refobjid = (SELECT e.oid FROM pg_extension e WHERE e.extname = 'trade_screen')
           AND d.deptype = 'e' AND c.relkind = 'r' AND c.relname <> 'screen_profiles'
           AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'profile'
                                                    AND a.attnum > 0 AND NOT a.attisdropped);
        SELECT string_agg(DISTINCT i.part, ', ') INTO differing FROM _ts_import i
         WHERE i.part IS NULL OR NOT (i.part = ANY (tables || ARRAY['header', 'screen_profiles', 'watchlists', 'watchlist_tiers', 'country_roles']));
        IF differing IS NOT NULL THEN
            RAISE EXCEPTION '% holds rows of unknown parts: %', source, differing USING ERRCODE = 'invalid_parameter_value';
        END IF;

        -- scoring also reads the watchlist and the country roles: they must be
        -- the same here as where the profile was fitted
        SELECT string_agg(DISTINCT x.part, ', ' ORDER BY x.part) INTO differing FROM (
            (SELECT i.part, i.data FROM _ts_import i WHERE i.part IN ('watchlists', 'watchlist_tiers', 'country_roles')
             EXCEPT ALL SELECT l.part, l.data FROM @extschema@.screen_profile_inputs(prof->>'watchlist') l)
            UNION ALL
            (SELECT l.part, l.data FROM @extschema@.screen_profile_inputs(prof->>'watchlist') l
             EXCEPT ALL SELECT i.part, i.data FROM _ts_import i WHERE i.part IN ('watchlists', 'watchlist_tiers', 'country_roles'))) x;
        IF differing IS NOT NULL THEN
            RAISE EXCEPTION 'profile "%" was fitted with other watchlist entries or country roles than this server has', p
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = format('Rows of %s differ; the profile scores with watchlist "%s".', differing, prof->>'watchlist'),
                      HINT = 'Make the same changes of watchlists, watchlist_tiers and country_roles on every server, then import again.';
        END IF;

        -- one profile row, locked: concurrent fits and imports of it queue here
        INSERT INTO @extschema@.screen_profiles AS sp (profile) VALUES (p) ON CONFLICT DO NOTHING;
        PERFORM FROM @extschema@.screen_profiles sp WHERE sp.profile = p FOR UPDATE;

        imported_rows := 1;
        FOREACH t IN ARRAY tables LOOP
            -- the configuration only when it differs: any change of it makes
            -- every profile's version grow (screen_config_changed)
            IF t = 'screen_config' THEN
                SELECT count(*) INTO n FROM (
                    (SELECT i.data FROM _ts_import i WHERE i.part = t
                     EXCEPT ALL SELECT to_jsonb(c) - 'profile' FROM @extschema@.screen_config c WHERE c.profile = p)
                    UNION ALL
                    (SELECT to_jsonb(c) - 'profile' FROM @extschema@.screen_config c WHERE c.profile = p
                     EXCEPT ALL SELECT i.data FROM _ts_import i WHERE i.part = t)) x;
                IF n = 0 THEN
                    SELECT count(*) INTO n FROM _ts_import i WHERE i.part = t;
                    imported_rows := imported_rows + n;
                    CONTINUE;
                END IF;
            END IF;
            EXECUTE format('DELETE FROM @extschema@.%I b WHERE b.profile = $1', t) USING p;
            EXECUTE format('INSERT INTO @extschema@.%I SELECT r.* FROM _ts_import i'
                           ' CROSS JOIN LATERAL jsonb_populate_record(NULL::@extschema@.%I, i.data || jsonb_build_object(''profile'', $1)) r'
                           ' WHERE i.part = $2', t, t) USING p, t;
            GET DIAGNOSTICS n = ROW_COUNT;
            imported_rows := imported_rows + n;
        END LOOP;

        -- last, the profile row as exported, version included: a score names
        -- the same profile version on every server
        SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum),
               string_agg('r.' || quote_ident(a.attname), ', ' ORDER BY a.attnum)
          INTO cols, t
          FROM pg_attribute a
         WHERE a.attrelid = '@extschema@.screen_profiles'::regclass AND a.attnum > 0 AND NOT a.attisdropped
           AND a.attname <> 'profile';
        EXECUTE format('UPDATE @extschema@.screen_profiles sp SET (%s) = (SELECT %s FROM jsonb_populate_record(NULL::@extschema@.screen_profiles, $1) r)'
                       ' WHERE sp.profile = $2 RETURNING sp.version', cols, t)
            INTO version USING prof, p;
        DROP TABLE _ts_import;
        imported_profile := p;
    END
    $import$;
COMMENT ON FUNCTION @extschema@.screen_profile_import(regclass, text) IS 'rebuild a profile from the rows of screen_profile_export (a table or foreign table with part and data columns), under its own name or the one given, replacing the profile''s rows here atomically; the profile row, version included, becomes the exported one; refuses an export of another extension version, or one made with other watchlist entries or country roles than this server has';

-- The Eurasian roundabout ---------------------------------------------------------

CREATE FUNCTION @extschema@.roundabout(source regclass, cutoff date, months integer DEFAULT 10,
        target text DEFAULT 'RU', prior double precision DEFAULT 10000)
    RETURNS TABLE (partner text, heading text, hub_ratio double precision, other_ratio double precision,
                   relative_ratio double precision, target_ratio double precision, score double precision)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $fn$
    DECLARE
        want constant text[] := ARRAY['partner', 'heading', 'period', 'value'];
    BEGIN
        FOR i IN 1 .. 4 LOOP
            IF NOT EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = source AND a.attname = want[i]
                                                    AND a.attnum > 0 AND NOT a.attisdropped) THEN
                RAISE EXCEPTION 'column "%" is missing from %', want[i], source
                    USING ERRCODE = 'undefined_column',
                          HINT = 'roundabout reads partner, heading, period (date) and value: pass a view that renames your columns.';
            END IF;
        END LOOP;
        RETURN QUERY EXECUTE format($q$
            WITH m AS (
                SELECT s.partner::text AS partner, s.heading::text AS heading,
                       date_trunc('month', s.period)::date AS month, sum(s.value)::float8 AS v
                  FROM %s s WHERE s.period IS NOT NULL AND s.value IS NOT NULL
                 GROUP BY 1, 2, 3
            ), total AS (
                SELECT m.partner, m.month, sum(m.v) AS v FROM m GROUP BY 1, 2
            ), cells AS (
                -- every month of a partner for each of its headings, so that the
                -- other headings' series has no holes where this one has none
                SELECT h.partner, h.heading, t.month, coalesce(m.v, 0) AS v, t.v - coalesce(m.v, 0) AS other
                  FROM (SELECT DISTINCT m.partner, m.heading FROM m) h
                  JOIN total t USING (partner)
                  LEFT JOIN m USING (partner, heading, month)
            ), lanes AS (
                SELECT c.partner, c.heading,
                       @extschema@.lane_change(c.month, c.v, $1, $2, $3) AS hub,
                       @extschema@.lane_change(c.month, c.other, $1, $2, $3) AS other
                  FROM cells c
                 GROUP BY 1, 2
            ), tgt AS (
                SELECT m.heading, @extschema@.lane_change(m.month, m.v, $1, $2, $3) AS c
                  FROM m WHERE m.partner = $4 GROUP BY 1
            )
            SELECT l.partner, l.heading, (l.hub).ratio, (l.other).ratio, (l.hub).ratio / (l.other).ratio, (g.c).ratio,
                   CASE WHEN (l.hub).ratio > 1 AND (l.hub).ratio > (l.other).ratio AND (g.c).ratio < 1
                        THEN sqrt(ln((l.hub).ratio / (l.other).ratio) * -ln((g.c).ratio)) ELSE 0 END
              FROM lanes l JOIN tgt g USING (heading)
             WHERE l.partner <> $4
        $q$, source) USING cutoff, months, prior, target;
    END
    $fn$;
COMMENT ON FUNCTION @extschema@.roundabout(regclass, date, integer, text, double precision) IS 'the "Eurasian roundabout" of a table of monthly trade (partner, heading, period, value): per partner and heading, exports to the partner rising, and faster than its other headings, while the same heading''s exports to target (default RU) fell (lane_change ratios); score = sqrt(ln(relative ratio) * -ln(target ratio)), 0 unless all three hold';
-- install/80_names.sql: counterparty names (name keys, similarity, the %% operator and its GIN opclasses), listed parties, the targets.simple.csv loader and the party indicator.

CREATE FUNCTION @extschema@.name_key(text) RETURNS text
    AS 'MODULE_PATHNAME', 'name_key' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 50;
COMMENT ON FUNCTION @extschema@.name_key(text) IS 'comparison key of a counterparty name: ICU romanisation, legal form reduced to its class, transliteration variants folded, words sorted; depends on the ICU version';

CREATE FUNCTION @extschema@.name_similarity(text, text) RETURNS double precision
    AS 'MODULE_PATHNAME', 'name_similarity' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 100;
COMMENT ON FUNCTION @extschema@.name_similarity(text, text) IS 'similarity of two counterparty names in [0, 1]: weighted token alignment robust to script, word order, legal form and one typo per long word; depends on the ICU version';

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
COMMENT ON FUNCTION @extschema@.gin_name_extract_value(text, internal, internal) IS 'GIN support: the index keys of a counterparty name (distinctive words, their one-deletion variants, consonant skeletons, the joined words)';
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
-- install/81_parties.sql: listed parties (sanctions and watch lists), the OpenSanctions targets.simple.csv loader and the party indicator hook.

CREATE TABLE @extschema@.listed_parties (
    list text NOT NULL,
    party_id text NOT NULL,
    schema text,
    name text NOT NULL,
    aliases text[] NOT NULL DEFAULT '{}',
    countries text[],
    identifiers text[],
    valid_from date,
    valid_to date,
    source text,
    names text[] GENERATED ALWAYS AS (array_prepend(name, aliases)) STORED,
    PRIMARY KEY (list, party_id),
    CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
);
COMMENT ON TABLE @extschema@.listed_parties IS 'parties on sanctions or watch lists, one row per listed entity; every row is user data, saved by pg_dump';
COMMENT ON COLUMN @extschema@.listed_parties.list IS 'the list a row belongs to, as the loader was told (e.g. sample, os-default)';
COMMENT ON COLUMN @extschema@.listed_parties.party_id IS 'the identifier of the entity on its list (the OpenSanctions id)';
COMMENT ON COLUMN @extschema@.listed_parties.schema IS 'kind of entity as the source says (Company, Organization, LegalEntity, Person)';
COMMENT ON COLUMN @extschema@.listed_parties.name IS 'the name the list gives first';
COMMENT ON COLUMN @extschema@.listed_parties.aliases IS 'other names and spellings, in any script';
COMMENT ON COLUMN @extschema@.listed_parties.countries IS 'countries the source links the entity to, as the source writes them (lower-case alpha-2 in OpenSanctions)';
COMMENT ON COLUMN @extschema@.listed_parties.identifiers IS 'registration and tax numbers (BIN, INN, OGRN, ...) as the source writes them';
COMMENT ON COLUMN @extschema@.listed_parties.valid_from IS 'first day the listing applies, NULL when unknown';
COMMENT ON COLUMN @extschema@.listed_parties.valid_to IS 'last day the listing applies, NULL while it stands';
COMMENT ON COLUMN @extschema@.listed_parties.source IS 'the dataset or authority the row comes from';
COMMENT ON COLUMN @extschema@.listed_parties.names IS 'name followed by the aliases (generated): what %% and the index compare';
CREATE INDEX listed_parties_names_idx ON @extschema@.listed_parties USING gin (names @extschema@.gin_name_array_ops);
COMMENT ON INDEX @extschema@.listed_parties_names_idx IS 'GIN index for name %% names: matches a counterparty name against every name and alias';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.listed_parties', '');
GRANT SELECT ON @extschema@.listed_parties TO PUBLIC;

CREATE FUNCTION @extschema@.load_targets_simple(staging regclass, list text) RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n bigint;
BEGIN
    IF list IS NULL OR list = '' THEN
        RAISE EXCEPTION 'list name must not be empty'
            USING ERRCODE = '22023',
                  HINT = 'Name the list the rows belong to, e.g. ''os-default''.';
    END IF;
    EXECUTE format($q$
        INSERT INTO @extschema@.listed_parties
            (list, party_id, schema, name, aliases, countries, identifiers, valid_from, source)
        SELECT $1, s.id, nullif(s.schema, ''), s.name,
               coalesce(string_to_array(nullif(s.aliases, ''), ';'), '{}'),
               string_to_array(nullif(s.countries, ''), ';'),
               string_to_array(nullif(s.identifiers, ''), ';'),
               CASE WHEN s.first_seen ~ '^\d{4}-\d{2}-\d{2}' THEN left(s.first_seen, 10)::date END,
               nullif(s.dataset, '')
          FROM %s s
         WHERE coalesce(s.id, '') <> '' AND coalesce(s.name, '') <> ''
        ON CONFLICT (list, party_id) DO UPDATE
           SET schema = excluded.schema, name = excluded.name, aliases = excluded.aliases,
               countries = excluded.countries, identifiers = excluded.identifiers,
               valid_from = excluded.valid_from, source = excluded.source
        $q$, staging) USING list;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
COMMENT ON FUNCTION @extschema@.load_targets_simple(regclass, text) IS 'loads rows of an OpenSanctions targets.simple.csv, copied as text into a staging table, into listed_parties under a list name (rows of that list with the same id are updated); returns the rows loaded';

-- Identifiers (registration and tax numbers).  A declaration's identifier
-- equal to a listed one is a match whatever the names say; one of the same
-- scheme that differs lowers the name's similarity.  targets.simple.csv gives
-- bare values without their scheme, so a scheme is recognised by its shape.
CREATE FUNCTION @extschema@.ident_normalize(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN nullif(lower(regexp_replace(
           regexp_replace($1, '^\s*(inn|bin|iin|ogrn|ogrnip|kpp|okpo|unp|tin|edrpou|imo|lei|swift|bic|reg|regno)(?=[\s:.#№-]+[0-9A-Za-z]|[0-9])[\s:.#№-]*', '', 'i'),
           '[^0-9A-Za-z]+', '', 'g')), '');
COMMENT ON FUNCTION @extschema@.ident_normalize(text) IS 'an identifier as compared: a leading Latin scheme label (INN, BIN, OGRN, IMO, LEI, SWIFT...) dropped, then its ASCII letters and digits in lower case, so Cyrillic labels go too (''ИНН 7707083893'', ''INN: 7707-083-893'' and ''7707083893'' are ''7707083893''; ''GB-123 456'' is ''gb123456''); NULL when nothing is left';

CREATE FUNCTION @extschema@.ident_normalize(text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN ARRAY(SELECT DISTINCT @extschema@.ident_normalize(x) FROM unnest($1) x
              WHERE @extschema@.ident_normalize(x) IS NOT NULL ORDER BY 1);
COMMENT ON FUNCTION @extschema@.ident_normalize(text[]) IS 'ident_normalize of every element, each once, in order, without the empty ones';

CREATE FUNCTION @extschema@.ident_same_scheme(a text, b text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN length($1) = length($2) AND ($1 ~ '^[0-9]+$') = ($2 ~ '^[0-9]+$');
COMMENT ON FUNCTION @extschema@.ident_same_scheme(text, text) IS 'two normalised identifiers look like numbers of one scheme: the same length, both all digits or both not (a 10-digit INN, a 13-digit OGRN, a 12-digit BIN, a 20-character LEI)';

CREATE INDEX listed_parties_identifiers_idx ON @extschema@.listed_parties
    USING gin (@extschema@.ident_normalize(identifiers));
COMMENT ON INDEX @extschema@.listed_parties_identifiers_idx IS 'GIN index of the normalised identifiers: finds the parties that carry a declared identifier';

CREATE FUNCTION @extschema@.party_best_match(name text, lists text[] DEFAULT NULL, on_date date DEFAULT NULL,
        ident text DEFAULT NULL,
        OUT list text, OUT party_id text, OUT listed_name text, OUT matched_alias text,
        OUT similarity double precision, OUT matched_by text)
    RETURNS SETOF record
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1
SET search_path = pg_catalog, pg_temp
AS $$
    WITH valid AS NOT MATERIALIZED (
        SELECT p.*
          FROM @extschema@.listed_parties p
         WHERE ($2 IS NULL OR p.list = ANY ($2))
           AND ($3 IS NULL OR ((p.valid_from IS NULL OR p.valid_from <= $3)
                               AND (p.valid_to IS NULL OR p.valid_to >= $3)))
    ),
    -- the identifier: a match whatever the names
    by_ident AS NOT MATERIALIZED (
        SELECT v.list, v.party_id, v.name,
               CASE WHEN $1 IS NOT NULL THEN @extschema@.name_best_alias($1, v.names) END AS alias,
               1.0::float8 AS sim, 'identifier'::text AS how
          FROM valid v
         WHERE @extschema@.ident_normalize(v.identifiers) @> ARRAY[@extschema@.ident_normalize($4)]
    ),
    -- the name, lowered when the party has an identifier of the declared
    -- one's scheme but not the declared one
    by_name AS NOT MATERIALIZED (
        SELECT v.list, v.party_id, v.name, @extschema@.name_best_alias($1, v.names) AS alias,
               @extschema@.name_similarity($1, v.names) * CASE WHEN c.conflict THEN 0.8 ELSE 1.0 END AS sim,
               CASE WHEN c.conflict THEN 'name, identifier differs' ELSE 'name' END AS how
          FROM valid v
         CROSS JOIN LATERAL (
               SELECT coalesce(EXISTS (SELECT FROM unnest(@extschema@.ident_normalize(v.identifiers)) x
                                        WHERE @extschema@.ident_same_scheme(x, @extschema@.ident_normalize($4)))
                               AND NOT @extschema@.ident_normalize(v.identifiers) @> ARRAY[@extschema@.ident_normalize($4)],
                               false) AS conflict) c
         WHERE v.names OPERATOR(@extschema@.%%) $1
    )
    SELECT * FROM (SELECT * FROM by_ident
                   UNION ALL
                   SELECT * FROM by_name
                    WHERE sim >= coalesce(current_setting('trade_screen.name_threshold', true)::float8, 0.75)) m
     ORDER BY m.sim DESC, m.how = 'identifier' DESC, m.list, m.party_id
     LIMIT 1
$$;
COMMENT ON FUNCTION @extschema@.party_best_match(text, text[], date, text) IS 'party indicator: the listed party (of the given lists, valid on the given date; NULL means any) that best matches a counterparty: one carrying the identifier given (similarity 1, matched_by identifier) or else the one whose name or alias best matches the name at trade_screen.name_threshold, its similarity times 0.8 when the party has another identifier of the same scheme; with the alias matched and how; no row when none matches';
-- install/90_fdw_arrays.sql: the array types of the extension's types belong to the extension.

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
