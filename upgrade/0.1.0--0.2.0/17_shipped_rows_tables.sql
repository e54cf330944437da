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
