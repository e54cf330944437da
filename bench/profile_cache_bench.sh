#!/bin/bash
# bench/profile_cache_bench.sh: the profile cache and kept versions, one command.
#   bash bench/profile_cache_bench.sh        (ROWS=200000 REPEAT=5 RUNS=3 by default)
# Generates ROWS declarations (demo/generate.sql, seed 11), fits two profiles
# on them, then measures in the same run, serially (one backend):
#   - scoring ROWS x REPEAT rows with one profile, and alternating two
#     profiles row by row (0.2.0 ran a query at each switch: 25 s for 1M rows
#     in the issue); target: the same time;
#   - scoring the same rows as 'name@N' (a kept version) against 'name';
#   - a new connection's first score after a fit (the version read from its
#     image in one fetch; the library loaded by an earlier statement), the
#     median of 7 connections; target 20 ms; the image's size;
#   - screen_fit, and the share of it spent writing the version's image.
# Writes the "## Profile cache and versions" section of bench/RESULTS.md.
source "$(dirname "$0")/../scripts/lib.sh"
source "$(dirname "$0")/lib.sh"
cd "$TS_ROOT"
ROWS=${ROWS:-200000}
REPEAT=${REPEAT:-5}
RUNS=${RUNS:-3}

install_deps
build
start_cluster -c shared_buffers=1GB -c work_mem=256MB -c max_parallel_workers_per_gather=0 -c jit=off \
    -c synchronous_commit=off
tpsql -c "CREATE EXTENSION trade_screen"
tpsql -v rows="$ROWS" -v seed=11 -f demo/generate.sql >/dev/null
tpsql -f demo/load_routes.sql >/dev/null
tpsql -c "VACUUM ANALYZE sample.declarations"
rows=$(tpsql -At -c "SELECT count(*) FROM sample.declarations")
fit=$(tpsql -At -c "SELECT round(seconds::numeric, 2) FROM screen_fit('sample.declarations')")
tpsql -At -c "SELECT screen_profile_create('other', 'default')" >/dev/null
tpsql -At -c "SELECT screen_fit('sample.declarations', 'other')" >/dev/null
img_ms=$(median_ms "SELECT length(screen_profile_image('default'))" 3)
read -r facts bytes < <(tpsql -At -F ' ' -c "SELECT (i).facts, (i).bytes FROM (SELECT screen_profile_image_info(image) i FROM screen_profile_versions
                                               WHERE profile = 'default' AND version = (SELECT version FROM screen_profiles WHERE profile = 'default')) x")
v=$(tpsql -At -c "SELECT version FROM screen_profiles WHERE profile = 'default'")

scores() {
    echo "SELECT sum(screen_score(d.hs, d.route, d.origin, d.decl_date, d.value_usd::float8, d.quantity::float8, d.unit, d.exporter, $1))
            FROM sample.declarations d, generate_series(1, $REPEAT) g"
}
one=$(median_ms "$(scores "'default'")" "$RUNS")
alt=$(median_ms "$(scores "CASE WHEN (g + d.decl_id) % 2 = 0 THEN 'default' ELSE 'other' END")" "$RUNS")
ver=$(median_ms "$(scores "'default@$v'")" "$RUNS")
scored=$((rows * REPEAT))

# a new connection's first score after a fit
tpsql -c "SELECT screen_fit('sample.declarations')" >/dev/null
first=$(for i in $(seq 1 7); do
    psql -X -At -c "SELECT screen_key('x')" -c '\timing on' \
         -c "SELECT screen_score('8542', 'DE>RU', 'DE', '2023-01-01', 1, 1, 'u', NULL)" \
        | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p'
done | sort -n | awk '{a[NR] = $1} END {printf "%.1f", a[(NR + 1) / 2]}')
warm=$(median_ms "SELECT screen_score('8542', 'DE>RU', 'DE', '2023-01-01', 1, 1, 'u', NULL)" 5)
load=$(cut -d' ' -f1-3 /proc/loadavg)
say "one profile ${one} ms, alternating ${alt} ms, name@N ${ver} ms; first score ${first} ms; image ${bytes} B"

section=$(cat <<EOS
## Profile cache and versions

\`bash bench/profile_cache_bench.sh\` (ROWS=$ROWS: $rows declarations of demo/generate.sql, seed 11, each scored $REPEAT times, $scored scores; serial, one backend; medians of $RUNS runs after a warm-up; load average when it finished: $load, 2 cores shared with other sessions). $(date -u +%Y-%m-%d\ %H:%M) UTC.

| measure | time | ratio | target |
|---|---|---|---|
| $scored scores, one profile | ${one} ms | 1 | |
| the same, alternating two profiles row by row | ${alt} ms | $(ratio "$alt" "$one") | about 1 (0.2.0: a query per switch, 25 s for 1M rows) |
| the same, \`'default@$v'\` (a kept version) | ${ver} ms | $(ratio "$ver" "$one") | about 1 |
| a new connection's first score after a fit (library loaded; median of 7 connections, psql's \\timing) | ${first} ms | | 20 ms |
| the same, server time only (EXPLAIN ANALYZE, each run a new connection) | ${warm} ms | | |
| \`screen_fit\` of $rows rows | ${fit} s | | |
| building the version's image from the tables (\`screen_profile_image\`, part of each fit and change) | ${img_ms} ms | | |

The image of a version of this profile holds $facts facts in $bytes bytes.
EOS
)
python3 - "$section" <<'PY'
import re, sys
path = "bench/RESULTS.md"
text = open(path).read()
section = sys.argv[1].rstrip("\n") + "\n"
m = re.search(r"^## Profile cache and versions\n.*?(?=^## |\Z)", text, flags=re.S | re.M)
if m:
    text = text[:m.start()] + section + "\n" + text[m.end():]
else:
    text = text.rstrip("\n") + "\n\n" + section
open(path, "w").write(text)
PY
say "bench/RESULTS.md: section Profile cache and versions written"
