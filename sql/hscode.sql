-- hscode: input forms, output, rejected inputs with their SQLSTATE, casts,
-- binary round trip, functions on codes.
CREATE EXTENSION trade_screen;
SET extra_float_digits = 0;

-- accepted spellings and their canonical form
SELECT input, input::hscode AS code, hs_ndigits(input::hscode) AS ndigits,
       hs_level(input::hscode) AS level
  FROM (VALUES ('8542'), ('854231'), ('8542.31'), ('8542.31.00'), ('8542 31 000 0'),
               ('8542-31'), ('  8542.31  '), ('HS 8542.31'), ('hs8542'), ('01'),
               ('98'), ('99'), ('9903.88.03'), ('1234567'), ('123456789012'),
               ('8542.31.0000')) AS v(input)
 ORDER BY code, input COLLATE "C";

-- rejected inputs: one row each, with the SQLSTATE and the detail
CREATE FUNCTION try_hscode(input text, OUT state text, OUT message text, OUT detail text)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM input::hscode;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                            detail = PG_EXCEPTION_DETAIL;
END $$;

SELECT input, (try_hscode(input)).*
  FROM (VALUES (''), ('   '), ('HS'), ('85x2'), ('ABCD'), ('8542/31'), ('8542,31'),
               ('8'), ('854'), ('85423'), ('8542.3'), ('1234567890123'),
               ('8542.31.00.00.00.00'), ('00'), ('0012'), ('77'), ('7701.10'),
               ('.8542'), ('8542.'), ('8542..31'), ('-8542'), ('8542 31 x'),
               ('８５４２'), ('8542'||chr(160)||'31')) AS v(input)
 ORDER BY input COLLATE "C";

-- rejected calls: one row each, with the SQLSTATE, the detail and the hint
CREATE FUNCTION try_hscode_call(call text, OUT state text, OUT message text, OUT detail text,
    OUT hint text)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'SELECT ' || call;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                            detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
END $$;
SELECT call, (try_hscode_call(call)).*
  FROM (VALUES ($c$hs_truncate('854231', 5)$c$),
               ($c$hs_truncate('854231', 13)$c$),
               ($c$hs_format('854231', 'dotted')$c$)) AS v(call)
 ORDER BY call COLLATE "C";

-- the detail says what is wrong, the hint what is accepted
SELECT '854'::hscode;

-- non-throwing forms for dirty columns
SELECT input, hs_parse(input), hs_is_valid(input)
  FROM (VALUES ('8542.31'), ('85x'), (''), ('77'), ('HS 01'), (NULL)) AS v(input)
 ORDER BY input COLLATE "C" NULLS LAST;

-- casts
SELECT '8542.31'::text::hscode, '854231'::hscode::text, '8542.31'::varchar::hscode;
CREATE TEMP TABLE assign (c hscode);
INSERT INTO assign SELECT '8542 31'::text;
SELECT * FROM assign;

-- levels and truncation
SELECT c, hs_chapter(c), hs_heading(c), hs_subheading(c), hs_parent(c),
       hs_truncate(c, 8) AS cn8, hs_section(c)
  FROM (VALUES ('85'::hscode), ('8542'), ('854231'), ('8542310'), ('85423100'),
               ('8542310000'), ('9903'), ('98')) AS v(c)
 ORDER BY c;

-- ancestors, with and without the code itself
SELECT hs_ancestors('8542310000'), hs_ancestors('8542310000', true),
       hs_ancestors('85'), hs_ancestors('85', true);

-- formatting styles
SELECT c, hs_format(c, 'plain') AS plain, hs_format(c, 'hs') AS hs,
       hs_format(c, 'hts') AS hts, hs_format(c, 'tnved') AS tnved, hs_format(c, 'cn') AS cn
  FROM (VALUES ('85'::hscode), ('8542'), ('854231'), ('85423100'), ('8542310000'),
               ('123456789012')) AS v(c)
 ORDER BY c;

-- every style prints something hscode input reads back
SELECT count(*) AS codes_checked
  FROM hs_nomenclature n, unnest(ARRAY['plain','hs','hts','tnved','cn']) s
 WHERE hs_format(n.code, s)::hscode = n.code;

-- hierarchy operators
SELECT a, b, a <@ b AS under, a @> b AS covers
  FROM (VALUES ('854231'::hscode, '8542'::hscode), ('8542', '854231'), ('8542', '8542'),
               ('854231', '8543'), ('85', '8542310000'), ('8542310000', '85')) AS v(a, b)
 ORDER BY a, b;

-- comparison operators
SELECT '85'::hscode < '8501', '8501'::hscode < '850110', '850110'::hscode < '8502',
       '8599999999'::hscode < '86', '8542'::hscode = '8542.00'::hscode,
       '8542'::hscode <> '854200', '86'::hscode >= '85', '85'::hscode <= '85';

-- binary send and receive give back the value
SELECT c, hscode_send(c), hscode_send(c) = convert_to(c::text, 'UTF8') AS is_text
  FROM (VALUES ('85'::hscode), ('8542310000')) AS v(c) ORDER BY c;
