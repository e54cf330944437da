-- names: counterparty name keys, similarity and matching: keys across
-- scripts and legal forms, the similarity's laws (range, symmetry, order,
-- legal form, typos, generic words), bad input of every kind, rejected
-- input with its SQLSTATE, the threshold GUC, arrays of names, the loader
-- and the party indicator.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS trade_screen;
RESET client_min_messages;
SET extra_float_digits = 0;

-- keys: script, legal forms in both scripts, transliteration variants
SELECT * FROM (SELECT n AS name, name_key(n) AS key
  FROM (VALUES ('ТОО «Казахстан Инжиниринг»'), ('Kazakhstan Engineering LLP'),
               ('OOO Tekhsnab'), ('Techsnab LLC'), ('ООО «Техснаб»'), ('ОсОО «Бишкек Импэкс»'),
               ('МЧЖ «Тошкент Савдо»'), ('ЖШС Қазақстан Темір'), ('АО «Центр»'), ('ZAO Tsentr'),
               ('ПАО Щёлково'), ('PJSC Shchelkovo'), ('Schelkovo PAO'), ('ИП Иванов Юрий'),
               ('Iurii Ivanov IE'), ('ՍՊԸ «Արարատ»'), ('შპს თბილისი'), ('ТОВ «Київ»'),
               ('Shenzhen Huaqiang Trading Co., Ltd.'), ('Sp. z o.o. Lozyska'), ('L.L.C. Gulf Star'),
               ('Jebel Ali FZE'), ('Dubai Silicon FZCO'), ('Gold Line DMCC'), ('Krasnyy Oktyabr'),
               ('Krasnij Oktjabr'), ('Yuzhnyy'), ('Iuzhnyi'), ('Juzhnyj'), ('Khimprom'), ('Himprom'),
               ('Schwarzwald Lager GmbH & Co. KG')) AS v(n)) k
 ORDER BY key COLLATE "C", name COLLATE "C";

-- bad input: what each function makes of it (never an error)
SELECT label, length(n) AS chars, length(name_key(n)) AS key_chars, left(name_key(n), 40) AS key, name_similarity(n, n) AS self_similarity,
       name_match(n, n) AS self_match, name_similarity(n, 'Tekhsnab') AS vs_tekhsnab
  FROM (VALUES ('empty', ''), ('blanks', '   '), ('punctuation only', '«»„“"''.,;:!?-/()'),
               ('legal form only', 'ООО'), ('legal forms only', 'Co., Ltd.'),
               ('stop words only', 'The and of'), ('digits', '1100'),
               ('mixed scripts', 'Tekhснаб'), ('combining marks', 'Te' || chr(769) || 'khsnab'),
               ('full width', 'ＴＥＫＨＳＮＡＢ'), ('emoji', 'Tekhsnab 🚚'),
               ('Chinese', '中国石油天然气'), ('Arabic', 'شركة النور'),
               ('10 kB', repeat('Tekhsnab ', 1200)), ('10 kB one word', repeat('x', 10240)),
               ('NUL-free control chars', 'Tekh' || chr(9) || 'snab' || chr(10))) AS v(label, n)
 ORDER BY label COLLATE "C";
-- a megabyte name is cut before transliteration (test/integration/names_cancel.sh times it):
-- the key is that of its first words and the cut never splits a character; only the first
-- 8192 characters count, so a name after 8000 blanks is kept, after a megabyte it is not
SELECT label, name_key(n) = name_key(k) AS key_of_first_words, left(name_key(n), 24) AS key
  FROM (VALUES ('Cyrillic words', repeat('Техснаб Радиодеталь ', 50000), repeat('Техснаб Радиодеталь ', 17)),
               ('combining marks', repeat('Te' || chr(769) || 'khsnab ', 100000), repeat('Tekhsnab ', 40)),
               ('one Cyrillic word', repeat('Ж', 500000), repeat('Ж', 2048)),
               ('8000 blanks then a name', repeat(' ', 8000) || 'ООО «Техснаб»', 'Tekhsnab LLC'),
               ('a megabyte of blanks then a name', repeat(' ', 1000000) || 'ООО «Техснаб»', ''),
               ('Armenian', repeat('Հայաստան ', 60000), repeat('Հայաստան ', 40))) AS v(label, n, k)
 ORDER BY label COLLATE "C";
SELECT name_key(NULL) IS NULL AS key_null, name_similarity(NULL, 'a') IS NULL AS sim_null,
       name_match('a', NULL) IS NULL AS match_null;

-- the similarity's laws on the pairs of test/data/name_pairs.csv
CREATE TEMP TABLE pairs (a text, b text, same int, category text);
\copy pairs FROM 'test/data/name_pairs.csv' WITH (FORMAT csv, HEADER true)
SELECT count(*) AS pairs,
       bool_and(name_similarity(a, b) BETWEEN 0 AND 1) AS in_range,
       bool_and(name_similarity(a, b) = name_similarity(b, a)) AS symmetric,
       bool_and(name_similarity(a, a) = 1 OR name_key(a) !~ '[a-z0-9]') AS reflexive,
       bool_and(name_match(a, b) = (name_similarity(a, b) >= 0.75)) AS match_is_threshold,
       bool_and(name_match(a, b) = (a %% b)) AS operator_is_match,
       bool_and(name_similarity(a, b) <= 0.5 OR (name_similarity_parts(a, b)).shared_key) AS above_half_shares_key
  FROM pairs;
-- word order does not matter; a legal form in either script costs nothing;
-- a distinctive word costs more than a generic one
SELECT a, b, round(name_similarity(a, b)::numeric, 3) AS similarity, a %% b AS match
  FROM (VALUES ('Volga Podshipnik', 'Podshipnik Volga'),
               ('ООО «Техснаб»', 'Techsnab LLC'), ('ООО «Техснаб»', 'Techsnab'),
               ('Tekhsnab LLC', 'Tekhsnab IE'), ('Tekhsnab LLC', 'Tekhsnab JSC'),
               ('Uralmashtorg', 'Uralmastorg'), ('Uralmashtorg', 'Uralmstorg'),
               ('Kazakhstan Engineering', 'Kazakhstan Energy'),
               ('Alfa Trading', 'Alfa Group'), ('Alfa Trading', 'Beta Trading'),
               ('ООО «ВолгаПодшипник»', 'Volga Podshipnik LLC'),
               ('Tekhsnab 1', 'Tekhsnab 2')) AS v(a, b)
 ORDER BY a COLLATE "C", b COLLATE "C";
SELECT * FROM name_similarity_parts('ТОО «Казахстан Инжиниринг»', 'Kazakhstan Engineering LLP');
SELECT * FROM name_similarity_parts('Kazakhstan Engineering', 'Kazakhstan Energy');

-- the threshold
SHOW trade_screen.name_threshold;
SET trade_screen.name_threshold = 0.9;
SELECT 'OOO Tekhsnab' %% 'Techsnab LLC' AS match_at_090;
SET trade_screen.name_threshold = 0.6;
SELECT 'OOO Tekhsnab' %% 'Techsnab LLC' AS match_at_060;
RESET trade_screen.name_threshold;

-- arrays of names: the best alias and its similarity
SELECT name_similarity('Техснаб', ARRAY['Radiodetal', NULL, 'OOO TEKHSNAB']) AS best,
       name_best_alias('Техснаб', ARRAY['Radiodetal', NULL, 'OOO TEKHSNAB']) AS alias,
       name_best_alias('Техснаб', '{}') AS no_alias, name_similarity('Техснаб', '{}') AS none,
       'Техснаб' %% ARRAY['Radiodetal', 'OOO TEKHSNAB'] AS any_match,
       ARRAY['Radiodetal'] %% 'Техснаб' AS commuted;

-- rejected input: one row each, with the SQLSTATE
CREATE FUNCTION try_sql(stmt text, OUT state text, OUT message text)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE stmt;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT;
END $$;
SELECT stmt, (try_sql(stmt)).*
  FROM (VALUES ('SET trade_screen.name_threshold = 0.5'),
               ('SET trade_screen.name_threshold = 1.5'),
               ('SET trade_screen.name_threshold = ''high'''),
               ('SELECT name_similarity(''a'', ARRAY[[''a''], [''b'']])'),
               ('SELECT ''a'' %% ARRAY[[''a''], [''b'']]'),
               ('SELECT load_targets_simple(''pairs'', '''')'),
               ('SELECT load_targets_simple(''pairs'', ''x'')'),
               ('SELECT load_targets_simple(''no_such_table'', ''x'')')) AS v(stmt)
 ORDER BY stmt COLLATE "C";

-- the loader and the party indicator
CREATE TEMP TABLE staging (id text, schema text, name text, aliases text, birth_date text,
    countries text, addresses text, identifiers text, sanctions text, phones text, emails text,
    program_ids text, dataset text, first_seen text, last_seen text, last_change text);
INSERT INTO staging (id, schema, name, aliases, countries, identifiers, dataset, first_seen) VALUES
    ('t1', 'Company', 'OOO TEKHSNAB', 'ООО «Техснаб»;Tekhsnab Limited Liability Company', 'ru', 'INN 7700000001', 'test', '2022-06-01T00:00:00'),
    ('t2', 'Company', 'KAZAKHSTAN ENERGY LLP', NULL, 'kz', NULL, 'test', 'not a date'),
    ('t3', 'Company', '', 'nameless', NULL, NULL, 'test', NULL),
    ('', 'Company', 'NO ID', NULL, NULL, NULL, 'test', NULL);
SELECT load_targets_simple('staging', 'test') AS loaded;
SELECT list, party_id, schema, name, aliases, countries, identifiers, valid_from, source, names
  FROM listed_parties ORDER BY party_id COLLATE "C";
SELECT n, (party_best_match(n)).*
  FROM (VALUES ('Techsnab LLC'), ('ТОО «Казахстан Энерджи»'), ('ТОО «Казахстан Инжиниринг»'),
               ('')) AS v(n)
 ORDER BY n COLLATE "C";
SELECT count(*) AS other_list FROM party_best_match('Techsnab LLC', ARRAY['other']);
SELECT count(*) AS before_listing FROM party_best_match('Techsnab LLC', NULL, '2022-05-31');
SELECT count(*) AS after_listing FROM party_best_match('Techsnab LLC', NULL, '2022-06-01');

-- identifiers: normalised (a Latin scheme label, then anything but ASCII letters and digits, go)
SELECT i, ident_normalize(i)
  FROM (VALUES ('INN 7700000001'), ('ИНН 7700-000-001'), ('inn:7700000001'), ('7700000001'),
               ('INN7700000001'), ('GB-123 456'), ('IMO 9123456'), ('SWIFT: SABRRUMM'), ('Innovation 12'),
               ('---'), ('')) AS v(i)
 ORDER BY i COLLATE "C";
SELECT ident_normalize(ARRAY['INN 7700000001', '7700000001', NULL, '--', 'OGRN 1027700000002']);
SELECT ident_same_scheme('7700000001', '7700000009') AS inn_inn, ident_same_scheme('7700000001', '1027700000002') AS inn_ogrn,
       ident_same_scheme('gb123456', '12345678') AS letters_digits;
-- a listed identifier matches whatever the name (similarity 1); one of the same scheme (10
-- digits here) that differs lowers the name x0.8: a near spelling drops out, the exact name
-- stays; an identifier of another scheme, or none, leaves the name as it is
SELECT n, id, (party_best_match(n, NULL, NULL, id)).*
  FROM (VALUES ('Totally Other Name LLC', 'INN 7700000001'), (NULL, 'ИНН 7700000001'),
               ('Techsnab LLC', '7700000009'), ('OOO Tekhsnab', '7700000009'),
               ('Techsnab LLC', 'OGRN 1027700000002'), ('Techsnab LLC', NULL),
               ('Totally Other Name LLC', '7700000009')) AS v(n, id)
 ORDER BY n COLLATE "C" NULLS FIRST, id COLLATE "C" NULLS FIRST;
-- the identifier index finds the party
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT party_id FROM listed_parties WHERE ident_normalize(identifiers) @> ARRAY[ident_normalize('7700000001')];
SELECT party_id FROM listed_parties WHERE ident_normalize(identifiers) @> ARRAY[ident_normalize('7700000001')];
RESET enable_seqscan;
DELETE FROM listed_parties;
