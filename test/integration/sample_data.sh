#!/bin/bash
# The sample data generator is deterministic (same rows and seed give the
# same data, another seed other data), realistic in shape, plants its
# suspicious shipments, and the main job's scoring flags every planted CHPL
# shipment.
set -euo pipefail
cd "$(dirname "$0")/../.."
q() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }
digest="SELECT md5(string_agg(concat_ws('|', decl_id, decl_date, hs, route, exporter, importer, value_usd, planted), ',' ORDER BY decl_id)) FROM sample.declarations"

for db in ts_sample_a ts_sample_b ts_sample_c; do
    psql -X -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
    q -d $db -c "CREATE EXTENSION trade_screen"
done
q -d ts_sample_a -v rows=5000 -v seed=7 -f demo/generate.sql
q -d ts_sample_b -v rows=5000 -v seed=7 -f demo/generate.sql
q -d ts_sample_c -v rows=5000 -v seed=8 -f demo/generate.sql
a=$(q -d ts_sample_a -c "$digest"); b=$(q -d ts_sample_b -c "$digest"); c=$(q -d ts_sample_c -c "$digest")
[ "$a" = "$b" ] || { echo "same seed, different data"; exit 1; }
[ "$a" != "$c" ] || { echo "another seed, same data"; exit 1; }
echo "deterministic: $a"

shape=$(q -d ts_sample_a -c "
SELECT count(*) BETWEEN 4900 AND 5200,
       count(planted) = 75,
       count(DISTINCT planted) = 6,
       min(decl_date) >= date '2021-01-01' AND max(decl_date) <= date '2023-12-31',
       bool_and(hs_ndigits(hs) = 10),
       bool_and(split_part(route, '>', 1) = origin),
       bool_and(reverse(split_part(reverse(route), '>', 1)) = destination),
       count(*) FILTER (WHERE hs <@ '84' OR hs <@ '85') > count(*) / 5,
       count(*) FILTER (WHERE importer ~ '[А-Яа-я]') > 0 AND count(*) FILTER (WHERE exporter ~ '^[A-Za-z]') > 0,
       bool_and(planted IS NULL OR (destination = 'RU' AND decl_date >= date '2022-03-01'))
  FROM sample.declarations")
[ "$shape" = "t|t|t|t|t|t|t|t|t|t" ] || { echo "unexpected shape: $shape"; exit 1; }
echo "shape as designed"

# the main job's screening: every planted CHPL shipment reaches level medium or
# high, the washing machines mostly do, and clean trade mostly does not
for f in demo/load_*.sql; do q -d ts_sample_a -f "$f" > /dev/null; done
verdict=$(q -d ts_sample_a -c "
SELECT coalesce(d.planted, 'clean') || ':' || count(*) || ':' || count(*) FILTER (WHERE s.level IN ('medium', 'high'))
  FROM sample.declarations d JOIN sample.screened s USING (decl_id)
 GROUP BY coalesce(d.planted, 'clean') ORDER BY coalesce(d.planted, 'clean')")
echo "scheme:declarations:flagged"
echo "$verdict"
bad=$(q -d ts_sample_a -c "
SELECT string_agg(scheme, ', ') FROM (
    SELECT coalesce(d.planted, 'clean') AS scheme, count(*) AS n,
           count(*) FILTER (WHERE s.level IN ('medium', 'high')) AS flagged
      FROM sample.declarations d JOIN sample.screened s USING (decl_id)
     GROUP BY 1) x
 WHERE (scheme LIKE 'eu\_%' OR scheme LIKE 'us\_%') AND flagged < n
    OR scheme = 'washing_machines_via_kz' AND flagged < 0.5 * n
    OR scheme = 'clean' AND flagged > 0.05 * n")
[ -z "$bad" ] || { echo "screening missed its mark for: $bad"; exit 1; }
[ "$(echo "$verdict" | wc -l)" -eq 7 ] || { echo "expected 6 planted schemes and clean trade"; exit 1; }
echo "scoring flags every planted CHPL shipment, most washing machines, under 5% of clean trade"
q -d ts_sample_a -f demo/report.sql > /dev/null

# the whole main job, as scripts/screen.sh runs it: every load step, then
# every report, on one database, without an error
for f in demo/report.sql demo/report_*.sql; do q -d ts_sample_a -f "$f" > /dev/null; done
echo "every load and report of the main job runs"
