#!/bin/bash
# META.json is valid against the PGXN Meta Spec v1.0.0 (checked offline by
# test/integration/lib/pgxn_meta.py: required fields and their types,
# licence strings, semantic versions, prereqs, resources) and agrees with
# the tree: its version and the provided extension's version are the
# control file's default_version, its file the install script of that
# version.  The validator must also reject a set of broken copies, so a
# validator that accepts everything fails here.  Needs no server.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
validator=$root/test/integration/lib/pgxn_meta.py
bad=0
python3 "$validator" --control "$root/trade_screen.control" --root "$root" "$root/META.json" || bad=1

# each broken copy (a Python expression applied to the parsed META.json)
# must be rejected
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
while IFS= read -r change; do
    [ -n "$change" ] || continue
    python3 - "$root/META.json" "$tmp/META.json" "$change" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(m, open(sys.argv[2], 'w'))
PY
    if python3 "$validator" "$tmp/META.json" > "$tmp/out"; then
        echo "FAIL: the validator accepted a META.json with: $change"
        bad=1
    fi
done <<'CHANGES'
del m['name']
del m['abstract']
del m['maintainer']
del m['version']
del m['license']
del m['provides']
del m['meta-spec']
m['version'] = '0.3'
m['license'] = 'postgres'
m['license'] = []
m['maintainer'] = []
m['provides']['trade_screen'].pop('file')
m['provides']['trade_screen']['version'] = 3
m['meta-spec']['version'] = '2.0.0'
m['prereqs']['runtime']['needs'] = {}
m['prereqs']['later'] = {}
m['prereqs']['runtime']['requires']['PostgreSQL'] = '>= fifteen'
m['release_status'] = 'beta'
m['tags'] = 'customs'
m['resources']['bugtracker'] = {'mailto': 'nobody'}
m['colour'] = 'blue'
CHANGES
[ $bad -eq 0 ] && echo "meta: META.json is valid (PGXN Meta Spec 1.0.0) and matches the control file"
exit $bad
