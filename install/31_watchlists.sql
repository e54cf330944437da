-- install/31_watchlists.sql: watchlists as reference data (the CHPL shipped, users' lists alongside) and their hsset values.

CREATE TABLE @extschema@.watchlist_tiers (
    list text NOT NULL,
    tier text NOT NULL,
    tier_order integer NOT NULL,
    definition text NOT NULL,
    shipped boolean NOT NULL DEFAULT false,
    PRIMARY KEY (list, tier)
);
COMMENT ON TABLE @extschema@.watchlist_tiers IS 'tiers of watchlists with their definitions (CHPL tiers 1, 2, 3A, 3B, 4A, 4B shipped); users'' rows and edits of shipped rows survive pg_dump and upgrades (see shipped_rows_attach)';

CREATE TABLE @extschema@.watchlists (
    list text NOT NULL,
    code @extschema@.hscode NOT NULL,
    excluded boolean NOT NULL DEFAULT false,
    tier text,
    valid_from date NOT NULL,
    valid_to date,
    note text,
    shipped boolean NOT NULL DEFAULT false,
    PRIMARY KEY (list, code, valid_from),
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);
COMMENT ON TABLE @extschema@.watchlists IS 'members of watchlists, one row per code and version: the Common High Priority List (list CHPL, 2024-02-23) shipped, users'' lists added in the same table; users'' rows and edits of shipped rows survive pg_dump and upgrades (see shipped_rows_attach)';
COMMENT ON COLUMN @extschema@.watchlists.list IS 'name of the list, e.g. CHPL';
COMMENT ON COLUMN @extschema@.watchlists.code IS 'the code; the list covers it and everything under it';
COMMENT ON COLUMN @extschema@.watchlists.excluded IS 'true for a carve-out: the code and its subtree are taken out of the list';
COMMENT ON COLUMN @extschema@.watchlists.tier IS 'tier of the list the code belongs to (see watchlist_tiers), or NULL';
COMMENT ON COLUMN @extschema@.watchlists.valid_from IS 'first day the row is in force (the effective date of the list version)';
COMMENT ON COLUMN @extschema@.watchlists.valid_to IS 'first day the row is no longer in force; NULL while it still is';
COMMENT ON COLUMN @extschema@.watchlists.shipped IS 'true for rows as the extension ships them; every row a user writes or edits is false; pg_dump saves those';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.watchlist_tiers', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.watchlists', 'WHERE NOT shipped');

GRANT SELECT ON @extschema@.watchlist_tiers, @extschema@.watchlists TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON @extschema@.watchlist_tiers, @extschema@.watchlists TO @extowner@;
SELECT @extschema@.shipped_rows_attach('@extschema@.watchlist_tiers');
SELECT @extschema@.shipped_rows_attach('@extschema@.watchlists');

CREATE FUNCTION @extschema@.watchlist(list text, tiers text[] DEFAULT NULL, as_of date DEFAULT CURRENT_DATE)
    RETURNS @extschema@.hsset
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT @extschema@.hsset(
                   coalesce(array_agg(w.code) FILTER (WHERE NOT w.excluded), '{}'),
                   coalesce(array_agg(w.code) FILTER (WHERE w.excluded), '{}'))
          FROM @extschema@.watchlists w
         WHERE w.list = $1
           AND ($2 IS NULL OR w.tier = ANY ($2))
           AND w.valid_from <= $3
           AND (w.valid_to IS NULL OR w.valid_to > $3)
    $$;
COMMENT ON FUNCTION @extschema@.watchlist(text, text[], date) IS 'a watchlist as an hsset: the codes of the list (of the given tiers only, if tiers is not NULL) in force on as_of; empty for an unknown list';
