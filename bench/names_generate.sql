-- bench/names_generate.sql: generated counterparties for the name-screening
-- benchmark (bench/names_bench.sh).  psql -v decl=N -v list=M: a list of M
-- firm names (bench.listed) and N declarations (bench.decl) whose exporter
-- and importer come from a pool of 100,000 names; a quarter of the pool are
-- other spellings of listed names (the other script, another romanisation,
-- another legal form, word order, a typo: bench.pool.listed_id says which),
-- the rest are firms not on the list, built from the same syllables, so
-- near misses abound.  Every draw is a hash of the row number.
\if :{?decl}
\else
\set decl 1000000
\endif
\if :{?list}
\else
\set list 50000
\endif
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS bench CASCADE;
CREATE SCHEMA bench;
SET search_path = bench, public;

CREATE FUNCTION bench.u(i bigint, k int) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ((hashint8extended(i, k) & 281474976710655) / 281474976710656.0);
CREATE FUNCTION bench.pick(a text[], x float8) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN a[1 + floor(x * cardinality(a))::int];

-- syllables: Cyrillic, then its Latin spellings
CREATE TABLE bench.syl (n int PRIMARY KEY, cyr text, lat text[]);
INSERT INTO bench.syl VALUES
 (1,'тех','{tekh,tech,teh}'), (2,'снаб','{snab}'), (3,'пром','{prom}'), (4,'урал','{ural}'),
 (5,'волга','{volga}'), (6,'сиб','{sib}'), (7,'каз','{kaz}'), (8,'нефть','{neft}'),
 (9,'газ','{gaz}'), (10,'авто','{avto,auto}'), (11,'электро','{elektro,electro}'), (12,'радио','{radio}'),
 (13,'строй','{stroy,stroi,stroj}'), (14,'агро','{agro}'), (15,'маш','{mash}'), (16,'торг','{torg}'),
 (17,'энерго','{energo}'), (18,'металл','{metall,metal}'), (19,'хим','{khim,him,chim}'), (20,'лес','{les}'),
 (21,'транс','{trans}'), (22,'опт','{opt}'), (23,'комплект','{komplekt,complect}'), (24,'деталь','{detal}'),
 (25,'щит','{shchit,schit}'), (26,'центр','{tsentr,centr}'), (27,'юг','{yug,iug,jug}'), (28,'ярос','{yaros,iaros,jaros}'),
 (29,'жел','{zhel,jel}'), (30,'мир','{mir}'), (31,'звезд','{zvezd}'), (32,'север','{sever}'),
 (33,'восток','{vostok}'), (34,'запад','{zapad}'), (35,'альфа','{alfa,alpha}'), (36,'вектор','{vektor,vector}'),
 (37,'фотон','{foton,photon}'), (38,'гранит','{granit}'), (39,'кристалл','{kristall,kristal}'), (40,'титан','{titan}'),
 (41,'орион','{orion}'), (42,'бур','{bur}'), (43,'кам','{kam}'), (44,'дон','{don}'), (45,'нева','{neva}'),
 (46,'амур','{amur}'), (47,'байкал','{baykal,baikal}'), (48,'алтай','{altay,altai}'), (49,'сар','{sar}'),
 (50,'тал','{tal}'), (51,'бек','{bek}'), (52,'ар','{ar}'), (53,'вин','{vin}'), (54,'лин','{lin}'),
 (55,'кор','{kor}'), (56,'мет','{met}'), (57,'нор','{nor}'), (58,'рус','{rus}'), (59,'стан','{stan}'), (60,'опто','{opto}');
CREATE TABLE bench.city (n int PRIMARY KEY, cyr text, lat text[]);
INSERT INTO bench.city VALUES
 (1,'Алматы','{Almaty}'), (2,'Астана','{Astana}'), (3,'Шымкент','{Shymkent,Chimkent}'), (4,'Бишкек','{Bishkek}'),
 (5,'Ош','{Osh}'), (6,'Ереван','{Yerevan,Erevan}'), (7,'Ташкент','{Tashkent,Toshkent}'), (8,'Москва','{Moskva,Moscow}'),
 (9,'Казань','{Kazan}'), (10,'Самара','{Samara}'), (11,'Уфа','{Ufa}'), (12,'Пермь','{Perm}'),
 (13,'Тюмень','{Tyumen,Tiumen}'), (14,'Омск','{Omsk}'), (15,'Новосибирск','{Novosibirsk}'), (16,'Екатеринбург','{Yekaterinburg,Ekaterinburg}'),
 (17,'Челябинск','{Chelyabinsk,Tcheliabinsk}'), (18,'Минск','{Minsk}'), (19,'Брест','{Brest}'), (20,'Актобе','{Aktobe,Aqtobe}');
-- legal forms: Cyrillic, Latin spellings
CREATE TABLE bench.legal (n int PRIMARY KEY, cyr text, lat text[]);
INSERT INTO bench.legal VALUES
 (1,'ООО','{LLC,OOO,"Limited Liability Company"}'), (2,'ТОО','{LLP,TOO}'), (3,'АО','{JSC,AO}'),
 (4,'ОсОО','{LLC,OsOO}'), (5,'ЗАО','{CJSC,ZAO}'), (6,'ПАО','{PJSC,PAO}');

-- firm f: two or three syllables as one word, maybe a city, maybe a
-- generic word, a legal form; rendered in Cyrillic (odd variants) or in
-- one of the Latin spellings the variant number picks
CREATE TABLE bench.parts AS
SELECT (SELECT array_agg(cyr ORDER BY n) FROM bench.syl) AS syl_cyr,
       (SELECT array_agg(array_to_string(lat, '/') ORDER BY n) FROM bench.syl) AS syl_lat,
       (SELECT array_agg(cyr ORDER BY n) FROM bench.city) AS city_cyr,
       (SELECT array_agg(array_to_string(lat, '/') ORDER BY n) FROM bench.city) AS city_lat,
       (SELECT array_agg(cyr ORDER BY n) FROM bench.legal) AS legal_cyr,
       (SELECT array_agg(array_to_string(lat, '/') ORDER BY n) FROM bench.legal) AS legal_lat;
-- one of the "/"-separated spellings
CREATE FUNCTION bench.spell(alts text, x float8) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN pick(string_to_array(alts, '/'), x);
CREATE FUNCTION bench.firm(f bigint, variant int, pt bench.parts) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN variant % 2 = 1 THEN
                pt.legal_cyr[l] || ' «' ||
                initcap(pt.syl_cyr[s1] || pt.syl_cyr[s2] || coalesce(pt.syl_cyr[s3], '')) ||
                coalesce(' ' || pt.city_cyr[c], '') ||
                coalesce(' ' || CASE g WHEN 'Trading' THEN 'Трейдинг' WHEN 'Group' THEN 'Групп'
                                       WHEN 'Logistics' THEN 'Логистик' WHEN 'Service' THEN 'Сервис' END, '') || '»'
           ELSE
                initcap(spell(pt.syl_lat[s1], x) || spell(pt.syl_lat[s2], x) || coalesce(spell(pt.syl_lat[s3], x), '')) ||
                coalesce(' ' || spell(pt.city_lat[c], x), '') ||
                coalesce(' ' || g, '') || ' ' || spell(pt.legal_lat[l], x)
           END
      FROM (SELECT 1 + floor(u(f, 1) * 60)::int AS s1, 1 + floor(u(f, 2) * 60)::int AS s2,
                   CASE WHEN u(f, 3) < 0.4 THEN 1 + floor(u(f, 4) * 60)::int END AS s3,
                   CASE WHEN u(f, 5) < 0.5 THEN 1 + floor(u(f, 6) * 20)::int END AS c,
                   1 + floor(u(f, 7) * 6)::int AS l,
                   CASE WHEN u(f, 8) < 0.2 THEN pick('{Trading,Group,Logistics,Service}', u(f, 9)) END AS g,
                   u(f * 7 + variant, 10) AS x) p
$$;

-- the list: firms 1..list, as a list writes them (Latin, variant 0)
CREATE TABLE bench.listed (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO bench.listed SELECT f, firm(f, 0, pt) FROM generate_series(1, :list) f, bench.parts pt;

-- the pool of declared names: a quarter are listed firms in another
-- spelling (Cyrillic or another Latin romanisation, words swapped for some,
-- a typo in a long word for some); the rest are firms not on the list
CREATE TABLE bench.pool (n int PRIMARY KEY, name text NOT NULL, listed_id int);
INSERT INTO bench.pool
SELECT n, name, listed_id FROM (
    SELECT n,
           CASE WHEN u(n, 20) < 0.25 THEN 1 + floor(u(n, 21) * :list)::int END AS listed_id,
           u(n, 22) AS tweak
      FROM generate_series(1, 100000) n) s
 CROSS JOIN bench.parts pt
 CROSS JOIN LATERAL (
    SELECT CASE WHEN s.listed_id IS NULL THEN firm(:list + 1 + n, (n % 3)::int, pt)
                WHEN tweak < 0.1 THEN regexp_replace(firm(s.listed_id, 2, pt), '^(\S+) (\S+)', '\2 \1')
                WHEN tweak < 0.2 THEN regexp_replace(firm(s.listed_id, 4, pt), '([a-z])([a-z])([a-z]{3,})', '\2\1\3')
                ELSE firm(s.listed_id, 1 + (n % 4)::int, pt) END AS name) v;

-- the declarations
CREATE TABLE bench.decl (decl_id int PRIMARY KEY, exporter text NOT NULL, importer text NOT NULL);
INSERT INTO bench.decl
SELECT i, (SELECT name FROM bench.pool WHERE n = 1 + floor(u(i, 30) * 100000)::int),
          (SELECT name FROM bench.pool WHERE n = 1 + floor(u(i, 31) * 100000)::int)
  FROM generate_series(1, :decl) i;
ANALYZE bench.listed;
ANALYZE bench.pool;
ANALYZE bench.decl;
