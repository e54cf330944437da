#!/bin/bash
# bench/hs_bench.sh: the HS hierarchy benchmark, one command.
#   PG_CONFIG=... bash bench/hs_bench.sh          (N=5000000 RUNS=5 by default)
# Builds and installs trade_screen, installs postgresql-15-prefix (apt) and
# copies it into $PG_CONFIG's server if it is a private copy, starts a
# throwaway cluster, generates the data (bench/generate.sql) and runs
# bench/hs_bench.py, which writes the "## HS hierarchy" section of
# bench/RESULTS.md.
source "$(dirname "$0")/../scripts/lib.sh"
cd "$TS_ROOT"
export N=${N:-5000000} RUNS=${RUNS:-5}

install_deps postgresql-15-prefix python3
build
# the prefix extension into the server $PG_CONFIG names, when that is not the
# system one (a TS_PGTREE private copy)
pkglibdir=$("$PG_CONFIG" --pkglibdir)
extdir=$("$PG_CONFIG" --sharedir)/extension
if [ "$pkglibdir" != /usr/lib/postgresql/15/lib ]; then
    for f in $(dpkg -L postgresql-15-prefix); do
        case "$f" in
            /usr/lib/postgresql/15/lib/*.so) cp "$f" "$pkglibdir/" ;;
            /usr/share/postgresql/15/extension/?*) [ -f "$f" ] && cp "$f" "$extdir/" ;;
        esac
    done
fi

start_cluster -c shared_buffers=2GB -c work_mem=64MB -c maintenance_work_mem=1GB \
    -c max_parallel_workers_per_gather=2 -c max_parallel_maintenance_workers=2 \
    -c max_wal_size=8GB -c checkpoint_timeout=30min -c synchronous_commit=off -c jit=off
tpsql -c "CREATE EXTENSION trade_screen" -c "CREATE EXTENSION ltree" -c "CREATE EXTENSION prefix"
say "generating $N declarations"
start=$(date +%s)
tpsql -v n="$N" -f bench/generate.sql
say "generated in $(( $(date +%s) - start )) s"
python3 bench/hs_bench.py

# Q4 in instructions: callgrind counts what each Q4 form costs a warm,
# serial backend, a figure load does not move (the timed medians above do).
# A single-user backend runs the query twice, then four times; the
# difference over two runs is one warm run (planning and execution), free
# of start-up and of first reads.  JIT off, as in the timed runs.
install_deps valgrind
set_lit=$(tpsql -At -c "SELECT quote_literal(hsset(array_agg(code))::text) || '::hsset' FROM q4")
# the timings above leave one index at a time: the three btrees each form needs
tpsql -c "CREATE INDEX IF NOT EXISTS decl_q4_hs ON decl (hs)" \
      -c "CREATE INDEX IF NOT EXISTS decl_q4_t ON decl (t)" \
      -c "CREATE INDEX IF NOT EXISTS decl_q4_b ON decl (b)" \
      -c "VACUUM ANALYZE decl" -c "ANALYZE q4"
as_owner "$PGBIN/pg_ctl" -D "$TS_CLUSTER/data" -m fast -w stop >/dev/null
# warm_instructions QUERY: callgrind's count of one warm run of QUERY
warm_instructions() {
    local k counts=()
    for k in 2 4; do
        { printf 'SET jit = off;\nSET max_parallel_workers_per_gather = 0;\n'
          printf 'SET enable_seqscan = off;\nSET enable_bitmapscan = off;\n'
          for _ in $(seq "$k"); do printf '%s;\n' "$1"; done; } > "$TS_CLUSTER/cg.sql"
        counts+=("$(as_owner bash -c "cd '$TS_CLUSTER' && valgrind --tool=callgrind --callgrind-out-file=/dev/null \
            '$PGBIN/postgres' --single -D '$TS_CLUSTER/data' postgres < '$TS_CLUSTER/cg.sql'" 2>&1 \
            | sed -n 's/.*Collected : *\([0-9]*\).*/\1/p')")
    done
    [ -n "${counts[0]}" ] && [ -n "${counts[1]}" ] || { say "callgrind gave no count"; exit 1; }
    echo $(( (counts[1] - counts[0]) / 2 ))
}
ours=$(warm_instructions "SELECT count(*) FROM decl WHERE hs <@ $set_lit")
text=$(warm_instructions "SELECT count(*) FROM decl d JOIN q4 ON d.t >= q4.lo AND d.t < q4.hi")
bigint=$(warm_instructions "SELECT count(*) FROM decl d JOIN q4 ON d.b BETWEEN q4.blo AND q4.bhi")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
cat > build/hs_q4_instructions.md <<MD
### Q4 in instructions

Instructions of one warm run of Q4 (planning and execution, serial, JIT off), counted by
callgrind in a single-user backend on the same $N rows: the query run four times less the
query run twice, halved. Unlike the timed medians, the count is the same on a loaded machine.

| Q4 form | instructions | / text ranges | / bigint ranges |
|---|---|---|---|
| hscode, \`hs <@ set\` (HS Set Range Scan) | $ours | $(ratio "$ours" "$text") | $(ratio "$ours" "$bigint") |
| text, hand-written join of 40 ranges | $text | 1.00 | $(ratio "$text" "$bigint") |
| bigint, hand-written join of 40 ranges | $bigint | $(ratio "$bigint" "$text") | 1.00 |
MD
python3 - <<'PY'
import re
path = "bench/RESULTS.md"
old = open(path).read()
add = open("build/hs_q4_instructions.md").read()
start = old.find("## HS hierarchy\n")
nxt = old.find("\n## ", start + 1)
body = old[start:nxt + 1] if nxt >= 0 else old[start:]
body = re.sub(r"### Q4 in instructions\n.*", "", body, flags=re.S).rstrip("\n") + "\n\n" + add + "\n"
open(path, "w").write(old[:start] + body + (old[nxt + 1:] if nxt >= 0 else ""))
PY
cat build/hs_q4_instructions.md
