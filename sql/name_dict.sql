-- name_dict: the shipped legal forms and words, transliterated when the
-- extension is built (src/name_translit.c, by scripts/gen-name-translit.c),
-- are exactly what the server's ICU writes of each entry.  With
-- trade_screen.name_dict_check on, the backend's dictionary build (its first
-- name parse, after the reconnection below) puts every entry through ICU
-- too and fails on the first difference.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS trade_screen;
RESET client_min_messages;
\c
SET trade_screen.name_dict_check = on;
SELECT n AS name, name_key(n) AS key
  FROM (VALUES ('ТОО «Қазақ Экспорт»'), ('Ромашка ООО'), ('Acme Trading L.L.C.'),
               ('Şirket Ticaret A.Ş.'), ('Արմենիա ՍՊԸ')) t(n)
 ORDER BY n COLLATE "C";
-- the same keys with the dictionary built without the check
\c
SELECT n AS name, name_key(n) AS key
  FROM (VALUES ('ТОО «Қазақ Экспорт»'), ('Ромашка ООО'), ('Acme Trading L.L.C.'),
               ('Şirket Ticaret A.Ş.'), ('Արմենիա ՍՊԸ')) t(n)
 ORDER BY n COLLATE "C";
