-- test/integration/lib/expert_background.sql: a background of clean trade for
-- the expert relations (test/integration/expert_relations.sh), 2019-2023,
-- cutoff 24 February 2022.  Written from the definitions of ordinary trade
-- (established firms on their usual lanes, the sanctions respected after the
-- cutoff), not from the scorer; deterministic (setseed).  Every firm named
-- here is invented.
SELECT setseed(0.19);
CREATE TABLE bg (
    decl_date date, hs hscode, origin country, route route,
    value_usd numeric, quantity double precision, unit text, exporter text
);

-- firm, goods, origin, route, unit, unit price (USD), declarations a year,
-- the years it trades
CREATE TEMP TABLE lanes (exporter text, hs text, origin text, route text, unit text, price float8,
                         per_year int, from_year int, to_year int);
INSERT INTO lanes VALUES
    -- a German electronics maker: to Russia until the sanctions, to the EU and Kazakhstan throughout
    ('Rheinland Elektronik GmbH', '854231', 'DE', 'DE>RU', 'u', 40, 40, 2019, 2021),
    ('Rheinland Elektronik GmbH', '847130', 'DE', 'DE>RU', 'u', 700, 40, 2019, 2021),
    ('Rheinland Elektronik GmbH', '854231', 'DE', 'DE>FR', 'u', 40, 30, 2019, 2023),
    ('Rheinland Elektronik GmbH', '847130', 'DE', 'DE>PL', 'u', 700, 30, 2019, 2023),
    ('Rheinland Elektronik GmbH', '847130', 'DE', 'DE>KZ', 'u', 700, 10, 2019, 2023),
    -- a German coffee roaster: coffee is not restricted, its Russian trade goes on
    ('Hamburger Kaffeerösterei GmbH', '090121', 'DE', 'DE>RU', 'kg', 9, 30, 2019, 2023),
    ('Hamburger Kaffeerösterei GmbH', '090121', 'DE', 'DE>PL', 'kg', 9, 30, 2019, 2023),
    -- German medicines to Russia (not restricted), throughout
    ('Pharma Nord AG', '300490', 'DE', 'DE>RU', 'kg', 120, 40, 2019, 2023),
    -- Kazakh wheat, Turkish T-shirts, Armenian brandy, Georgian wine: the hubs' own goods
    ('Kostanay Astyk LLP', '100199', 'KZ', 'KZ>RU', 't', 250, 100, 2019, 2023),
    -- Kazakhstan's large trade with Russia, against which a lane's surge is judged
    ('Aktobe Ferroalloys JSC', '720241', 'KZ', 'KZ>RU', 't', 1500, 150, 2019, 2023),
    ('Pavlodar Aluminium JSC', '760110', 'KZ', 'KZ>RU', 't', 2400, 100, 2019, 2023),
    ('Anatolia Tekstil A.Ş.', '610910', 'TR', 'TR>RU', 'u', 4, 40, 2019, 2023),
    ('Yerevan Brandy Company CJSC', '220820', 'AM', 'AM>RU', 'l', 12, 30, 2019, 2023),
    ('Kakheti Wine LLC', '220421', 'GE', 'GE>RU', 'l', 5, 25, 2019, 2023),
    -- Chinese phones and laptops to Russia, direct, throughout
    ('Shenzhen Bright Phones Ltd', '851713', 'CN', 'CN>RU', 'u', 150, 50, 2019, 2023),
    ('Shenzhen Bright Phones Ltd', '847130', 'CN', 'CN>RU', 'u', 400, 30, 2019, 2023),
    ('Shenzhen Bright Phones Ltd', '851713', 'CN', 'CN>KZ>RU', 'u', 150, 5, 2019, 2023),
    -- Kazakh washing machines into Russia: none before 2022, a flood after (the FT story)
    ('Astana Home Appliances LLP', '845011', 'KR', 'KZ>RU', 'u', 300, 0, 2022, 2023),
    -- Chinese washing machines to Kazakhstan, throughout
    ('Qingdao Home Electric Co Ltd', '845011', 'CN', 'CN>KZ', 'u', 280, 30, 2019, 2023),
    -- French and Italian goods to Kazakhstan and Russia before the sanctions
    ('Lyon Machines SAS', '840290', 'FR', 'FR>RU', 'u', 90000, 8, 2019, 2021),
    ('Lyon Machines SAS', '840290', 'FR', 'FR>KZ', 'u', 90000, 4, 2019, 2023),
    ('Milano Moda SpA', '620462', 'IT', 'IT>RU', 'u', 60, 20, 2019, 2021),
    ('Milano Moda SpA', '620462', 'IT', 'IT>KZ', 'u', 60, 10, 2019, 2023),
    -- steel, Korean and Japanese trade, some Uzbek cotton
    ('Ruhr Stahl GmbH', '7208', 'DE', 'DE>RU', 't', 700, 20, 2019, 2021),
    ('Ruhr Stahl GmbH', '7208', 'DE', 'DE>NL', 't', 700, 20, 2019, 2023),
    ('Seoul Motors Co Ltd', '870323', 'KR', 'KR>RU', 'u', 15000, 20, 2019, 2021),
    ('Tashkent Cotton JSC', '520100', 'UZ', 'UZ>RU', 't', 1600, 20, 2019, 2023),
    ('Osaka Tools KK', '820730', 'JP', 'JP>KZ', 'u', 50, 10, 2019, 2023);

-- each lane's declarations: dates spread over the years, prices log-normal
-- (the "0 * k" ties each draw to its row: an uncorrelated LATERAL runs once)
-- around the lane's price (sigma 0.25), consignments of 20 to 400 units
INSERT INTO bg
SELECT d, l.hs::hscode, l.origin::country, l.route::route,
       round((q * l.price * exp(0.25 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())))::numeric, 2),
       q, l.unit, l.exporter
  FROM lanes l
 CROSS JOIN LATERAL generate_series(l.from_year, l.to_year) y
 CROSS JOIN LATERAL generate_series(1, l.per_year) k
 CROSS JOIN LATERAL (SELECT make_date(y, 1, 1) + (random() * 364 + 0 * k)::int AS d, (20 + floor(random() * 380 + 0 * k))::float8 AS q) x
 WHERE l.per_year > 0;

-- the washing-machine flood: about 100,000 machines a year from March 2022
INSERT INTO bg
SELECT date '2022-03-01' + (random() * 670)::int, '845011', 'KR', 'KZ>RU',
       round((q * 300 * exp(0.2 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())))::numeric, 2), q, 'u',
       (ARRAY['Astana Home Appliances LLP', 'Almaty Electro Trade LLP', 'Karaganda Import LLP'])[1 + (k % 3)]
  FROM generate_series(1, 400) k
 CROSS JOIN LATERAL (SELECT (300 + floor(random() * 400 + 0 * k))::float8 AS q) x;

-- many small firms on their usual lanes, so that routes, origins and prices have a past
INSERT INTO bg
SELECT make_date(2019 + (k % 5), 1, 1) + (random() * 364)::int, g.hs::hscode, g.origin::country, g.route::route,
       round((q * g.price * exp(0.3 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())))::numeric, 2), q, g.unit,
       g.prefix || ' Trading ' || (k % 40)
  FROM (VALUES ('940360', 'PL', 'PL>RU', 'u', 80, 'Polska'), ('940360', 'PL', 'PL>DE', 'u', 80, 'Polska'),
               ('090121', 'IT', 'IT>FR', 'kg', 10, 'Roma'), ('300490', 'FR', 'FR>RU', 'kg', 150, 'Paris'),
               ('851713', 'CN', 'CN>KZ', 'u', 140, 'Guangzhou'), ('847130', 'CN', 'CN>KZ', 'u', 380, 'Guangzhou'),
               ('100199', 'RU', 'RU>KZ', 't', 240, 'Moskva'), ('610910', 'CN', 'CN>RU', 'u', 3, 'Ningbo'),
               ('220421', 'FR', 'FR>DE', 'l', 8, 'Bordeaux'), ('870323', 'DE', 'DE>FR', 'u', 30000, 'Bayern')) g(hs, origin, route, unit, price, prefix)
 CROSS JOIN LATERAL generate_series(1, 400) k
 CROSS JOIN LATERAL (SELECT (10 + floor(random() * 200 + 0 * k))::float8 AS q) x
 WHERE make_date(2019 + (k % 5), 1, 1) < date '2022-02-24' OR g.route NOT IN ('FR>RU')
    OR g.hs = '300490';
ANALYZE bg;
