#!/bin/bash
# The licence files are present and agree with data/SOURCES.md:
#   - LICENSE is the PostgreSQL Licence; every licence text NOTICE names
#     (LICENSES/...) is in the tree;
#   - every data file in data/ has a row in data/SOURCES.md, no row says
#     "same as the project", and no row names a file that is not there;
#   - for every row, NOTICE has the line "data/FILE: LICENCE" with the row's
#     licence column word for word, and NOTICE names no other data file;
#   - debian/copyright has a paragraph for every data file (Files: data/FILE).
# Needs no server.  Exits non-zero on the first kind of disagreement found,
# after printing every instance of it.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
bad=0
fail() { echo "FAIL: $*"; bad=1; }

grep -q 'Permission to use, copy, modify, and distribute this software' LICENSE 2>/dev/null \
    && grep -q 'IN NO EVENT SHALL THE TRADE_SCREEN CONTRIBUTORS BE LIABLE' LICENSE \
    || fail "LICENSE is missing or is not the PostgreSQL Licence"
[ -f NOTICE ] || { fail "NOTICE is missing"; exit 1; }
for f in $(grep -oE 'LICENSES/[A-Za-z0-9._-]+' NOTICE | sed 's/\.$//' | sort -u); do
    [ -s "$f" ] || fail "NOTICE refers to $f, which is not in the tree"
done

# rows of the SOURCES.md table: | `file` | what | rows | source | licence |
declare -A licence=()
while IFS=$'\t' read -r file lic; do
    licence[$file]=$lic
done < <(awk -F'|' '/^\| `[^`]+` \|/ {
        f = $2; gsub(/^ *`|` *$/, "", f)
        l = $(NF - 1); gsub(/^ +| +$/, "", l)
        print f "\t" l }' data/SOURCES.md)
[ ${#licence[@]} -gt 0 ] || fail "data/SOURCES.md has no table rows"

for path in data/*; do
    f=$(basename "$path")
    [ "$f" = SOURCES.md ] && continue
    [ -n "${licence[$f]+set}" ] || fail "data/$f has no row in data/SOURCES.md"
done
for f in "${!licence[@]}"; do
    [ -e "data/$f" ] || fail "data/SOURCES.md lists $f, which is not in data/"
    case "${licence[$f]}" in
        ''|*'same as the project'*) fail "data/SOURCES.md: $f names no licence ('${licence[$f]}')" ;;
    esac
    grep -qxF "data/$f: ${licence[$f]}" NOTICE \
        || fail "NOTICE has no line 'data/$f: ${licence[$f]}' (the licence column of data/SOURCES.md)"
    if [ -d debian ]; then
        grep -qE "^Files:.*[[:space:]]data/$f([[:space:]]|$)" debian/copyright \
            || fail "debian/copyright has no Files: paragraph naming data/$f"
    fi
done
for f in $(grep -oE '^data/[^:]+:' NOTICE | sed 's/^data\///; s/:$//'); do
    [ -n "${licence[$f]+set}" ] || fail "NOTICE names data/$f, which data/SOURCES.md does not list"
done
[ $bad -eq 0 ] && echo "licence: LICENSE, NOTICE and data/SOURCES.md agree on ${#licence[@]} data files"
exit $bad
