-- demo/generate.sql: a deterministic generator of realistic sample customs
-- declarations, 2021-2023, into sample.declarations.
--
--   psql -v rows=20000 -v seed=1 -f demo/generate.sql
--
-- The same rows and seed give the same data on any machine: every random
-- draw is a hash of (row number, seed, purpose), not random().  HS codes are
-- the real HS2022 subheadings of hs_nomenclature with a Zipf-like skew heavy
-- in chapters 84, 85, 87, 39, 73 and 90, extended to 10-digit national
-- lines; origin, route and destination follow the trade of the EU, China,
-- Turkey and others with Russia's neighbours.  About 1.5% of rows are
-- planted suspicious shipments (column planted names the scheme): goods of
-- the Common High Priority List sent from the EU, the US or Japan to Russia
-- through Kazakhstan, Kyrgyzstan, Armenia, the UAE or Turkey after the 2022
-- sanctions, and washing machines via Kazakhstan.  Needs the extension and
-- data/chpl_2024-02-23.csv (run from the repository's top folder).

\if :{?rows}
\else
\set rows 20000
\endif
\if :{?seed}
\else
\set seed 1
\endif

SET client_min_messages = warning;
DROP SCHEMA IF EXISTS sample CASCADE;
CREATE SCHEMA sample;
SET search_path = sample, public;

-- a uniform draw in [0, 1) for row i, seed and purpose k
CREATE FUNCTION sample.u(i bigint, k int) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ((hashint8extended(i, (:seed)::bigint * 1000 + k) & 281474976710655) / 281474976710656.0);

-- pick from a text array by a uniform draw
CREATE FUNCTION sample.pick(a text[], x float8) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN a[1 + floor(x * cardinality(a))::int];
COMMENT ON FUNCTION sample.u(bigint, int) IS 'deterministic uniform draw in [0, 1) for row i, the seed and purpose k';
COMMENT ON FUNCTION sample.pick(text[], float8) IS 'the element of an array a uniform draw x points at';

-- the Common High Priority List (23 Feb 2024), for the planted shipments
CREATE TABLE sample.chpl (hs6 text, hs6_dotted text, tier text, tier_order int,
    tier_definition text, hs2022_description text, in_hs2017 text,
    hs2017_description text, hs2017_conversion text);
\copy sample.chpl FROM 'data/chpl_2024-02-23.csv' WITH (FORMAT csv, HEADER true)

-- subheadings with weights: a random rank r gives 1 / r^0.7, times a boost
-- for the chapters that dominate this trade; a bag of 200,000 draws holds
-- each subheading in proportion to its weight
CREATE TABLE sample.subheading_bag AS
WITH ranked AS (
    SELECT code,
           row_number() OVER (ORDER BY md5(code::text || :'seed')) AS r
      FROM hs_nomenclature
     WHERE edition = 'HS2022' AND shipped AND hs_ndigits(code) = 6
       AND hs_chapter(code) <> '99'
), weighted AS (
    SELECT code,
           power(r, -0.7) * CASE WHEN hs_chapter(code) IN ('84', '85') THEN 5
                                 WHEN hs_chapter(code) IN ('87', '39', '73', '90') THEN 3
                                 ELSE 1 END AS w
      FROM ranked
)
SELECT row_number() OVER (ORDER BY code) - 1 AS slot, code
  FROM weighted, generate_series(1, greatest(1, round(w / (SELECT sum(w) FROM weighted) * 200000)::int));
CREATE UNIQUE INDEX ON sample.subheading_bag (slot);

-- the declarations
CREATE TABLE sample.declarations (
    decl_id bigint PRIMARY KEY,
    decl_date date NOT NULL,
    hs hscode NOT NULL,
    origin text NOT NULL,
    dispatch text NOT NULL,
    destination text NOT NULL,
    route text NOT NULL,
    exporter text NOT NULL,
    importer text NOT NULL,
    value_usd numeric(14, 2) NOT NULL,
    net_kg numeric(14, 3) NOT NULL,
    quantity numeric(14, 3) NOT NULL,
    unit text NOT NULL,
    planted text
);
COMMENT ON TABLE sample.declarations IS 'generated sample customs declarations (demo/generate.sql); planted names the suspicious scheme a row was planted for, as ground truth';

-- company names by country, Latin and Cyrillic; a few appear in both scripts
CREATE TABLE sample.companies (country text PRIMARY KEY, names text[]);
INSERT INTO sample.companies VALUES
 ('DE', '{"Rheinmetall Handel GmbH","Bayer Elektronik GmbH","Muenchner Praezision GmbH","Hansa Industrietechnik GmbH","Schwarzwald Lager GmbH & Co. KG"}'),
 ('IT', '{"Elettronica Lombarda S.r.l.","Meccanica Torino S.p.A.","Cuscinetti Veneti S.r.l."}'),
 ('FR', '{"Optique de Lyon SAS","Composants Normandie SARL","Aero Systemes SA"}'),
 ('NL', '{"Rotterdam Components B.V.","Eindhoven Chips B.V."}'),
 ('PL', '{"Elektronika Gdansk Sp. z o.o.","Lozyska Poznan Sp. z o.o.","Trans-Bug Logistics Sp. z o.o."}'),
 ('CZ', '{"Brno Strojirny s.r.o.","Ostrava Lozisko a.s."}'),
 ('AT', '{"Wiener Messtechnik GmbH"}'),
 ('LT', '{"Vilnius Transit UAB","Kaunas Elektronika UAB"}'),
 ('FI', '{"Nordic Radio Oy"}'),
 ('US', '{"Pacific Semiconductor Inc.","Great Lakes Bearings LLC","Texas Avionics Corp."}'),
 ('JP', '{"Osaka Precision Co., Ltd.","Nagoya Machine Tools K.K."}'),
 ('KR', '{"Hanbit Appliances Co., Ltd.","Seoul Micro Devices Co., Ltd."}'),
 ('CN', '{"Shenzhen Huaqiang Trading Co., Ltd.","Ningbo Bearing Works Co., Ltd.","Guangzhou Electronics Import & Export Co., Ltd.","Xiamen Optics Co., Ltd."}'),
 ('TR', '{"Istanbul Dis Ticaret A.S.","Anadolu Makina Ltd. Sti.","Bosphorus Elektronik A.S."}'),
 ('AE', '{"Jebel Ali General Trading FZE","Gulf Star Electronics LLC","Dubai Silicon FZCO"}'),
 ('KZ', '{"ТОО «Астана Трейд Групп»","ТОО «Алматы Электроникс»","Almaty Electronics LLP","ТОО «Казснаб»","Kazsnab LLP","ТОО «Шымкент Техноимпорт»"}'),
 ('KG', '{"ОсОО «Бишкек Импэкс»","Bishkek Impex LLC","ОсОО «Ала-Тоо Транзит»","ОсОО «Кыргыз Электро»"}'),
 ('AM', '{"ООО «Ереван Логистик»","Yerevan Logistic LLC","ООО «Арарат Тех»","Ararat Tech CJSC"}'),
 ('GE', '{"Tbilisi Trade LLC","Batumi Port Services LLC"}'),
 ('UZ', '{"ООО «Ташкент Машинери»","Tashkent Machinery LLC"}'),
 ('AZ', '{"Baku Import MMC"}'),
 ('BY', '{"ОАО «Минский Электро»","ООО «Брестснаб»"}'),
 ('RU', '{"ООО «Техснаб»","OOO Tekhsnab","АО «Микроэлектроника-Комплект»","ООО «Радиодеталь»","Radiodetal LLC","ООО «ВолгаПодшипник»","АО «Уралмашторг»","ООО «Бытовая Техника Опт»"}'),
 ('MN', '{"Ulaanbaatar Trade LLC"}'),
 ('IN', '{"Mumbai Engineering Pvt. Ltd."}');

-- ordinary trade; hubs' share grows after February 2022
INSERT INTO sample.declarations
SELECT i,
       d,
       hs,
       origin,
       CASE WHEN transit IS NULL THEN origin ELSE transit END,
       destination,
       origin || CASE WHEN transit IS NULL THEN '' ELSE '>' || transit END || '>' || destination,
       pick((SELECT names FROM sample.companies WHERE country = coalesce(transit, origin)), u(i, 11)),
       pick((SELECT names FROM sample.companies WHERE country = destination), u(i, 12)),
       round((q * price)::numeric, 2),
       round((q * kg_per_unit)::numeric, 3),
       round(q::numeric, 3),
       CASE WHEN hs_chapter(hs) IN ('84', '85', '87', '90') THEN 'pcs' ELSE 'kg' END,
       NULL
  FROM (
    SELECT i, d, hs, origin, destination,
           CASE WHEN u(i, 5) < 0.2 THEN
                (SELECT t FROM unnest(ARRAY['PL','LT','TR','GE','CN','AE','KZ']) t
                  WHERE t NOT IN (origin, destination)
                  ORDER BY md5(t || i) LIMIT 1)
           END AS transit,
           ceil(1 + 400 * power(u(i, 6), 3)) AS q,
           CASE WHEN hs_chapter(hs) IN ('84', '85', '90') THEN 20 + 2000 * power(u(i, 7), 2)
                ELSE 1 + 40 * u(i, 7) END AS price,
           0.1 + 30 * u(i, 8) AS kg_per_unit
      FROM (
        SELECT i,
               date '2021-01-01' + floor(u(i, 1) * 1095)::int AS d,
               (b.code::text || pick(ARRAY['0000','0000','0000','1000','9000','0001','1100','9009'], u(i, 3)))::hscode AS hs,
               pick(ARRAY['DE','DE','DE','DE','CN','CN','CN','CN','CN','IT','IT','FR','PL','PL','NL','CZ',
                          'AT','LT','FI','US','US','JP','KR','KR','TR','TR','TR','IN'], u(i, 4)) AS origin,
               pick(ARRAY['KZ','KZ','KZ','KZ','RU','RU','RU','UZ','UZ','KG','KG','AM','AM','GE','AE',
                          'AE','TR','BY','AZ','MN'], u(i, 9)) AS destination
          FROM generate_series(1, :rows) i
          JOIN sample.subheading_bag b ON b.slot = floor(u(i, 2) * (SELECT count(*) FROM sample.subheading_bag))::bigint
      ) base
     WHERE origin <> destination
  ) r
 -- ordinary trade respects the sanctions: no CHPL goods from the sanctioning
 -- countries straight to Russia or Belarus after 24 February 2022
 WHERE NOT (d >= date '2022-02-24'
            AND destination IN ('RU', 'BY')
            AND origin IN ('DE','IT','FR','PL','NL','CZ','AT','LT','FI','US','JP')
            AND hs_subheading(hs)::text IN (SELECT hs6 FROM sample.chpl));

-- planted schemes: CHPL goods to Russia through the neighbours, after the
-- sanctions, and the Kazakh washing machines of 2022
INSERT INTO sample.declarations
SELECT :rows + n,
       d, hs, origin, dispatch, 'RU',
       route,
       pick((SELECT names FROM sample.companies WHERE country = dispatch), u(n, 31)),
       pick((SELECT names FROM sample.companies WHERE country = 'RU'), u(n, 32)),
       round((q * price)::numeric, 2),
       round((q * 0.05 * (1 + u(n, 33)))::numeric, 3),
       q, 'pcs', scheme
  FROM (
    SELECT n, scheme,
           date '2022-03-01' + floor(u(n, 21) * 670)::int AS d,
           CASE WHEN scheme = 'washing_machines_via_kz'
                THEN ('845011' || pick(ARRAY['1100','1900','9000'], u(n, 22)))::hscode
                ELSE ((SELECT hs6 FROM sample.chpl ORDER BY tier_order, hs6
                        OFFSET floor(power(u(n, 22), 2) * (SELECT count(*) FROM sample.chpl))::int LIMIT 1)
                      || pick(ARRAY['0000','0000','1000','9000'], u(n, 23)))::hscode
           END AS hs,
           o AS origin,
           (string_to_array(rt, '>'))[cardinality(string_to_array(rt, '>')) - 1] AS dispatch,
           rt AS route,
           ceil(5 + 300 * power(u(n, 24), 2)) AS q,
           CASE WHEN scheme = 'washing_machines_via_kz' THEN 250 + 200 * u(n, 25)
                ELSE 50 + 3000 * u(n, 25) END AS price
      FROM (
        SELECT n, scheme, o,
               replace(pick(routes, u(n, 27)), 'O', o) AS rt
          FROM (
            SELECT n,
                   pick(ARRAY['eu_via_kz','eu_via_kz','eu_via_kg','eu_via_am','us_jp_via_ae',
                              'eu_via_tr','washing_machines_via_kz'], u(n, 26)) AS scheme
              FROM generate_series(1, greatest(1, (:rows * 0.015)::int)) n
          ) s
          CROSS JOIN LATERAL (
            SELECT CASE s.scheme
                     WHEN 'us_jp_via_ae' THEN pick(ARRAY['US','US','JP'], u(n, 28))
                     WHEN 'washing_machines_via_kz' THEN pick(ARRAY['KR','KR','CN','DE'], u(n, 28))
                     ELSE pick(ARRAY['DE','DE','IT','PL','NL','FR','CZ','FI'], u(n, 28)) END AS o,
                   CASE s.scheme
                     WHEN 'eu_via_kz' THEN ARRAY['O>KZ>RU','O>KZ>RU','O>PL>KZ>RU','O>LT>KZ>RU']
                     WHEN 'eu_via_kg' THEN ARRAY['O>KG>RU','O>KZ>KG>RU','O>TR>KG>RU']
                     WHEN 'eu_via_am' THEN ARRAY['O>AM>RU','O>GE>AM>RU']
                     WHEN 'us_jp_via_ae' THEN ARRAY['O>AE>RU','O>AE>KZ>RU']
                     WHEN 'eu_via_tr' THEN ARRAY['O>TR>RU','O>TR>GE>RU']
                     ELSE ARRAY['O>KZ>RU'] END AS routes
          ) p
      ) x
  ) y;

CREATE INDEX ON sample.declarations (hs);
ANALYZE sample.declarations;
DROP TABLE sample.subheading_bag;
RESET search_path;
