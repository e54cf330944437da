-- bench/names_generate.sql: generated counterparties for the name-screening
-- benchmark (bench/names_bench.sh).  psql -v decl=N -v list=M: a list of M
-- firms (bench.listed) and N declarations (bench.decl) whose exporter and
-- importer are drawn from a pool of 100,000 declared names (bench.pool).
--
-- Firms.  A firm is its distinctive words: a word made of two or three
-- syllables (Tekhsnab, Uralkhimprom, Akzhol), for some a second one or a
-- city; then maybe a generic word (Trading, Group, Logistics...), maybe a
-- place word (Kazakhstan, Eurasia), and a legal form.  Every firm has its
-- own set of distinctive words (candidates whose set was already taken are
-- dropped), so no two firms, listed or not, share a name: the ground truth
-- is unambiguous and a perfect matcher reaches F1 = 1.  Firms still share
-- generic words, places, cities, legal forms and one of two distinctive
-- words, and short syllable compounds lie one edit apart: the near misses
-- a real list has.
--
-- The list (bench.listed): firms 1..M as a list writes them, in Latin (four
-- in five) or in Cyrillic (a Russian-language registry), legal form in the
-- list's spelling.
--
-- The pool (bench.pool, listed_id = the truth): one name in ten spells a
-- listed firm as a declaration would: the other script or another
-- romanisation (kh/h, ts/c, y/i/j...), the legal form in another spelling
-- or left out, the generic word left out, the words in another order, a
-- typo in the longest word (a letter substituted, dropped, doubled or two
-- swapped), upper case.  The other nine in ten are firms not on the list,
-- drawn like the listed ones.
--
-- Every draw is a hash of a row number, so a run is reproducible.
\if :{?decl}
\else
\set decl 1000000
\endif
\if :{?list}
\else
\set list 50000
\endif
\set pool 100000
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
 (55,'кор','{kor}'), (56,'мет','{met}'), (57,'нор','{nor}'), (58,'рус','{rus}'), (59,'стан','{stan}'), (60,'опто','{opto}'),
 (61,'ак','{ak,aq}'), (62,'жол','{zhol,jol}'), (63,'тау','{tau}'), (64,'кен','{ken}'), (65,'бай','{bay,bai}'),
 (66,'нур','{nur}'), (67,'дала','{dala}'), (68,'ата','{ata}'), (69,'кара','{kara,qara}'), (70,'су','{su}'),
 (71,'темир','{temir}'), (72,'алтын','{altyn,altin}'), (73,'шелк','{shelk}'), (74,'арар','{arar}'), (75,'ван','{van}'),
 (76,'гео','{geo}'), (77,'инвест','{invest}'), (78,'мед','{med}'), (79,'фарм','{farm,pharm}'), (80,'текс','{teks,tex}'),
 (81,'быт','{byt,bit}'), (82,'пласт','{plast}'), (83,'стек','{stek}'), (84,'цемент','{tsement,cement}'), (85,'кабель','{kabel,cabel}'),
 (86,'лидер','{lider,leader}'), (87,'прибор','{pribor}'), (88,'станко','{stanko}'), (89,'тепло','{teplo}'), (90,'вод','{vod}');
CREATE TABLE bench.city (n int PRIMARY KEY, cyr text, lat text[]);
INSERT INTO bench.city VALUES
 (1,'Алматы','{Almaty}'), (2,'Астана','{Astana}'), (3,'Шымкент','{Shymkent,Chimkent}'), (4,'Бишкек','{Bishkek}'),
 (5,'Ош','{Osh}'), (6,'Ереван','{Yerevan,Erevan}'), (7,'Ташкент','{Tashkent,Toshkent}'), (8,'Москва','{Moskva,Moscow}'),
 (9,'Казань','{Kazan}'), (10,'Самара','{Samara}'), (11,'Уфа','{Ufa}'), (12,'Пермь','{Perm}'),
 (13,'Тюмень','{Tyumen,Tiumen}'), (14,'Омск','{Omsk}'), (15,'Новосибирск','{Novosibirsk}'), (16,'Екатеринбург','{Yekaterinburg,Ekaterinburg}'),
 (17,'Челябинск','{Chelyabinsk,Tcheliabinsk}'), (18,'Минск','{Minsk}'), (19,'Брест','{Brest}'), (20,'Актобе','{Aktobe,Aqtobe}');
-- generic words and place words: Latin, Cyrillic (as firms write them)
CREATE TABLE bench.generic (n int PRIMARY KEY, lat text, cyr text);
INSERT INTO bench.generic VALUES
 (1,'Trading','Трейдинг'), (2,'Group','Групп'), (3,'Logistics','Логистик'), (4,'Service','Сервис'),
 (5,'Holding','Холдинг'), (6,'Import','Импорт'), (7,'Export','Экспорт'), (8,'Impex','Импэкс'),
 (9,'International','Интернешнл'), (10,'Technologies','Технологии'), (11,'Invest','Инвест'), (12,'Company','Компания');
CREATE TABLE bench.place (n int PRIMARY KEY, lat text, cyr text);
INSERT INTO bench.place VALUES
 (1,'Kazakhstan','Казахстан'), (2,'Eurasia','Евразия'), (3,'Asia','Азия'), (4,'Kyrgyzstan','Кыргызстан'), (5,'Rus','Русь');
-- legal forms: Cyrillic, Latin spellings (all of one class)
CREATE TABLE bench.legal (n int PRIMARY KEY, cyr text, lat text[]);
INSERT INTO bench.legal VALUES
 (1,'ООО','{LLC,OOO,"Limited Liability Company"}'), (2,'ТОО','{LLP,TOO}'), (3,'АО','{JSC,AO,"Joint Stock Company"}'),
 (4,'ОсОО','{LLC,OsOO}'), (5,'ЗАО','{CJSC,ZAO}'), (6,'ПАО','{PJSC,PAO}');

-- firm candidates: the parts of a name as numbers.  w1 is a syllable
-- compound; w2 a second compound, a city or nothing; the core is the set of
-- distinctive words in Cyrillic, what makes a firm itself.
CREATE TABLE bench.cand AS
SELECT c, w1, w2, city, generic, place, legal,
       (SELECT string_agg(s.cyr, '' ORDER BY o) FROM bench.syl s JOIN unnest(w1) WITH ORDINALITY AS x(n, o) USING (n)) AS cyr1,
       (SELECT string_agg(s.cyr, '' ORDER BY o) FROM bench.syl s JOIN unnest(w2) WITH ORDINALITY AS x(n, o) USING (n)) AS cyr2
  FROM (SELECT c,
               ARRAY[1 + floor(u(c, 1) * 90)::int, 1 + floor(u(c, 2) * 90)::int]
                   || CASE WHEN u(c, 3) < 0.5 THEN ARRAY[1 + floor(u(c, 4) * 90)::int] ELSE '{}' END AS w1,
               CASE WHEN u(c, 5) < 0.15 THEN ARRAY[1 + floor(u(c, 6) * 90)::int, 1 + floor(u(c, 7) * 90)::int] END AS w2,
               CASE WHEN u(c, 5) >= 0.15 AND u(c, 5) < 0.4 THEN 1 + floor(u(c, 8) * 20)::int END AS city,
               CASE WHEN u(c, 9) < 0.4 THEN 1 + floor(u(c, 10) * 12)::int END AS generic,
               CASE WHEN u(c, 11) < 0.12 THEN 1 + floor(u(c, 12) * 5)::int END AS place,
               1 + floor(u(c, 13) * 6)::int AS legal
          FROM generate_series(1, 2 * (:list + :pool)) c) g;
-- firms: the first candidate of each core; firms 1..list are the listed ones
CREATE TABLE bench.firm AS
SELECT row_number() OVER (ORDER BY c)::int AS f, w1, w2, city, generic, place, legal
  FROM (SELECT DISTINCT ON (core) *
          FROM (SELECT *, (SELECT string_agg(w, ' ' ORDER BY w COLLATE "C")
                             FROM unnest(ARRAY[cyr1, cyr2, (SELECT cyr FROM bench.city WHERE n = city)]) w) AS core
                  FROM bench.cand) k
         ORDER BY core, c) d;
ALTER TABLE bench.firm ADD PRIMARY KEY (f);
DROP TABLE bench.cand;
SELECT count(*) >= :list + :pool AS enough FROM bench.firm \gset
\if :enough
\else
\warn 'names_generate.sql: too few distinct firms'
SELECT 1 / 0;
\endif

-- a typo in the longest word of s (six letters or more), kind by t in [0, 1)
-- and position by p: a letter substituted, dropped, doubled, two swapped
CREATE FUNCTION bench.typo(s text, t float8, p float8) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    words text[] := regexp_split_to_array(s, ' ');
    best int := 0;
    w text;
    i int;
    k int;
BEGIN
    FOR i IN 1 .. cardinality(words) LOOP
        IF length(words[i]) >= 6 AND (best = 0 OR length(words[i]) > length(words[best])) THEN
            best := i;
        END IF;
    END LOOP;
    IF best = 0 THEN
        RETURN s;
    END IF;
    w := words[best];
    k := 2 + floor(p * (length(w) - 3))::int;	-- 2 .. length - 2: not the first or last letter
    w := CASE WHEN t < 0.25 THEN overlay(w PLACING CASE WHEN substr(w, k, 1) IN ('o', 'о')
                                                        THEN CASE WHEN w ~ '[а-яё]' THEN 'а' ELSE 'a' END
                                                        ELSE CASE WHEN w ~ '[а-яё]' THEN 'о' ELSE 'o' END END FROM k FOR 1)
              WHEN t < 0.5 THEN overlay(w PLACING '' FROM k FOR 1)
              WHEN t < 0.75 THEN overlay(w PLACING substr(w, k, 1) FROM k FOR 0)
              ELSE overlay(w PLACING substr(w, k + 1, 1) || substr(w, k, 1) FROM k FOR 2) END;
    words[best] := w;
    RETURN array_to_string(words, ' ');
END
$$;

-- a firm's name.  cyr: in Cyrillic; x: which romanisation (one draw for all
-- syllables); legal_mode: 0 none, 1 the first spelling, 2 a spelling by x;
-- keep_generic; swap: the last distinctive word first.
CREATE FUNCTION bench.render(fm bench.firm, in_cyr boolean, in_x float8, legal_mode int, keep_generic boolean, swap boolean)
RETURNS text LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    words text[] := '{}';
    w text;
    form text;
    g bench.generic;
    pl bench.place;
    l bench.legal;
BEGIN
    SELECT CASE WHEN in_cyr THEN string_agg(s.cyr, '' ORDER BY o) ELSE string_agg(pick(s.lat, in_x), '' ORDER BY o) END
      INTO w FROM bench.syl s JOIN unnest(fm.w1) WITH ORDINALITY AS y(sn, o) ON s.n = y.sn;
    words := words || initcap(w);
    IF fm.w2 IS NOT NULL THEN
        SELECT CASE WHEN in_cyr THEN string_agg(s.cyr, '' ORDER BY o) ELSE string_agg(pick(s.lat, in_x), '' ORDER BY o) END
          INTO w FROM bench.syl s JOIN unnest(fm.w2) WITH ORDINALITY AS y(sn, o) ON s.n = y.sn;
        words := words || initcap(w);
    ELSIF fm.city IS NOT NULL THEN
        SELECT CASE WHEN in_cyr THEN c.cyr ELSE pick(c.lat, in_x) END INTO w FROM bench.city c WHERE c.n = fm.city;
        words := words || w;
    END IF;
    IF swap AND cardinality(words) > 1 THEN
        words := words[cardinality(words):cardinality(words)] || words[1:cardinality(words) - 1];
    END IF;
    IF fm.place IS NOT NULL THEN
        SELECT * INTO pl FROM bench.place p WHERE p.n = fm.place;
        words := CASE WHEN in_cyr THEN pl.cyr ELSE pl.lat END || words;
    END IF;
    IF fm.generic IS NOT NULL AND keep_generic THEN
        SELECT * INTO g FROM bench.generic p WHERE p.n = fm.generic;
        words := words || CASE WHEN in_cyr THEN g.cyr ELSE g.lat END;
    END IF;
    SELECT * INTO l FROM bench.legal p WHERE p.n = fm.legal;
    form := CASE legal_mode WHEN 0 THEN NULL WHEN 1 THEN CASE WHEN in_cyr THEN l.cyr ELSE l.lat[1] END
                 ELSE CASE WHEN in_cyr THEN l.cyr ELSE pick(l.lat, in_x) END END;
    IF in_cyr THEN
        RETURN coalesce(form || ' ', '') || '«' || array_to_string(words, ' ') || '»';
    END IF;
    RETURN array_to_string(words, ' ') || coalesce(' ' || form, '');
END
$$;

-- the list: firms 1..list as the list writes them
CREATE TABLE bench.listed (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO bench.listed
SELECT fm.f, render(fm, u(fm.f, 20) < 0.2, u(fm.f, 21), 1, true, false)
  FROM bench.firm fm WHERE fm.f <= :list;

-- the pool of declared names
CREATE TABLE bench.pool (n int PRIMARY KEY, name text NOT NULL, listed_id int);
INSERT INTO bench.pool
SELECT s.n,
       CASE WHEN u(s.n, 31) < 0.1 THEN upper(v.name) ELSE v.name END,
       s.listed_id
  FROM (SELECT n, CASE WHEN u(n, 30) < 0.1 THEN 1 + floor(u(n, 32) * :list)::int END AS listed_id,
               :list + n AS unlisted
          FROM generate_series(1, :pool) n) s
  JOIN bench.firm fm ON fm.f = coalesce(s.listed_id, s.unlisted)
 CROSS JOIN LATERAL (
    SELECT CASE WHEN s.listed_id IS NULL THEN render(fm, u(s.n, 33) < 0.4, u(s.n, 34), 2, true, false)
                ELSE CASE WHEN u(s.n, 40) < 0.2 THEN typo(name0, u(s.n, 41), u(s.n, 42)) ELSE name0 END END AS name
      FROM (SELECT render(fm, u(s.n, 33) < 0.4, u(s.n, 34),
                          CASE WHEN u(s.n, 35) < 0.1 THEN 0 ELSE 2 END,
                          u(s.n, 36) >= 0.3, u(s.n, 37) < 0.15) AS name0) r) v;

-- the declarations
CREATE TABLE bench.decl (decl_id int PRIMARY KEY, exporter text NOT NULL, importer text NOT NULL);
INSERT INTO bench.decl
SELECT i, e.name, m.name
  FROM generate_series(1, :decl) i
  JOIN bench.pool e ON e.n = 1 + floor(u(i, 50) * :pool)::int
  JOIN bench.pool m ON m.n = 1 + floor(u(i, 51) * :pool)::int;
ANALYZE bench.firm;
ANALYZE bench.listed;
ANALYZE bench.pool;
ANALYZE bench.decl;
