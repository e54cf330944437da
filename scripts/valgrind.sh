#!/bin/bash
# Run the regression suite (sql/, expected/) once against a server running
# under valgrind memcheck with PostgreSQL's suppressions, and fail on any
# error valgrind reports in a backend.
#
#   TS_PGTREE=/tmp/pgtree-NAME bash scripts/valgrind.sh [REGRESS-FILE ...]
#
# With file names (hscode route ...), only those regress files run.
#
# PostgreSQL's suppressions (src/tools/valgrind.supp) ship in its source,
# not in the Debian binary packages: this script fetches the Debian source
# package of postgresql-15 with apt, through a private source list and
# package-list directory (the machine's apt configuration is left alone),
# and keeps the file in build/valgrind/.  The Debian server is not built
# with USE_VALGRIND, so valgrind sees malloc'd blocks, not palloc chunks:
# it finds uninitialised reads, reads past malloc'd blocks and bad frees,
# not overruns inside a memory context.  Slow (valgrind runs the server
# some 20-50 times slower): run it before a release, not in the test
# command.
source "$(dirname "$0")/lib.sh"
cd "$TS_ROOT"
install_deps valgrind
build

dir=$TS_ROOT/build/valgrind
supp=$dir/valgrind.supp
mkdir -p "$dir"
if [ ! -s "$supp" ]; then
    say "fetching PostgreSQL's valgrind.supp from the Debian source package"
    apt=$(mktemp -d /tmp/ts-apt.XXXXXX)
    mkdir -p "$apt/lists/partial" "$apt/src"
    chmod -R 755 "$apt"
    echo "deb-src http://deb.debian.org/debian bookworm main" > "$apt/sources.list"
    opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o "Dir::State::Lists=$apt/lists")
    apt-get "${opts[@]}" update -qq
    (cd "$apt/src" && apt-get "${opts[@]}" source --download-only -qq postgresql-15 2>/dev/null)
    tar xjf "$apt"/src/postgresql-15_*.orig.tar.bz2 -C "$apt/src" --wildcards '*/src/tools/valgrind.supp'
    cp "$apt"/src/postgresql-15*/src/tools/valgrind.supp "$supp"
    rm -rf "$apt"
fi

# a throwaway cluster whose postmaster (and so every backend) runs under
# valgrind
PGBIN=$("$PG_CONFIG" --bindir)
TS_CLUSTER=$(mktemp -d /tmp/trade_screen.XXXXXX)
chmod 755 "$TS_CLUSTER"
[ "$(id -u)" -eq 0 ] && chown postgres: "$TS_CLUSTER"
trap stop_cluster EXIT
as_owner "$PGBIN/initdb" -D "$TS_CLUSTER/data" -U postgres -A trust -E UTF8 --no-locale >/dev/null
export PGHOST="$TS_CLUSTER" PGPORT=54329 PGUSER=postgres PGDATABASE=postgres
mkdir -p "$TS_CLUSTER/vg"
chmod 777 "$TS_CLUSTER/vg" "$dir"
rm -f "$dir"/vg.*.log "$dir"/ours.txt "$dir"/server.txt
say "starting the server under valgrind"
# --track-origins (where an uninitialised value came from) doubles the time:
# VG_ORIGINS=yes turns it on to diagnose an error a run has found
as_owner valgrind --quiet --trace-children=yes --track-origins="${VG_ORIGINS:-no}" \
    --num-callers=30 --error-limit=no --suppressions="$supp" \
    --log-file="$TS_CLUSTER/vg/vg.%p.log" \
    "$PGBIN/postgres" -D "$TS_CLUSTER/data" -k "$TS_CLUSTER" -p "$PGPORT" \
    -c listen_addresses= -c fsync=off -c max_connections=10 -c autovacuum=off \
    > "$TS_CLUSTER/server.log" 2>&1 &
for _ in $(seq 300); do
    "$PGBIN/pg_isready" -q -t 60 && break
    sleep 1
done
"$PGBIN/pg_isready" -q -t 60 || { tail -n 20 "$TS_CLUSTER/server.log"; exit 1; }

say "pg_regress under valgrind"
start=$(date +%s)
# results apart from build/regress, so the test command can run meanwhile
rm -rf "$dir/regress" && mkdir -p "$dir/regress"
regress=0
make -s --no-print-directory PG_CONFIG="$PG_CONFIG" \
    REGRESS_OPTS="--inputdir=. --outputdir=$dir/regress" ${1:+REGRESS="$*"} installcheck > "$dir/regress.log" 2>&1 \
    || regress=$?
secs=$(($(date +%s) - start))
as_owner "$PGBIN/pg_ctl" -D "$TS_CLUSTER/data" -m fast -w -t 300 stop >/dev/null 2>&1 || true

# valgrind writes a log per process; with --quiet, only errors.  An error
# whose stack passes through trade_screen.so is ours and fails the run.
# The Debian server binary is stripped, so PostgreSQL's suppressions (which
# name server functions) cannot match frames shown as "???": its own known
# false positives (uninitialised padding written to WAL and to the relcache
# init file) then show up too; they are counted apart, and listed.
cp "$TS_CLUSTER"/vg/vg.*.log "$dir"/ 2>/dev/null
awk -v ours="$dir/ours.txt" -v server="$dir/server.txt" '
    # an error block runs from its "==PID== Headline" to the blank "==PID== " line
    /^==[0-9]+== [A-Z]/ && !inblock { inblock = 1; block = $0 "\n"; next }
    inblock && /^==[0-9]+== $/ {
        if (block ~ /trade_screen\.so/) { n_ours++; printf "%s\n", block > ours }
        else { n_server++; split(block, l, "\n"); sub(/^==[0-9]+== /, "", l[1]); print l[1] > server }
        inblock = 0; next }
    inblock { block = block $0 "\n" }
    END { printf "%d %d\n", n_ours, n_server }' /dev/null "$dir"/vg.*.log > "$dir/counts" 2>/dev/null
read -r ours server < "$dir/counts"
files=$(grep -cE ' \.\.\. ok|^ok ' "$dir/regress.log")
echo "valgrind: $files regress files passed in $secs s (per file: $dir/regress.log); errors in trade_screen code: $ours;" \
     "unsuppressed errors inside the stripped server binary: $server"
if [ "$server" -gt 0 ]; then
    sort "$dir/server.txt" | uniq -c | sed 's/^/    server: /'
fi
if [ "$ours" -gt 0 ]; then
    head -n 80 "$dir/ours.txt"
fi
[ "$regress" -eq 0 ] || { cat "$dir/regress.log"; exit 1; }
[ "$ours" -eq 0 ]
