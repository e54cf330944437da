#!/bin/bash
# Regenerate install/74_restrictions_data.sql from data/eu_833_2014_annex_codes.csv
# and data/chpl_2024-02-23.csv.  Needs a running server with trade_screen's
# hs_parse reachable with the PG* environment (any database where the extension
# is installed: set PGDATABASE).
#   usage: scripts/gen-restrictions-sql.sh [OUTPUT]
#
# What the dates and conditions are (from the consolidated text,
# ../shared/data/eu_833_2014_consolidated.md):
#   Annex II   Art. 3(1)  prohibition from 16 March 2022 (Reg. 2022/428; contracts
#                         concluded before 16 March 2022 until 17 September 2022)
#   Annex VII  Art. 2a(1) from 26 February 2022 (Reg. 2022/328)
#   Annex X    Art. 3b(1) from 26 February 2022 (wind-down until 27 May 2022)
#   Annex XI   Art. 3c(1) Part A 26 February 2022, Part B 7 October 2022, Part C
#                         17 December 2022, Part D 26 February 2023 (the dates of
#                         3c(5)-(5c): contracts concluded before them)
#   Annex XVIII Art. 3h   from 16 March 2022 (Reg. 2022/428); only items worth
#                         more than EUR 300 each unless the part names another
#                         value (3h(2)); part (23) is "of any value"
#   Annex XX   Art. 3c(1) jet fuel and additives, from 9 April 2022 (Reg. 2022/576)
#   Annex XXIII Art. 3k   Part A 9 April 2022 (Reg. 2022/576), Part B 17 December
#                         2022, Part C 26 February 2023 (3k(3)-(3c))
# Regulation 833/2014 covers Russia; the Belarus measures (Regulation 765/2006)
# are not in the data.  The CHPL codes are shipped as regime CHPL from
# 24 February 2022, the first coalition export controls on Russia (the list
# itself is of 23 February 2024 and groups goods the members restricted then
# or later).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/install/74_restrictions_data.sql}
cd "$root"
psql -X -q -v ON_ERROR_STOP=1 -At -d "${PGDATABASE:-postgres}" > "$out" <<'SQL'
CREATE TEMP TABLE annex (annex text, regime text, cn_code text, description text, part text, source_commit text,
                         consolidated_to text, note text, code_as_printed text, ex_flag text, code_digits_len text,
                         table_subheading text, referring_article text, md_line text);
\copy annex FROM 'data/eu_833_2014_annex_codes.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE chpl (hs6 text, hs6_dotted text, tier text, tier_order int, tier_definition text,
                        hs2022_description text, in_hs2017 text, hs2017_description text,
                        hs2017_conversion text);
\copy chpl FROM 'data/chpl_2024-02-23.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE eu27 (c text);
INSERT INTO eu27 VALUES ('AT'), ('BE'), ('BG'), ('HR'), ('CY'), ('CZ'), ('DK'), ('EE'), ('FI'), ('FR'), ('DE'),
    ('GR'), ('HU'), ('IE'), ('IT'), ('LV'), ('LT'), ('LU'), ('MT'), ('NL'), ('PL'), ('PT'), ('RO'), ('SK'),
    ('SI'), ('ES'), ('SE');
CREATE TEMP TABLE rows AS
SELECT CASE WHEN length(d) > 4 THEN regexp_replace(d, '^([0-9]{4}(?:[0-9]{2})*?)(?:00)+$', '\1') ELSE d END AS code,
       'Annex ' || a.annex || CASE WHEN coalesce(a.part, '') <> '' THEN ' ' || coalesce(substring(a.part FROM '^(\([0-9]+\))'), split_part(a.part, ' / ', 1)) ELSE '' END AS list,
       CASE a.annex
            WHEN 'II' THEN '2022-03-16'
            WHEN 'VII' THEN '2022-02-26'
            WHEN 'X' THEN '2022-02-26'
            WHEN 'XI' THEN CASE a.part WHEN 'Part A' THEN '2022-02-26' WHEN 'Part B' THEN '2022-10-07'
                                       WHEN 'Part C' THEN '2022-12-17' ELSE '2023-02-26' END
            WHEN 'XVIII' THEN '2022-03-16'
            WHEN 'XX' THEN '2022-04-09'
            WHEN 'XXIII' THEN CASE a.part WHEN 'Part A' THEN '2022-04-09' WHEN 'Part B' THEN '2022-12-17'
                                          ELSE '2023-02-26' END
       END::date AS valid_from,
       coalesce(a.ex_flag = 'ex', false) AS ex,
       CASE WHEN a.annex <> 'XVIII' THEN NULL
            WHEN a.part IS NULL THEN 300
            WHEN a.part ~ 'of any value' THEN NULL
            WHEN a.part ~ '^\(17\)' AND d LIKE '8711%' THEN 5000
            WHEN a.part ~ 'exceeding EUR [0-9]' THEN replace(substring(a.part FROM 'exceeding EUR ([0-9][0-9 ]*[0-9]|[0-9])'), ' ', '')::float8
            ELSE 300 END AS min_value,
       a.description,
       CASE a.annex
            WHEN 'II' THEN 'Art. 3(1); contracts concluded before 16 March 2022 could be executed until 17 September 2022 (Art. 3(4))'
            WHEN 'VII' THEN 'Art. 2a(1), whether or not originating in the Union; derogations for non-military use (Art. 2a(3)-(4))'
            WHEN 'X' THEN 'Art. 3b(1); contracts concluded before 26 February 2022 could be executed until 27 May 2022'
            WHEN 'XI' THEN 'Art. 3c(1); contracts concluded before the part''s date could be executed for a month or so (Art. 3c(5)-(5c))'
            WHEN 'XVIII' THEN 'Art. 3h(1)-(2): only items worth more than the value (EUR 300 unless the part says otherwise); diplomatic and personal-effects exemptions (Art. 3h(3)-(3a))'
            WHEN 'XX' THEN 'Art. 3c(1), jet fuel and fuel additives'
            WHEN 'XXIII' THEN 'Art. 3k(1); contracts concluded before the part''s date could be executed until 10 July 2022 (A), 16 January 2023 (B) or 27 March 2023 (C) (Art. 3k(3)-(3c))'
       END || CASE WHEN coalesce(a.ex_flag = 'ex', false) THEN '; "ex" code: only the goods described are listed' ELSE '' END AS conditions,
       'EU Council Regulation (EU) No 833/2014, ' || a.referring_article || '; consolidated text of 27 April 2023 (CELEX 02014R0833-20230427), line ' || a.md_line AS source
  FROM annex a CROSS JOIN LATERAL (SELECT regexp_replace(a.cn_code, '[^0-9]', '', 'g') AS d) x
 WHERE a.regime = 'export_ban';
SELECT '-- install/74_restrictions_data.sql: generated by scripts/gen-restrictions-sql.sh from data/eu_833_2014_annex_codes.csv and data/chpl_2024-02-23.csv; do not edit.';
SELECT '-- EU Council Regulation 833/2014, export-ban annexes as consolidated to 27 April 2023 (© European Union, EUR-Lex, CC BY 4.0); Common High Priority List of 2024-02-23 (bis.gov; US government work).';
SELECT 'INSERT INTO @extschema@.restriction_regimes (regime, title, binds, destinations, data_until, source, shipped) VALUES' || E'\n'
       || format('(%L, %L, %L, %L, %L, %L, true),', 'EU-833',
                 'EU Council Regulation (EU) No 833/2014 concerning restrictive measures in view of Russia''s actions destabilising the situation in Ukraine: export bans of its annexes',
                 (SELECT '{' || string_agg(c, ',' ORDER BY c) || '}' FROM eu27), '{RU}', '2023-04-27',
                 'consolidated text CELEX 02014R0833-20230427 (EUR-Lex, CC BY 4.0), annexes parsed into data/eu_833_2014_annex_codes.csv; the 11th and later packages (from June 2023) and Annex XL are missing: load them with restrictions_load. Binds the member states'' exporters; Article 13 also binds EU nationals and companies anywhere, which a declaration does not show')
       || E'\n'
       || format('(%L, %L, %L, %L, %L, %L, true);', 'CHPL',
                 'Common High Priority List (EU, US, UK, Japan): items Russia seeks for its weapons, restricted for export to Russia and Belarus by all four',
                 (SELECT '{' || string_agg(c, ',' ORDER BY c) || '}' FROM (SELECT c FROM eu27 UNION ALL VALUES ('GB'), ('JP'), ('US')) j),
                 '{BY,RU}', '2024-02-23',
                 'bis.gov Common High Priority List of 23 February 2024 (data/chpl_2024-02-23.csv); valid from 24 February 2022, the first coalition export controls');
SELECT 'INSERT INTO @extschema@.restrictions (regime, code, list, valid_from, ex, min_item_value_eur, description, conditions, source, shipped) VALUES' || E'\n'
       || string_agg(format('(%L, %L, %L, %L, %s, %s, %L, %L, %L, true)', 'EU-833', code, list, valid_from, CASE WHEN ex THEN 'true' ELSE 'false' END,
                            coalesce(min_value::text, 'NULL'), description, conditions, source),
                     E',\n' ORDER BY list COLLATE "C", code COLLATE "C", valid_from) || ';'
  FROM (SELECT DISTINCT ON (code, list, valid_from) * FROM rows ORDER BY code, list, valid_from, ex, source) r;
SELECT 'INSERT INTO @extschema@.restrictions (regime, code, list, valid_from, description, conditions, source, shipped) VALUES' || E'\n'
       || string_agg(format('(%L, %L, %L, %L, %L, %L, %L, true)', 'CHPL', hs6, 'tier ' || tier, '2022-02-24',
                            hs2022_description, 'Common High Priority List tier ' || tier || ': ' || tier_definition,
                            'Common High Priority List of 23 February 2024 (bis.gov)'),
                     E',\n' ORDER BY tier_order, hs6 COLLATE "C") || ';'
  FROM chpl;
SQL
echo "wrote $out" >&2
