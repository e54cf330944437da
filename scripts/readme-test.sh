#!/bin/bash
# Run the SQL examples of README.md and doc/*.md as a pg_regress test, so they
# cannot rot.  The files are read in the order of DOC_ORDER below, then any
# other doc/*.md in name order, all in one database; each ```sql block is run
# in order, and a ```text block right after it is the output psql must print
# for it (pg_regress format: the statements echoed, then their results).
# Needs a running server (PG*).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
work=$root/build/readme
rm -rf "$work" && mkdir -p "$work/sql" "$work/expected" "$work/results"

# the reference's reading order (later pages may use tables earlier ones made)
DOC_ORDER=(README.md doc/types.md doc/watchlists.md doc/indexes.md doc/scoring.md doc/names.md
           doc/shards.md doc/clients.md doc/operations.md doc/upgrading.md)
files=()
for f in "${DOC_ORDER[@]}"; do files+=("$root/$f"); done
for f in "$root"/doc/*.md; do
    case " ${DOC_ORDER[*]} " in *" doc/$(basename "$f") "*) ;; *) files+=("$f") ;; esac
done

# split the pages into the test input and its expected output
awk -v sql="$work/sql/readme.sql" -v out="$work/expected/readme.out" '
    /^```sql$/  { mode = "sql"; next }
    /^```text$/ { if (last == "sql") mode = "out"; else mode = "skip"; next }
    /^```/      { if (mode != "") { last = mode; mode = "" } else { last = "other" } next }
    mode == "sql" { print > sql; print > out; next }
    mode == "out" { print > out; next }
    mode == "" && NF > 0 { last = "prose" }
' "${files[@]}"
# a blank line follows every statement block in psql output
[ -s "$work/sql/readme.sql" ] || { echo "README.md and doc/*.md have no sql examples"; exit 1; }

"$("$PG_CONFIG" --pkglibdir)/pgxs/src/test/regress/pg_regress" \
    --inputdir="$work" --outputdir="$work" --dbname=readme_examples readme
