#!/bin/bash
# The README's test command: install what is missing, build, start a
# throwaway cluster, then run the C unit tests, pg_regress (sql/, expected/),
# the README examples, pgTAP (test/*.sql through pg_prove) and the
# integration scripts (test/integration/*.sh).  Ends with one line
# "N passed, N failed" and exits non-zero on any failure.
source "$(dirname "$0")/lib.sh"
cd "$TS_ROOT"

passed=0
failed=0
report=()

# count SUITE PASSED FAILED: add a suite's results to the totals
count() {
    report+=("$(printf '%-20s %8d passed, %d failed' "$1:" "$2" "$3")")
    passed=$((passed + $2))
    failed=$((failed + $3))
}

install_deps
build
mkdir -p build

say "C unit tests"
for t in $(make -s --no-print-directory unittest-list); do
    out=$(make -s --no-print-directory "$t" 2>&1 | tee build/$t.log | tail -n 1) || true
    if [[ "$out" =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
        count "$t" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
    else
        count "$t" 0 1
        cat build/$t.log >&2
    fi
done

start_cluster

# generated NAME GENERATOR COMMITTED: the committed output of a generator
# script is what it makes from data/ now
generated() {
    local name=$1 generator=$2 committed=$3
    say "$committed is current"
    if bash "$generator" "build/$(basename "$committed")" 2>/dev/null \
            && cmp -s "build/$(basename "$committed")" "$committed"; then
        count "$name" 1 0
    else
        say "$committed differs from what $generator makes from data/: run it"
        count "$name" 0 1
    fi
}
generated reference scripts/gen-reference-sql.sh install/21_reference_data.sql
generated watchlists scripts/gen-watchlists-sql.sh install/32_watchlists_data.sql
generated countrydata scripts/gen-country-data.sh src/country_data.c
generated namedata scripts/gen-name-data.sh src/name_data.c

say "pg_regress"
rm -rf build/regress && mkdir -p build/regress
make -s --no-print-directory PG_CONFIG="$PG_CONFIG" installcheck > build/regress.log 2>&1 || true
n_ok=$(grep -cE ' \.\.\. ok|^ok ' build/regress.log || true)
n_bad=$(grep -cE ' \.\.\. FAILED|^not ok ' build/regress.log || true)
count pg_regress "$n_ok" "$n_bad"
if [ "$n_bad" -gt 0 ] || [ "$n_ok" -eq 0 ]; then
    cat build/regress.log >&2
    [ -f build/regress/regression.diffs ] && head -n 200 build/regress/regression.diffs >&2
    [ "$n_ok" -eq 0 ] && count pg_regress 0 1
fi

say "README examples"
if bash scripts/readme-test.sh > build/readme.log 2>&1; then
    count readme 1 0
else
    cat build/readme.log >&2
    count readme 0 1
fi

say "pgTAP"
tpsql -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS tap" -c "CREATE DATABASE tap"
tpsql -d tap -c "CREATE EXTENSION pgtap" -c "CREATE EXTENSION trade_screen"
pg_prove -d tap --ext .sql -r test/ > build/pgtap.log 2>&1 || true
tap_total=$(sed -n 's/^Files=[0-9]*, Tests=\([0-9]*\),.*/\1/p' build/pgtap.log)
tap_failed=$( { grep -oE 'Failed [0-9]+/[0-9]+ subtests' build/pgtap.log || true; } \
             | awk '{split($2, a, "/"); s += a[1]} END {print s + 0}')
tap_bad_files=$(grep -cE 'Wstat: [1-9]|Parse errors|Dubious' build/pgtap.log || true)
tap_total=${tap_total:-0}
count pgTAP "$((tap_total - tap_failed))" "$((tap_failed + tap_bad_files))"
if ! grep -q '^Result: PASS' build/pgtap.log || [ "$tap_total" -eq 0 ]; then
    cat build/pgtap.log >&2
    grep -q '^Result: PASS' build/pgtap.log || [ "$tap_failed" -gt 0 ] || count pgTAP 0 1
fi

say "integration"
for t in test/integration/*.sh; do
    [ -e "$t" ] || continue
    name=$(basename "$t" .sh)
    if bash "$t" > "build/$name.log" 2>&1; then
        count "$name" 1 0
    else
        cat "build/$name.log" >&2
        count "$name" 0 1
    fi
done

printf '%s\n' "${report[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
