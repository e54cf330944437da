-- test/integration/lib/scoring_dump_source.sql: a database with two fitted profiles, a
-- configuration value and a country role of the user's own, which scoring_dump.sh and
-- profile_versions_dump.sh dump and restore.
CREATE EXTENSION trade_screen;
CREATE TABLE decl AS
SELECT date '2021-01-04' + 3 * i AS decl_date,
       (ARRAY['847130', '851713', '845011', '854231', '100199'])[1 + i % 5]::hscode AS hs,
       (ARRAY['DE', 'CN', 'KZ', 'DE', 'KZ'])[1 + i % 5]::country AS origin,
       (ARRAY['DE>RU', 'CN>RU', 'KZ>RU', 'DE>KZ>RU', 'KZ>RU'])[1 + i % 5]::route AS route,
       (100 + i % 17) * 10.0 AS value_usd, 10::numeric AS quantity, 'u'::text AS unit,
       'Exporter ' || (i % 23) AS exporter
  FROM generate_series(0, 600) i;
SELECT screen_fit('decl');
SELECT screen_profile_create('strict', 'default');
SELECT screen_fit('decl', 'strict');
INSERT INTO screen_config VALUES ('strict', 'weight.transshipment', 0.8, 'we care'), ('strict', 'tier.1', 0.3, NULL);
INSERT INTO country_roles (role, country, valid_from, valid_to, source) VALUES ('hub', 'RS', '2022-02-24', NULL, 'our own assessment');
