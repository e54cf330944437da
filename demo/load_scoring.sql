-- demo/load_scoring.sql: learn the default scoring profile's baselines from
-- the sample declarations (screen_fit), score every declaration once into
-- sample.screened, and load the Eurostat EU export lanes for the lane report.
-- Runs after demo/load_routes.sql made the columns country and route.
SET client_min_messages = warning;
SELECT fitted_profile, version, fitted_rows, rows_before_cutoff, unit_value_groups, lanes, route_cells, exporters
  FROM screen_fit('sample.declarations');
DROP TABLE IF EXISTS sample.screened;
CREATE TABLE sample.screened AS
SELECT d.decl_id, (s).score, (s).level, (s).reasons, (s).fired
  FROM sample.declarations d,
       LATERAL (SELECT screen_declaration(d.hs, d.route, d.origin, d.decl_date, d.value_usd::float8,
                                          d.quantity::float8, d.unit, d.exporter) AS s) x;
ALTER TABLE sample.screened ADD PRIMARY KEY (decl_id);

DROP TABLE IF EXISTS sample.eu_exports;
CREATE TABLE sample.eu_exports (reporter text, partner text, hs4 text, period text, value_eur double precision, source_file text);
\copy sample.eu_exports FROM 'data/eurostat_eu_exports_hs4_monthly_2020_2022.csv' WITH (FORMAT csv, HEADER true)
ANALYZE sample.screened;
ANALYZE sample.eu_exports;
