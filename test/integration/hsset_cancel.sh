#!/bin/bash
# A long hsset operation can be cancelled: union, intersection, difference
# and containment of two sets of a million sibling members each (the shape
# that was quadratic) run to the end in a known time, then again under a
# statement_timeout of a tenth of it; each must stop with SQLSTATE 57014
# well before it would have finished, which only checks for interrupts
# inside the set algebra's loops can do.  Runs in its own throwaway
# cluster; exits 0 on success.
source "$(dirname "$0")/../../scripts/lib.sh"
start_cluster >/dev/null 2>&1

tpsql <<'SQL'
CREATE EXTENSION trade_screen;
CREATE TABLE big AS
SELECT hsset(ARRAY(SELECT ('85' || lpad(g::text, 8, '0'))::hscode
                     FROM generate_series(0, 999999) g)) AS a,
       hsset(ARRAY(SELECT ('85' || lpad(g::text, 8, '0'))::hscode
                     FROM generate_series(500000, 1499999) g)) AS b;
SQL

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
fail=0
# expression; query whose answer is known by construction; that answer
while IFS=';' read -r expr check want; do
    # the full run, with a check that the answer is right
    t0=$(now_ms)
    got=$(tpsql -At -c "SELECT $check FROM big")
    full=$(( $(now_ms) - t0 ))
    [ "$got" = "$want" ] || { echo "$expr: got ${got:0:100}, expected $want"; fail=1; }

    limit=$(( full / 10 > 20 ? full / 10 : 20 ))
    t0=$(now_ms)
    err=$(PGOPTIONS="-c statement_timeout=$limit" \
          tpsql -At -v VERBOSITY=verbose -c "SELECT ($expr) IS NULL FROM big" 2>&1 >/dev/null || true)
    took=$(( $(now_ms) - t0 ))
    echo "$expr: ${full} ms in full; with statement_timeout ${limit} ms stopped after ${took} ms: $(echo "$err" | head -n 1)"
    echo "$err" | grep -q 57014 || { echo "$expr: not cancelled"; fail=1; }
    [ "$took" -lt $(( full / 2 )) ] || { echo "$expr: cancellation took too long"; fail=1; }
done <<'CASES'
a | b;cardinality(hsset_members(a | b));1500000
a & b;cardinality(hsset_members(a & b));500000
a - b;cardinality(hsset_members(a - b));500000
a @> (a & b);a @> (a & b) AND NOT a @> b;t
CASES
exit $fail
