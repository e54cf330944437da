#!/bin/bash
# The README's test command, in three tiers:
#
#   bash scripts/test.sh --quick    the edit-test loop (under 2 minutes on 2
#                                   cores): build, a throwaway cluster, the C
#                                   unit tests, pg_regress (sql/, expected/),
#                                   the examples of README.md and doc/*.md
#   bash scripts/test.sh            the full suite, what CI runs (.ci/run):
#                                   the quick tier plus the unit tests under
#                                   ASan+UBSan, the fuzz targets
#                                   (scripts/fuzz.sh, 1M executions each),
#                                   the generated files checked against data/,
#                                   pgTAP (test/*.sql through pg_prove) and the
#                                   integration scripts (test/integration/*.sh)
#   bash scripts/test.sh --release  the full suite with the long runs: 10M
#                                   fuzz executions per target, a 30-minute
#                                   soak (SOAK_SECONDS=1800), then pg_regress
#                                   under valgrind (scripts/valgrind.sh) and
#                                   the Debian package built, installed and
#                                   installchecked (scripts/package.sh)
#
# Installs what is missing first (the quick tier only the build's and the
# server's packages).  Counts test cases: a unit-test function, a fuzz
# target, a regress file, a README check, a pgTAP assertion, an integration
# script, a release run.  The checks made inside unit tests and the fuzz
# executions are reported on lines of their own, not in the totals.  Prints
# the tier's elapsed time, then ends with one line "N passed, N failed" and
# exits non-zero on any failure.
#
# TS_SKIP_FUZZ=1 leaves out the fuzz targets (they need clang and ~1 minute).
source "$(dirname "$0")/lib.sh"
cd "$TS_ROOT"

tier=full
case "${1:-}" in
    --quick) tier=quick ;;
    --release) tier=release ;;
    "") ;;
    *) echo "usage: $0 [--quick | --release]" >&2; exit 2 ;;
esac
started=$(date +%s)
if [ $tier = release ]; then
    export FUZZ_RUNS=${FUZZ_RUNS:-10000000} SOAK_SECONDS=${SOAK_SECONDS:-1800}
fi
[ $tier = quick ] && export TS_DEPS=core

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
    unit_run "$@"
    unit_count "$@"
}
# unit_run SUITE [SAN]: build and run it, output in its log
unit_run() {
    make -s --no-print-directory PG_CONFIG="$PG_CONFIG" UNIT_SAN="${2:-}" "$1" \
        > "build/$1${2:+-san}.log" 2>&1 || true
}
# unit_count SUITE [SAN]: add what its log says to the totals
unit_count() {
    local t=$1 san=${2:-} name=$1 log out
    [ -n "$san" ] && name="$t (asan+ubsan)"
    log=build/$t${san:+-san}.log
    # the suite's summary line (make's own error line follows it on failure)
    out=$(grep -E '[0-9]+ passed, [0-9]+ failed; [0-9]+ checks passed' "$log" | tail -n 1 || true)
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

unit_suites=$(make -s --no-print-directory unittest-list)
if [ $tier = quick ]; then
    # the unit tests (CPU only) run on one core while pg_regress runs on the
    # other; their results are counted when pg_regress is done
    say "C unit tests (beside pg_regress)"
    ( for t in $unit_suites; do unit_run "$t"; done ) &
    unit_pid=$!
else
    say "C unit tests"
    for t in $unit_suites; do
        unit "$t"
        unit "$t" 1
    done
fi

fuzz_lines=()
if [ "${TS_SKIP_FUZZ:-}" != 1 ] && [ $tier != quick ]; then
    say "fuzz targets (ASan+UBSan), ${FUZZ_RUNS:-1000000} executions each"
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
if [ $tier != quick ]; then
    generated reference scripts/gen-reference-sql.sh install/21_reference_data.sql
    generated watchlists scripts/gen-watchlists-sql.sh install/32_watchlists_data.sql
    generated countrydata scripts/gen-country-data.sh src/country_data.c
    generated namedata scripts/gen-name-data.sh src/name_data.c
    generated correlation scripts/gen-correlation-sql.sh install/75_trade_stats_data.sql
    generated restrictions scripts/gen-restrictions-sql.sh install/74_restrictions_data.sql
    generated countryroles scripts/gen-country-roles-sql.sh install/70_country_roles_data.sql
    generated hssubheadings scripts/gen-hs-subheadings.sh src/hs_subheadings_data.c
fi

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

if [ $tier = quick ]; then
    wait "$unit_pid" || true
    for t in $unit_suites; do unit_count "$t"; done
fi

say "README and doc examples"
if bash scripts/readme-test.sh > build/readme.log 2>&1; then
    count readme 1 0
else
    cat build/readme.log >&2
    count readme 0 1
fi

if [ $tier != quick ]; then
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
        rc=0
        bash "$t" > "build/$name.log" 2>&1 || rc=$?
        if [ $rc -eq 0 ]; then
            count "$name" 1 0
        elif [ $rc -eq 77 ]; then
            # a script that cannot run here says why and exits 77: reported, not passed
            report+=("$(printf '%-30s skipped: %s' "$name:" "$(grep -m1 '^SKIP' "build/$name.log" | cut -c7-)")")
        else
            cat "build/$name.log" >&2
            count "$name" 0 1
        fi
    done

fi

# release RUN COMMAND...: a long run of the release tier, one test case
release_run() {
    local name=$1 t0; shift
    say "$name"
    t0=$(date +%s)
    if "$@" > "build/$name.log" 2>&1; then
        count "$name" 1 0
    else
        tail -n 60 "build/$name.log" >&2
        count "$name" 0 1
    fi
    release_lines+=("$(printf '  %-10s %6d s  (log: build/%s.log)' "$name" "$(($(date +%s) - t0))" "$name")")
}
release_lines=()
if [ $tier = release ]; then
    # TS_VALGRIND_FILES="hscode route": only those regress files under
    # valgrind (to try the tier's wiring without its half hour)
    release_run valgrind bash scripts/valgrind.sh ${TS_VALGRIND_FILES:-}
    release_run package bash scripts/package.sh
fi

printf '%s\n' "${report[@]}"
echo "checks inside the unit tests: $checks_passed passed, $checks_failed failed"
if [ ${#fuzz_lines[@]} -gt 0 ]; then
    echo "fuzz executions (${FUZZ_RUNS:-1000000} per target):"
    printf '%s\n' "${fuzz_lines[@]}"
fi
if [ ${#release_lines[@]} -gt 0 ]; then
    echo "release runs:"
    printf '%s\n' "${release_lines[@]}"
fi
echo "$tier tier: $(($(date +%s) - started)) s elapsed (bash scripts/test.sh${1:+ $1}, $(nproc) cores)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
