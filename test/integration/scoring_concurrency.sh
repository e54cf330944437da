#!/bin/bash
# screen_fit replaces a profile's baselines atomically: while one session
# refits a profile again and again from two data sets that disagree (laptops
# at 500 or at 900 USD a unit), other sessions keep scoring, and every query
# sees one version: its rows all carry the same profile_version, and the
# median in their evidence is the one of that version's data, never a mix.
# Also: concurrent fits of one profile queue on the profile row.
source "$(dirname "$0")/../../scripts/lib.sh"
start_cluster -c max_connections=30 >/dev/null 2>&1
q() { tpsql -At "$@"; }
q -c "CREATE EXTENSION trade_screen"
q >/dev/null <<'SQL'
CREATE TABLE d500 AS
SELECT date '2021-01-04' + i AS decl_date, '847130'::hscode AS hs, 'DE'::country AS origin, 'DE>RU'::route AS route,
       500 * (1 + 0.05 * sin(i)) * 10 AS value_usd, 10::float8 AS quantity, 'u'::text AS unit, 'Alpha'::text AS exporter
  FROM generate_series(0, 2000) i;
CREATE TABLE d900 AS SELECT decl_date, hs, origin, route, value_usd * 1.8 AS value_usd, quantity, unit, exporter FROM d500;
SELECT screen_fit('d500');
SQL


dir=$TS_CLUSTER/conc
mkdir -p "$dir"
# the refitting session: 12 fits, alternating the data
(
    for i in $(seq 1 12); do
        if [ $((i % 2)) -eq 0 ]; then t=d500; else t=d900; fi
        q -c "SELECT version FROM screen_fit('$t')" >> "$dir/fits" || echo "fit failed" >> "$dir/errors"
    done
) &
fitter=$!
# a second fitter on the same profile at the same time: it must queue, not fail
( q -c "SELECT version FROM screen_fit('d500')" >> "$dir/fits" || echo "parallel fit failed" >> "$dir/errors" ) &
# three scoring sessions, each one backend running 60 queries of 3,000 rows
# (a long-lived session is what must notice a refit and reload its cache)
for i in $(seq 1 60); do
    cat <<'SQL'
SELECT count(DISTINCT v) || ' ' || count(DISTINCT m) || ' ' || min(v) || ' ' || min(m)
  FROM (SELECT s.profile_version AS v,
               round((SELECT (r->'evidence'->>'median')::numeric FROM jsonb_array_elements(s.reasons) r
                       WHERE r->>'indicator' = 'unit_value')) AS m
          FROM generate_series(1, 3000) g,
               LATERAL screen_declaration('847130', 'DE>RU', 'DE', date '2023-01-01' + g % 7, 50 * 10, 10, 'u', 'Alpha') s) y;
SELECT pg_sleep(0.05);
SQL
done | grep -v '^$' > "$dir/score.sql"
for s in 1 2 3; do
    ( q -f "$dir/score.sql" | grep -v '^$' > "$dir/scores.$s" 2>> "$dir/errors" || echo "scoring session $s failed" >> "$dir/errors" ) &
done
wait

status=0
[ -s "$dir/errors" ] && { echo "errors:"; cat "$dir/errors"; status=1; }
fits=$(wc -l < "$dir/fits")
[ "$fits" -eq 13 ] || { echo "expected 13 fits, got $fits"; status=1; }
cat "$dir"/scores.* > "$dir/scores"
n=$(wc -l < "$dir/scores")
[ "$n" -ge 3 ] || { echo "too few scoring queries ran: $n"; status=1; }
# every query: one version, one median
bad=$(awk '$1 != 1 || $2 != 1' "$dir/scores" | wc -l)
[ "$bad" -eq 0 ] || { echo "$bad queries mixed versions:"; awk '$1 != 1 || $2 != 1' "$dir/scores" | head; status=1; }
# each version's median is that of the data it was fitted on (500 or 900)
odd=$(awk '$4 != 500 && $4 != 900' "$dir/scores" | wc -l)
[ "$odd" -eq 0 ] || { echo "medians that are neither data set's:"; awk '$4 != 500 && $4 != 900' "$dir/scores" | head; status=1; }
versions=$(awk '{print $3}' "$dir/scores" | sort -u | wc -l)
medians=$(awk '{print $4}' "$dir/scores" | sort -u | tr '\n' ' ')
echo "$n scoring queries of 3,000 rows during $fits fits: $versions versions seen, medians seen: $medians; none mixed"
[ "$versions" -ge 2 ] || { echo "the scoring sessions saw one version only: a refit was missed (stale cache), or no fit overlapped them"; status=1; }
exit $status
