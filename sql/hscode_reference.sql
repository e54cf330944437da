-- The shipped nomenclatures: every code reads and prints back, sections and
-- parents agree with the source files, descriptions by deepest ancestor.
CREATE EXTENSION IF NOT EXISTS trade_screen;

CREATE TEMP TABLE h22 (section text, hscode text, description text, parent text, level text);
CREATE TEMP TABLE h17 (hscode text, level text, parent text, is_leaf text, std_unit text, description text);
\copy h22 FROM 'data/hs2022_nomenclature.csv' WITH (FORMAT csv, HEADER true)
\copy h17 FROM 'data/hs2017_nomenclature.csv' WITH (FORMAT csv, HEADER true)
DELETE FROM h22 WHERE hscode = 'TOTAL';
DELETE FROM h17 WHERE hscode = 'TOTAL';

-- round trip: text -> hscode -> text gives the same digits, for every code
SELECT 'HS2022' AS edition, count(*) AS codes,
       count(*) FILTER (WHERE hscode::hscode::text = hscode) AS round_trip
  FROM h22
UNION ALL
SELECT 'HS2017', count(*), count(*) FILTER (WHERE hscode::hscode::text = hscode)
  FROM h17;

-- the shipped table holds exactly the source files' codes
SELECT edition, count(*) FROM hs_nomenclature WHERE shipped GROUP BY 1 ORDER BY 1;
SELECT count(*) AS missing
  FROM h22 LEFT JOIN hs_nomenclature n ON n.edition = 'HS2022' AND n.code = h22.hscode::hscode
 WHERE n.code IS NULL OR n.description <> h22.description;

-- hs_section agrees with the source's section column (chapter 99 "not
-- specified" is listed under TOTAL there and has no section here)
SELECT count(*) AS codes, count(*) FILTER (WHERE hs_section(hscode::hscode) = section) AS agree,
       string_agg(DISTINCT hscode, ',') FILTER (WHERE hs_section(hscode::hscode) IS DISTINCT FROM section) AS differ
  FROM h22;

-- hs_parent agrees with the source's parent column
SELECT level, count(*) AS codes,
       count(*) FILTER (WHERE hs_parent(hscode::hscode)::text = parent) AS agree
  FROM h22 WHERE level <> '2' GROUP BY level ORDER BY level;

-- the hierarchy of the source is exactly <@ between its codes
SELECT count(*) AS pairs_under
  FROM h22 c JOIN h22 p ON c.hscode::hscode <@ p.hscode::hscode AND c.hscode <> p.hscode
 WHERE c.level = '6';
SELECT count(*) AS six_digit_codes FROM h22 WHERE level = '6';

-- descriptions by the deepest known ancestor
SELECT c, hs_describe(c) FROM (VALUES ('8542'::hscode), ('854231'), ('8542310000'), ('8450 11 110 0')) v(c) ORDER BY c;
SELECT hs_describe('854239', 'HS2017'), hs_describe('8549', 'HS2017') IS NULL AS new_in_2022;
SELECT hs_describe('980000'), hs_section_name('XVI');

-- user rows: a national edition next to the shipped ones
INSERT INTO hs_nomenclature (edition, code, description)
VALUES ('TNVED2022', '8542310000', 'Процессоры и контроллеры (ТН ВЭД ЕАЭС)');
SELECT hs_describe('8542310000', 'TNVED2022');
SELECT edition, count(*) FILTER (WHERE shipped) AS shipped, count(*) FILTER (WHERE NOT shipped) AS user_rows
  FROM hs_nomenclature GROUP BY 1 ORDER BY 1;
