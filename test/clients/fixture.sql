-- test/clients/fixture.sql: the values the driver tests (test/clients/,
-- run by test/integration/client_*.sh) read, bind and round-trip.  Each
-- value sits next to its canonical text form as the server prints it, so a
-- driver's reading can be compared with no answer written in the test.
SET client_min_messages = warning;
DROP TABLE IF EXISTS client_values, client_bound, client_decl;

CREATE TABLE client_values (
    id int PRIMARY KEY,
    hs hscode, hs_text text,
    goods hsset, goods_text text,
    country country, country_text text,
    route route, route_text text
);
INSERT INTO client_values (id, hs, goods, country, route) VALUES
    (1, '8542', '{8542}', 'KZ', 'DE>KZ>RU'),
    (2, '8542.31.00.00', '{8542, !854290, 8471}', 'kaz', 'DEU -> POL -> KAZ -> RUS'),
    (3, '01', '{}', '398', 'KZ'),
    (4, '123456789012', '{01,!0101,010121}', 'XK', 'CN>KZ>KG>UZ>TJ>AF>IR>TR>GE>AM>AZ>RU>BY>PL>DE>FR>ES>PT>MA>DZ>TN>LY>EG>SA>AE>OM>YE>DJ>ET>KE>TZ>ZA'),
    (5, NULL, NULL, NULL, NULL),
    (6, '9999', watchlist('CHPL', NULL, '2024-06-01'), 'ZZ', 'RU>BY>RU');  -- a set longer than 255 characters
UPDATE client_values SET hs_text = hs::text, goods_text = goods::text,
                         country_text = country::text, route_text = route::text;

-- where bound values land
CREATE TABLE client_bound (id int, hs hscode, goods hsset, country country, route route);

-- a few declarations for the filters a BI tool binds
CREATE TABLE client_decl (id int, hs hscode, route route, destination country);
INSERT INTO client_decl
SELECT g, (ARRAY['8542310000', '8542900000', '8471300000', '8450111100', '0101210000'])[1 + g % 5]::hscode,
       (ARRAY['DE>KZ>RU', 'DE>PL>KZ>RU', 'IT>AE>KG>RU', 'FR>TR>GE>AM', 'CN>RU'])[1 + g % 7 % 5]::route,
       (ARRAY['RU', 'BY', 'KZ'])[1 + g % 3]::country
  FROM generate_series(1, 500) g;

-- the bound filters and their expected counts, computed here with literals:
-- (filter with ? for the parameter, the parameter's text, count)
CREATE TABLE client_filters (id int PRIMARY KEY, filter text, param text, expected bigint);
INSERT INTO client_filters (id, filter, param) VALUES
    (1, 'hs <@ ?', '8542'),
    (2, 'hs <@ CAST(? AS hsset)', '{8542,!854290,8471}'),
    (3, 'route @> ?', 'KZ>RU'),
    (4, 'route @> ?', 'KG'),
    (5, 'hs <@ watchlist(?)', 'CHPL'),
    (6, 'destination = ?', 'BY');
-- scoring: a profile fitted on a small history, a filter on its score, and
-- screened rows whose composite and jsonb reasons the drivers read
DROP VIEW IF EXISTS client_screening;
DROP TABLE IF EXISTS client_fit, client_screened;
-- a listed party matching the fitted exporter: its evidence names a party
-- in Cyrillic, so the reasons the drivers read are not all ASCII
DELETE FROM listed_parties WHERE list = 'clients';
INSERT INTO listed_parties (list, party_id, name, aliases) VALUES ('clients', 'p-1', 'ТОО «Альфа»', ARRAY['Alpha']);
CREATE TABLE client_fit AS
SELECT date '2021-01-04' + g AS decl_date, '847130'::hscode AS hs, 'DE'::country AS origin, 'DE>RU'::route AS route,
       500.0 AS value_usd, 1.0 AS quantity, 'u'::text AS unit, 'Alpha'::text AS exporter
  FROM generate_series(0, 400) g;
SELECT fitted_profile FROM screen_fit('client_fit', 'clients');
INSERT INTO client_filters (id, filter, param) VALUES
    (7, '(screen_declaration(hs, route, NULL, ''2023-05-10'', NULL, NULL, NULL, NULL, ?)).score > 0.5', 'clients'),
    (8, 'screen_score(hs, route, ''DE'', ''2023-05-10'', NULL, NULL, NULL, NULL, ?) >= 0.7', 'clients');
-- a view that scores as it is read (as the shards' views do), a column of
-- the composite type for the drivers' metadata, and the table of its rows
CREATE VIEW client_screening AS
SELECT d.id, screen_declaration(d.hs, d.route, 'DE', '2023-05-10', 40, 1, 'u',
                                CASE WHEN d.id % 2 = 0 THEN 'Alpha' ELSE 'Newco' END, 'clients') AS s
  FROM client_decl d WHERE d.id <= 10;
CREATE TABLE client_screened AS
SELECT id, s, s::text AS s_text, (s).reasons::text AS reasons_text FROM client_screening;
DO $$
DECLARE f record; n bigint;
BEGIN
    FOR f IN SELECT * FROM client_filters LOOP
        EXECUTE format('SELECT count(*) FROM client_decl WHERE %s',
                       replace(f.filter, '?', quote_literal(f.param))) INTO n;
        UPDATE client_filters SET expected = n WHERE id = f.id;
    END LOOP;
END $$;
