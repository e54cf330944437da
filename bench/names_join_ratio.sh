#!/bin/bash
# The %% join of bench/names_bench.sh, timed for two builds on the same
# generated data in one run: OLD (a git revision, default main) and this
# work tree, each installed into its own private PostgreSQL tree and run in
# its own throwaway cluster, one after the other.  Prints the median of RUNS
# server-side times of the join of DECL declarations (exporters and
# importers: 2 x DECL probes) against LIST listed names with gin_name_ops,
# the rows it returns, and the ratio new / old.  The time is the backend's CPU
# time (user + system from /proc; CPU=0 for the server's wall time).  For a shared machine, where
# the issue's full size (1M declarations) takes minutes per build, this
# gives the ratio at a smaller DECL (the per-probe cost does not depend on
# DECL: each probe is one index scan of the list).
#   OLD=main LIST=50000 DECL=20000 RUNS=3 bash bench/names_join_ratio.sh
source "$(dirname "$0")/../scripts/lib.sh"
cd "$TS_ROOT"
source bench/lib.sh
old=${OLD:-main}
list=${LIST:-50000}
decl=${DECL:-20000}
runs=${RUNS:-3}
old_tree=${TS_PGTREE_OLD:-${TS_PGTREE:-/tmp/ts_pgtree}-old}
install_deps
new_config=$PG_CONFIG

# the old build, from git, into its own tree
rm -rf build/join-ratio-old && mkdir -p build/join-ratio-old
git archive "$old" | tar -x -C build/join-ratio-old
TS_PGTREE=$old_tree private_tree
old_config=$PG_CONFIG
make -s -C build/join-ratio-old PG_CONFIG="$old_config" all >&2
make -s -C build/join-ratio-old PG_CONFIG="$old_config" install >/dev/null
PG_CONFIG=$new_config
build

join="SELECT count(*) FROM (SELECT d.decl_id, l.id FROM bench.decl d JOIN bench.listed l ON d.exporter %% l.name
       UNION ALL SELECT d.decl_id, l.id FROM bench.decl d JOIN bench.listed l ON d.importer %% l.name) j"
# measure PG_CONFIG: "median_ms rows"
measure() {
    PG_CONFIG=$1
    start_cluster -c shared_buffers=1GB -c work_mem=64MB -c max_parallel_workers_per_gather=0 -c jit=off >/dev/null 2>&1
    tpsql -c "CREATE EXTENSION trade_screen"
    tpsql -v decl="$decl" -v list="$list" -f bench/names_generate.sql >/dev/null
    tpsql -c "CREATE INDEX ON bench.listed USING gin (name gin_name_ops)" -c "ANALYZE bench.listed" -c "ANALYZE bench.decl"
    if [ "${CPU:-1}" = 1 ]; then
        # CPU time of the backend (user + system, from /proc), not wall time: on a
        # shared machine the other sessions' load inflates wall time, and it changes
        # between the two builds' runs
        { echo "SELECT pg_backend_pid() AS pid \\gset"
          echo "\\setenv BPID :pid"
          echo "$join;"
          for i in $(seq 1 "$runs"); do
              echo "\\! awk '{print \$14 + \$15}' /proc/\$BPID/stat"
              echo "$join;"
              echo "\\! awk '{print \$14 + \$15}' /proc/\$BPID/stat"
          done; } | psql -X -q -At > "$TS_CLUSTER/cpu.out"
        rows=$(sed -n 1p "$TS_CLUSTER/cpu.out")
        ticks=$(getconf CLK_TCK)
        ms=$(awk -v t="$ticks" 'NR > 1 && (NR % 3) == 2 {b = $1} NR > 1 && (NR % 3) == 1 {print ($1 - b) * 1000 / t}' "$TS_CLUSTER/cpu.out" \
             | sort -n | awk '{a[NR] = $1} END {printf "%.1f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}')
        echo "$ms $rows"
    else
        echo "$(median_ms "$join" "$runs") $(psql -X -At -c "$join")"
    fi
    stop_cluster
}
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
read -r ms_old rows_old <<< "$(measure "$old_config")"
read -r ms_new rows_new <<< "$(measure "$new_config")"
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
probes=$((2 * decl))
printf 'list %d names, %d declarations (%d probes), median of %d runs (CPU=%s); load %s -> %s\n' \
    "$list" "$decl" "$probes" "$runs" "${CPU:-1}" "$load_start" "$load_end"
printf '%-6s %10s ms %8.4f ms/probe %8d rows\n' old "$ms_old" "$(awk -v a="$ms_old" -v p=$probes 'BEGIN {print a / p}')" "$rows_old" \
    new "$ms_new" "$(awk -v a="$ms_new" -v p=$probes 'BEGIN {print a / p}')" "$rows_new"
echo "ratio new / old: $(ratio "$ms_new" "$ms_old")"
