-- country: input forms, rejected inputs with their SQLSTATE, casts, binary
-- round trip, order and hash opclasses, codes, names in every language of
-- data/iso3166_1_countries.csv, name variants, borders and distances.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS trade_screen;
RESET client_min_messages;
SET extra_float_digits = 0;

-- accepted spellings and their canonical form
SELECT input, input::country AS country
  FROM (VALUES ('KZ'), ('kz'), ('Kz'), ('KAZ'), ('kaz'), ('398'), (' KZ '), ('RU'),
               ('RUS'), ('643'), ('4'), ('004'), ('04'), ('AF'), ('XK'), ('XKX'),
               ('EU'), ('ZZ'), ('ZZZ'), ('gb'), ('826')) AS v(input)
 ORDER BY country, input COLLATE "C";

-- rejected inputs: one row each, with the SQLSTATE and the detail
CREATE FUNCTION try_country(input text, OUT state text, OUT message text, OUT detail text)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM input::country;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                            detail = PG_EXCEPTION_DETAIL;
END $$;

SELECT input, (try_country(input)).*
  FROM (VALUES (''), ('   '), ('K'), ('KAZA'), ('QQ'), ('AA'), ('QQQ'), ('999'), ('0'),
               ('1000'), ('K1'), ('K Z'), ('KZ>RU'), ('Kazakhstan'), ('ＫＺ'),
               ('RU.'), ('EUR'), ('UNK')) AS v(input)
 ORDER BY input COLLATE "C";

-- rejected calls: one row each, with the SQLSTATE, the detail and the hint
CREATE FUNCTION try_country_call(call text, OUT state text, OUT message text, OUT detail text,
    OUT hint text)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'SELECT ' || call;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                            detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
END $$;
SELECT call, (try_country_call(call)).*
  FROM (VALUES ($c$country_name('KZ', 'fr')$c$)) AS v(call)
 ORDER BY call COLLATE "C";

-- the hint says what is accepted

SELECT 'QQ'::country;


-- casts, and the binary form is the alpha-2 code as text
SELECT 'kaz'::text::country, 'KZ'::country::text, 'KAZ'::varchar::country, 'KZ'::char(2)::country;
CREATE TEMP TABLE assign (c country);
INSERT INTO assign SELECT 'rus'::text;
SELECT * FROM assign;
-- comparing with text columns of codes: the text read as a country code
CREATE TEMP TABLE codes (code text);
INSERT INTO codes VALUES ('KZ'), ('kaz'), ('398'), ('RU'), ('Kazakhstan'), (''), (NULL);
SELECT code, 'KZ'::country = code AS eq, code = 'KZ'::country AS eq_commuted,
       'KZ'::country <> code AS ne, code <> 'KZ'::country AS ne_commuted
  FROM codes ORDER BY code COLLATE "C" NULLS LAST;
SELECT count(*) AS kz_codes FROM codes WHERE 'KZ'::country IN (SELECT code FROM codes c2 WHERE c2.code = codes.code);
SELECT 'Route '::text || 'KZ'::country AS concat_with_text, 'KZ>RU'::route::text || '!' AS route_as_text;
SELECT country_send('KZ'), country_send('KZ') = convert_to('KZ', 'UTF8') AS is_text;
SELECT pg_column_size('KZ'::country) AS bytes;

-- order is alphabetical by alpha-2; = and hash agree with it
SELECT c FROM (VALUES ('RU'::country), ('AM'), ('KZ'), ('KG'), ('ZZ'), ('AE'), ('XK'),
                      ('EU')) AS v(c) ORDER BY c;
SELECT 'AM'::country < 'KZ', 'KZ'::country = 'KAZ', 'KZ'::country <> 'KG',
       'RU'::country >= 'RU', 'RU'::country > 'KZ', 'KG'::country <= 'KZ';
SELECT country_hash('KZ') = country_hash('KAZ') AS same_hash,
       country_hash_extended('KZ', 0) = country_hash_extended('398', 0) AS same_hash64,
       country_hash_extended('KZ', 0) <> country_hash_extended('KZ', 1) AS seeded;

-- btree and hash indexes give the seq scan's answers
CREATE TEMP TABLE cs AS
SELECT i AS id, (ARRAY['KZ','RU','KG','AM','DE','CN','AE','TR','BY','PL'])[1 + i % 10]::country AS c
  FROM generate_series(1, 2000) i;
INSERT INTO cs VALUES (0, NULL);
CREATE TEMP TABLE seq AS
SELECT 'eq' AS q, count(*) AS n FROM cs WHERE c = 'KZ'
UNION ALL SELECT 'lt', count(*) FROM cs WHERE c < 'KZ'
UNION ALL SELECT 'in', count(*) FROM cs WHERE c IN ('RU', 'BY');
CREATE INDEX cs_btree ON cs (c);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM cs WHERE c = 'KZ';
SELECT q, n, n = (SELECT n FROM seq s WHERE s.q = x.q) AS same_as_seq FROM (
SELECT 'eq' AS q, count(*) AS n FROM cs WHERE c = 'KZ'
UNION ALL SELECT 'lt', count(*) FROM cs WHERE c < 'KZ'
UNION ALL SELECT 'in', count(*) FROM cs WHERE c IN ('RU', 'BY')) x ORDER BY q;
DROP INDEX cs_btree;
CREATE INDEX cs_hash ON cs USING hash (c);
EXPLAIN (COSTS OFF) SELECT count(*) FROM cs WHERE c = 'KZ';
SELECT count(*) = (SELECT n FROM seq WHERE q = 'eq') AS same_as_seq FROM cs WHERE c = 'KZ';
RESET enable_seqscan;
SET enable_hashagg = on;
EXPLAIN (COSTS OFF) SELECT c, count(*) FROM cs GROUP BY c;
SELECT c, count(*) FROM cs GROUP BY c ORDER BY c NULLS LAST;

-- codes
SELECT c, country_alpha3(c), country_numeric(c), country_name(c)
  FROM (VALUES ('KZ'::country), ('AF'), ('RU'), ('XK'), ('EU'), ('ZZ')) AS v(c) ORDER BY c;

-- every code of the ISO file reads back in each of its forms
CREATE TEMP TABLE iso (alpha_2 text, alpha_3 text, numeric text, name text,
    official_name text, common_name text, name_ru text, name_kk text, name_ky text,
    name_hy text, name_uz text, name_ka text, name_tr text, name_uk text,
    official_name_ru text, official_name_kk text);
\copy iso FROM 'data/iso3166_1_countries.csv' WITH (FORMAT csv, HEADER true)
SELECT count(*) AS codes,
       count(*) FILTER (WHERE alpha_2::country::text = alpha_2
                          AND alpha_3::country::text = alpha_2
                          AND numeric::country::text = alpha_2
                          AND lower(alpha_3)::country::text = alpha_2
                          AND country_alpha3(alpha_2::country) = alpha_3
                          AND country_numeric(alpha_2::country) = numeric) AS round_trip
  FROM iso;

-- names back out in each language
SELECT lang, country_name('KZ', lang) AS kz, country_name('RU', lang) AS ru
  FROM unnest(ARRAY['en','en_official','en_common','ru','ru_official','kk','kk_official',
                    'ky','uz','uk','tr','hy','ka']) WITH ORDINALITY AS l(lang, ord)
 ORDER BY ord;

-- every name of the ISO file, in every language column, against its own code
CREATE TEMP TABLE iso_names AS
SELECT alpha_2, lang, label AS name
  FROM iso, LATERAL (VALUES ('en', name), ('en_official', official_name),
                            ('en_common', common_name), ('ru', name_ru),
                            ('ru_official', official_name_ru), ('kk', name_kk),
                            ('kk_official', official_name_kk), ('ky', name_ky),
                            ('uz', name_uz), ('uk', name_uk), ('tr', name_tr),
                            ('hy', name_hy), ('ka', name_ka)) AS n(lang, label)
 WHERE coalesce(label, '') <> '';
-- names as stored come back from country_name
SELECT count(*) AS names,
       count(*) FILTER (WHERE country_name(alpha_2::country, lang) = name) AS stored
  FROM iso_names;
-- names resolve to their own country, except those listed below
SELECT count(*) AS names,
       count(*) FILTER (WHERE country_from_name_or_null(name) = alpha_2::country) AS resolved
  FROM iso_names;
-- the exceptions, honestly: the same normalised name claimed by two countries
SELECT n.alpha_2, n.lang, n.name, normalize_name(n.name) COLLATE "C" AS key,
       country_from_name_or_null(n.name) AS resolves_to,
       (SELECT string_agg(DISTINCT o.alpha_2 || ':' || o.lang, ' ' ORDER BY o.alpha_2 || ':' || o.lang)
          FROM iso_names o
         WHERE o.alpha_2 <> n.alpha_2 AND normalize_name(o.name) = normalize_name(n.name)) AS also_named
  FROM iso_names n
 WHERE country_from_name_or_null(n.name) IS DISTINCT FROM n.alpha_2::country
 ORDER BY n.alpha_2, n.lang;

-- the variants customs data uses
SELECT name, country_from_name(name) AS country, normalize_name(name) COLLATE "C" AS key
  FROM (VALUES ('Russia'), ('Russian Federation'), ('Россия'), ('РФ'), ('Ресей'),
               ('Kazakstan'), ('Қазақстан'), ('Казахстан'), ('UAE'), ('ОАЭ'),
               ('Türkiye'), ('Turkey'), ('Kyrgyz Republic'), ('Кыргызстан'),
               ('RUSSIA'), ('  russia. '), ('Russian-Federation'), ('Federation, Russian'),
               ('Korea, Republic of'), ('Republic of Korea'), ('Rep. of Korea'),
               ('Moldova, Republic of'), ('Republic of Moldova'), ('St. Lucia'),
               ('Bosnia & Herzegovina'), ('TURKIYE'), ('Turkiye'), ('Kirghizia'),
               ('Qazaqstan'), ('Rossiya'), ('Հայաստան'), ('Armenia'), ('Грузия'),
               ('Georgia'), ('Uzbekistan'), ('Ўзбекистон'), ('Oʻzbekiston'),
               ('Беларусь'), ('Белоруссия'), ('КНР'), ('China'), ('Китай'),
               ('ＲＵＳＳＩＡ'), ('KAZ'), ('398'), ('kz')) AS v(name)
 ORDER BY country, name COLLATE "C";

-- unknown and ambiguous names
CREATE FUNCTION try_name(input text, OUT state text, OUT message text, OUT detail text)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM country_from_name(input);
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                            detail = PG_EXCEPTION_DETAIL;
END $$;
SELECT input, (try_name(input)).*, country_from_name_or_null(input) AS or_null
  FROM (VALUES ('Narnia'), (''), ('...'), ('QQ'), ('Republic'), ('Kazakhstan, Republic of')) AS v(input)
 ORDER BY input COLLATE "C";
SELECT country_from_name_or_null(NULL) IS NULL AS null_in_null_out;

-- borders and distances
SELECT country_neighbours('KZ') AS kz, country_neighbours('AM') AS am,
       country_neighbours('XK') AS xk, country_neighbours('IS') AS iceland;
SELECT a, b, country_borders(a, b) AS borders, country_borders(b, a) AS symmetric
  FROM (VALUES ('KZ'::country, 'RU'::country), ('KG', 'KZ'), ('KG', 'RU'), ('AM', 'RU'),
               ('AM', 'GE'), ('DE', 'PL'), ('XK', 'RS'), ('KZ', 'KZ')) AS v(a, b)
 ORDER BY a, b;
SELECT count(*) AS border_pairs,
       count(*) FILTER (WHERE country_borders(b, a)) AS symmetric
  FROM iso i, unnest(country_neighbours(i.alpha_2::country)) AS n(b),
       LATERAL (SELECT i.alpha_2::country AS a) s;
SELECT a, b, round(country_distance_km(a, b)::numeric) AS km
  FROM (VALUES ('DE'::country, 'KZ'::country), ('KZ', 'RU'), ('KZ', 'KZ'), ('AM', 'GE'),
               ('TW', 'CN'), ('XK', 'RS')) AS v(a, b)
 ORDER BY a, b;
SELECT country_distance_km('DE', 'KZ') = country_distance_km('KZ', 'DE') AS symmetric;
SELECT trade_screen_icu_version() ~ '^[0-9]+\.[0-9]+' AS icu_version_shape;

-- btequalimage: equality is image equality, so btree indexes on country and
-- route deduplicate; on a low-cardinality column they are far smaller than
-- an 8-byte key's index without it
CREATE TEMP TABLE dedup AS
SELECT (ARRAY['KZ', 'KG', 'AM', 'AE', 'TR', 'GE'])[1 + i % 6]::country AS c,
       (ARRAY['DE>PL>KZ>RU', 'IT>AE>KG>RU', 'FR>TR>GE>AM'])[1 + i % 3]::route AS r,
       (i % 6)::bigint AS b
  FROM generate_series(1, 100000) i;
CREATE INDEX dedup_c ON dedup (c);
CREATE INDEX dedup_r ON dedup (r);
CREATE INDEX dedup_b ON dedup (b) WITH (deduplicate_items = off);
SELECT pg_relation_size('dedup_c') * 3 < pg_relation_size('dedup_b') AS country_index_deduplicated,
       pg_relation_size('dedup_r') * 3 < pg_relation_size('dedup_b') AS route_index_deduplicated;
SELECT opf.opfname, count(*) FILTER (WHERE ap.amprocnum = 4) AS equalimage
  FROM pg_opfamily opf JOIN pg_am am ON am.oid = opf.opfmethod AND am.amname = 'btree'
  JOIN pg_amproc ap ON ap.amprocfamily = opf.oid
 WHERE opf.opfname IN ('country_ops', 'route_ops', 'hscode_ops', 'hsset_ops')
 GROUP BY opf.opfname ORDER BY opf.opfname COLLATE "C";
