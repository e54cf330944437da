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
