# bench/lib.sh: timing helpers for the benchmarks (sourced after scripts/lib.sh).

# median_ms SQL [RUNS]: median of the server-side execution times (ms) of
# RUNS runs (default 5) of SQL, after one warm-up run, from EXPLAIN ANALYZE.
median_ms() {
    local sql=$1 runs=${2:-5} i
    psql -X -q -At -c "$sql" >/dev/null
    for i in $(seq 1 "$runs"); do
        psql -X -q -At -c "EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) $sql" \
            | grep -oE '"Execution Time": [0-9.]+' | grep -oE '[0-9.]+$'
    done | sort -n | awk '{a[NR] = $1} END {printf "%.1f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}

# ratio A B: A / B with two decimals
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0) ? a / b : 0}'
}
