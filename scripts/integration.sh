#!/bin/bash
# Run integration scripts alone, as the test command does: install what is
# missing, build, start a throwaway cluster, run each named script
# (test/integration/NAME.sh) and exit non-zero when one fails.
#
#   bash scripts/integration.sh soak crash_recovery
source "$(dirname "$0")/lib.sh"
cd "$TS_ROOT"
[ $# -gt 0 ] || { echo "usage: $0 NAME... (from test/integration/NAME.sh)" >&2; exit 2; }
install_deps
build
start_cluster
status=0
for name in "$@"; do
    say "$name"
    if bash "test/integration/${name%.sh}.sh"; then
        echo "$name: passed"
    else
        echo "$name: FAILED"
        status=1
    fi
done
exit $status
