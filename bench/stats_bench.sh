#!/bin/bash
# bench/stats_bench.sh: detection quality of mirror_gap, pass_through and
# lane_change across an edition change on generated lanes with planted cases
# and decoys (bench/stats_generate.sql), as ROC AUC per planted kind, and the
# time the aggregates take.  Writes nothing; paste the output into
# bench/RESULTS.md.
#   TS_PGTREE=/work/pgtree-NAME bash bench/stats_bench.sh [N_LANES_PER_KIND] [SEED]
source "$(dirname "$0")/../scripts/lib.sh"
source "$(dirname "$0")/lib.sh"
n=${1:-400}
seed=${2:-0.42}
if [ -z "${PGHOST:-}" ]; then
    install_deps
    build
    start_cluster >/dev/null
fi
export PGDATABASE=stats_bench
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS stats_bench" -c "CREATE DATABASE stats_bench"
tpsql -c "CREATE EXTENSION trade_screen"
echo "machine: $(nproc) cores; load: $(uptime | sed 's/.*load average: //')"
echo "lanes: $n per kind (half planted), seed $seed"
tpsql -v seed="$seed" -v n="$n" -f "$TS_ROOT/bench/stats_generate.sql" >/dev/null
tpsql -f "$TS_ROOT/bench/stats_evaluate.sql"
echo "median of 5 runs, ms (every lane of the kind, serial):"
tpsql -c "SET max_parallel_workers_per_gather = 0" >/dev/null
echo "  mirror_gap over $((n * 36)) rows: $(median_ms "SELECT lane, mirror_gap(period, exported, imported, '2022-03-01') FROM gen_mirror GROUP BY lane")"
echo "  pass_through over $((n * 36)) rows: $(median_ms "SELECT lane, pass_through(period, imported, exported, '2022-03-01') FROM gen_hub GROUP BY lane")"
echo "  lane_change over the same rows: $(median_ms "SELECT lane, lane_change(period, exported, '2022-03-01', 10) FROM gen_mirror GROUP BY lane")"
echo "load after: $(uptime | sed 's/.*load average: //')"
