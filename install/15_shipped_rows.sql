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
