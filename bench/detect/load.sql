-- bench/detect/load.sql: load the generator's CSV (read from psql's standard input) into
--   decl        the declarations, with the columns of the screen_fit contract only, so a fit
--               over it cannot see the labels: decl_id, decl_date, hs, origin, route,
--               value_usd, quantity, unit, exporter
--   decl_truth  the ground truth per decl_id: label, hard_negative, variant
-- Usage (from the repository's top folder, in a database with trade_screen):
--   python3 bench/detect/generate.py --rows 20000 --seed 1 | psql -f bench/detect/load.sql
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
DROP TABLE IF EXISTS decl, decl_truth, decl_raw;
CREATE TEMP TABLE decl_raw (
    decl_id bigint, decl_date date, hs hscode, origin country, route route,
    value_usd double precision, quantity double precision, unit text, exporter text,
    label text, hard_negative text, variant text);
\copy decl_raw FROM pstdin (FORMAT csv, HEADER)
CREATE TABLE decl AS
SELECT decl_id, decl_date, hs, origin, route, value_usd, quantity, unit, exporter
  FROM decl_raw ORDER BY decl_id;
ALTER TABLE decl ADD PRIMARY KEY (decl_id);
CREATE TABLE decl_truth AS
SELECT decl_id, label, hard_negative, variant FROM decl_raw ORDER BY decl_id;
ALTER TABLE decl_truth ADD PRIMARY KEY (decl_id);
COMMENT ON TABLE decl IS 'bench/detect: generated declarations, unlabelled (columns of the screen_fit contract)';
COMMENT ON TABLE decl_truth IS 'bench/detect: ground truth of decl: typology or clean, hard-negative kind, variant';
ANALYZE decl;
ANALYZE decl_truth;
