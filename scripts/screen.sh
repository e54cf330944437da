#!/bin/bash
# The README's main job: install what is missing, build, start a throwaway
# cluster, generate and load the sample customs declarations, run the
# screening and print what it found.
#   SAMPLE_ROWS=20000 SAMPLE_SEED=1 bash scripts/screen.sh
source "$(dirname "$0")/lib.sh"
cd "$TS_ROOT"
rows=${SAMPLE_ROWS:-20000}
seed=${SAMPLE_SEED:-1}

install_deps
build
start_cluster
tpsql -c "CREATE DATABASE screening"
export PGDATABASE=screening
tpsql -c "CREATE EXTENSION trade_screen"
say "generating $rows sample declarations (seed $seed)"
tpsql -v rows="$rows" -v seed="$seed" -f demo/generate.sql
for f in demo/load_*.sql; do
    [ -e "$f" ] && tpsql -f "$f"
done
for f in demo/report.sql demo/report_*.sql; do
    [ -e "$f" ] && tpsql -f "$f"
done
