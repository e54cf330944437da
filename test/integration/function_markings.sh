#!/bin/bash
# Every function the extension's SQL creates, in the install parts, the parts
# of the open upgrade and the released scripts, says whether it is parallel
# safe and has a comment (test/integration/lib/function_markings.py); the
# checker must also refuse a copy with one marking and one comment removed.
# Needs no server.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
checker=$root/test/integration/lib/function_markings.py
cd "$root"
bad=0
# (the released scripts are the committed ones; make's builds are made of the parts)
python3 "$checker" install/*.sql upgrade/*/*.sql $(git ls-files 'trade_screen--*.sql') || bad=1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed '0,/ PARALLEL SAFE/s// /' install/10_hscode.sql > "$tmp/no_parallel.sql"
python3 "$checker" "$tmp/no_parallel.sql" > "$tmp/out" && { echo "FAIL: a function without PARALLEL passed"; bad=1; }
grep -q 'does not say whether it is parallel safe' "$tmp/out" || { echo "FAIL: the missing PARALLEL was not named"; bad=1; }
first=$(grep -m1 -o '^COMMENT ON FUNCTION @extschema@\.[a-z_0-9]*' install/10_hscode.sql)
grep -v "^$first(" install/10_hscode.sql > "$tmp/no_comment.sql"
python3 "$checker" "$tmp/no_comment.sql" > "$tmp/out" && { echo "FAIL: a function without a comment passed"; bad=1; }
grep -q 'has no COMMENT ON FUNCTION' "$tmp/out" || { echo "FAIL: the missing comment was not named"; bad=1; }
exit $bad
