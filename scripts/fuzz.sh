#!/bin/bash
# Run the libFuzzer targets (test/fuzz) with AddressSanitizer and
# UndefinedBehaviorSanitizer, each over its committed seed corpus
# test/fuzz/corpus/TARGET (new inputs go to build/fuzz/TARGET.corpus, the
# committed corpus is left alone).  Prints one line per target:
#
#   fuzz_hscode: 1000000 executions, 0 findings, cov 190 of 415 edges, ft 1234, 9 s
#
# and exits non-zero when any target found an input that breaks a
# property, crashes or trips a sanitizer (the input is saved as
# build/fuzz/TARGET-crash-*; rerun it with build/fuzz/TARGET FILE).
#
# Arguments: target names (default: all of `make fuzz-list`).
# Environment:
#   FUZZ_RUNS=N      executions per target (default 1000000, the CI bound)
#   FUZZ_SECONDS=S   run each target S seconds instead (release runs)
#   FUZZ_JOBS=J      targets run side by side (default 2)
set -uo pipefail
cd "$(dirname "$0")/.."

runs=${FUZZ_RUNS:-1000000}
jobs=${FUZZ_JOBS:-2}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || read -r -a targets <<<"$(make -s --no-print-directory fuzz-list)"
make -s --no-print-directory $(printf 'build/fuzz/%s ' "${targets[@]}") >&2 || exit 2

# run_one TARGET: fuzz it; its summary line goes to build/fuzz/TARGET.result
run_one() {
    local t=$1 bin=build/fuzz/$1 log=build/fuzz/$1.log limit start rc
    local execs cov total ft findings
    rm -rf "build/fuzz/$t.corpus" build/fuzz/"$t"-crash-* build/fuzz/"$t"-leak-* build/fuzz/"$t"-timeout-*
    mkdir -p "build/fuzz/$t.corpus"
    if [ -n "${FUZZ_SECONDS:-}" ]; then
        limit="-max_total_time=$FUZZ_SECONDS"
    else
        limit="-runs=$runs"
    fi
    start=$(date +%s)
    "$bin" "$limit" -max_len=512 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="build/fuzz/$t-" "build/fuzz/$t.corpus" "test/fuzz/corpus/$t" \
        > "$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -aoE '(DONE|pulse|NEW|REDUCE|INITED) +cov: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+$')
    ft=$(grep -aoE ' ft: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+$')
    total=$(grep -aoE 'Loaded [0-9]+ modules +\([0-9]+ inline 8-bit counters' "$log" \
            | head -n 1 | grep -oE '\([0-9]+' | tr -d '(')
    findings=$(ls build/fuzz/"$t"-crash-* build/fuzz/"$t"-leak-* build/fuzz/"$t"-timeout-* 2>/dev/null | wc -l)
    if [ "$rc" -ne 0 ] && [ "$findings" -eq 0 ]; then
        findings=1
    fi
    printf '%s: %s executions, %d findings, cov %s of %s edges, ft %s, %d s\n' \
        "$t" "${execs:-0}" "$findings" "${cov:-0}" "${total:-?}" "${ft:-0}" \
        "$(($(date +%s) - start))" > "build/fuzz/$t.result"
    if [ "$findings" -gt 0 ]; then
        grep -aE 'property failed|ERROR: AddressSanitizer|runtime error|ERROR: libFuzzer|SUMMARY|^0x|Test unit written' "$log" \
            | head -n 20 > "build/fuzz/$t.finding"
        ls build/fuzz/"$t"-crash-* build/fuzz/"$t"-leak-* build/fuzz/"$t"-timeout-* \
            >> "build/fuzz/$t.finding" 2>/dev/null
    fi
}

status=0
# at most $jobs targets at a time: when one ends, the next starts
running=0
for t in "${targets[@]}"; do
    run_one "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
done
wait
for t in "${targets[@]}"; do
    cat "build/fuzz/$t.result"
    if [ -f "build/fuzz/$t.finding" ]; then
        sed 's/^/    /' "build/fuzz/$t.finding" >&2
        rm -f "build/fuzz/$t.finding"
        status=1
    fi
    grep -q ' 0 findings' "build/fuzz/$t.result" || status=1
done
for t in $(make -s --no-print-directory fuzz-pending); do
    echo "$t: pending (not yet written)"
done
exit $status
