#!/bin/bash
# The README's test command: install what is missing, build, start a
# throwaway cluster, then run the C unit tests (plain and under ASan+UBSan),
# the fuzz targets (scripts/fuzz.sh), pg_regress (sql/, expected/), the
# README examples, pgTAP (test/*.sql through pg_prove) and the integration
# scripts (test/integration/*.sh).
#
# Counts test cases: a unit-test function, a fuzz target, a regress file, a
# README check, a pgTAP assertion, an integration script.  The checks made
# inside unit tests and the fuzz executions are reported on lines of their
# own, not in the totals.  Ends with one line "N passed, N failed" and exits
# non-zero on any failure.
#
# TS_SKIP_FUZZ=1 leaves out the fuzz targets (they need clang and ~1 minute).
source "$(dirname "$0")/lib.sh"
cd "$TS_ROOT"

passed=0
failed=0
report=()

# count SUITE PASSED FAILED: add a suite's results to the totals
count() {
    report+=("$(printf '%-30s %6d passed, %d failed' "$1:" "$2" "$3")")
    passed=$((passed + $2))
    failed=$((failed + $3))
}

install_deps
build
mkdir -p build

checks_passed=0
checks_failed=0
# unit SUITE [SAN]: run a C unit-test suite (SAN=1: built with ASan+UBSan);
# it ends with "SUITE: N passed, N failed; M checks passed, M failed"
unit() {
    local t=$1 san=${2:-} name=$1 log out
    [ -n "$san" ] && name="$t (asan+ubsan)"
    log=build/$t${san:+-san}.log
    make -s --no-print-directory PG_CONFIG="$PG_CONFIG" UNIT_SAN="$san" "$t" > "$log" 2>&1 || true
    out=$(tail -n 1 "$log")
    if [[ "$out" =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed\;\ ([0-9]+)\ checks\ passed,\ ([0-9]+)\ failed ]]; then
        count "$name" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
        checks_passed=$((checks_passed + BASH_REMATCH[3]))
        checks_failed=$((checks_failed + BASH_REMATCH[4]))
        [ "${BASH_REMATCH[2]}" -eq 0 ] && [ "${BASH_REMATCH[4]}" -eq 0 ] || cat "$log" >&2
    else
        count "$name" 0 1
        cat "$log" >&2
    fi
}

say "C unit tests"
for t in $(make -s --no-print-directory unittest-list); do
    unit "$t"
    unit "$t" 1
done

fuzz_lines=()
if [ "${TS_SKIP_FUZZ:-}" != 1 ]; then
    say "fuzz targets (ASan+UBSan)"
    fuzz_start=$(date +%s)
    bash scripts/fuzz.sh > build/fuzz.log 2> build/fuzz.err || true
    fuzz_secs=$(($(date +%s) - fuzz_start))
    while read -r line; do
        if [[ "$line" =~ ^(fuzz_[a-z_]+):\ ([0-9]+)\ executions,\ ([0-9]+)\ findings,\ cov\ (.*)$ ]]; then
            fuzz_lines+=("$(printf '  %-14s %9s executions, %s findings, cov %s' \
                "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}" "${BASH_REMATCH[4]}")")
            if [ "${BASH_REMATCH[3]}" -eq 0 ]; then
                count "${BASH_REMATCH[1]}" 1 0
            else
                count "${BASH_REMATCH[1]}" 0 1
            fi
        elif [[ "$line" =~ ^(fuzz_[a-z_]+):\ pending ]]; then
            fuzz_lines+=("  ${BASH_REMATCH[1]}: pending, not counted")
        fi
    done < build/fuzz.log
    if [ ${#fuzz_lines[@]} -eq 0 ] || [ -s build/fuzz.err ]; then
        cat build/fuzz.log build/fuzz.err >&2
        [ ${#fuzz_lines[@]} -eq 0 ] && count fuzz 0 1
    fi
    fuzz_lines+=("  the fuzz step took $fuzz_secs s (two targets at a time)")
fi

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

say "README and doc examples"
if bash scripts/readme-test.sh > build/readme.log 2>&1; then
    count readme 1 0
else
    cat build/readme.log >&2
    count readme 0 1
fi

say "pgTAP"
tpsql -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS tap" -c "CREATE DATABASE tap"
tpsql -d tap -c "CREATE EXTENSION pgtap" -c "CREATE EXTENSION trade_screen"
pg_prove -d tap test/*.sql > build/pgtap.log 2>&1 || true   # test/*.sql only: SQL in subfolders is not pgTAP
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
echo "checks inside the unit tests: $checks_passed passed, $checks_failed failed"
if [ ${#fuzz_lines[@]} -gt 0 ]; then
    echo "fuzz executions (bounded CI run):"
    printf '%s\n' "${fuzz_lines[@]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
