#!/bin/bash
# Released scripts stay frozen: in a copy of the tree (its own git repository,
# so "committed" can be checked), `make` builds as it is, then refuses to build
# after each kind of drift: an edited released install script, an edited
# released upgrade script, a released script replaced by a link, a released
# script that is not committed, a folder rebuilding a released upgrade, and an
# upgrade folder holding a link.  `make` itself (the default target) must
# refuse before it compiles anything (a compiler that fails at once stands
# in, so a make that got past the check would fail differently), naming
# check-versions.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/trade_screen_freeze.XXXXXX)
trap 'rm -rf "$work"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

git -C "$root" ls-files -z | (cd "$root" && xargs -0 cp --parents -t "$work" 2>/dev/null)
cd "$work"
git init -q . && git add -A && git -c user.email=t@t -c user.name=t commit -qm tree
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
released_install=$(awk '$1 !~ /--/ {v = $1} END {print v}' upgrade/RELEASED)
released_upgrade=$(awk '$1 ~ /--/ {v = $1} END {print v}' upgrade/RELEASED)
[ -n "$released_install" ] && [ -n "$released_upgrade" ] || { echo "FAIL: upgrade/RELEASED lists no install or no upgrade script"; exit 1; }

builds() { make -s PG_CONFIG="$PG_CONFIG" check-versions >/dev/null 2>&1; }
builds || fail "the untouched copy does not pass the release checks"

# expect_refused WHAT: make refuses the tree as it is now, then the tree is reset
expect_refused() {
    if builds; then fail "make accepted: $1"; else echo "refused as it should: $1"; fi
    if make -s PG_CONFIG="$PG_CONFIG" CC=false > make.log 2>&1; then
        fail "make (all) accepted: $1"
    elif ! grep -q '^check-versions: ' make.log || ls src/*.o >/dev/null 2>&1; then
        cat make.log; fail "make (all) did not refuse in check-versions before compiling: $1"
    fi
    rm -f make.log
    git reset -q && git checkout -q -- . && git clean -qfd
    builds || fail "the reset tree is refused after: $1"
}

echo '-- a late fix' >> "trade_screen--$released_install.sql"
expect_refused "an edited released install script"
sed -i '3s/^/-- edited\n/' "trade_screen--$released_upgrade.sql"
expect_refused "an edited released upgrade script"
cp "trade_screen--$released_install.sql" /tmp/ts_freeze_copy.sql && rm "trade_screen--$released_install.sql" \
    && ln -s /tmp/ts_freeze_copy.sql "trade_screen--$released_install.sql"
expect_refused "a released script replaced by a link"
rm -f /tmp/ts_freeze_copy.sql
git rm -q --cached "trade_screen--$released_install.sql"
expect_refused "a released script that is not committed"
mkdir -p "upgrade/$released_upgrade" && printf -- "-- x\n\\\\echo Use \"ALTER EXTENSION trade_screen UPDATE TO '%s'\" \\\\quit\n" "${released_upgrade##*--}" > "upgrade/$released_upgrade/00_header.sql"
expect_refused "a folder that would rebuild the released upgrade $released_upgrade"
open=$(ls -d upgrade/*--*/ | head -n 1)
ln -s ../../install/10_hscode.sql "$open/10_link.sql"
expect_refused "an open upgrade folder holding a link"
: > "${open}99_missing.from-install"
expect_refused "a marker naming an install part that does not exist"

# scripts/release.sh freezes the current version: the frozen install script and
# upgrades are what make builds (but their first line), markers included, and
# the released tree passes the checks
current=$(sed -n "s/^default_version = '\([^']*\)'$/\1/p" trade_screen.control)
make -s PG_CONFIG="$PG_CONFIG" "trade_screen--$current.sql" $(for d in upgrade/*--"$current"; do echo "trade_screen--${d#upgrade/}.sql"; done) >/dev/null 2>&1
mkdir -p built && cp trade_screen--*"$current".sql built/
if bash scripts/release.sh "$current" 9.9.9 > release.log 2>&1 \
        && git add -A . ':!built' ':!release.log' && git -c user.email=t@t -c user.name=t commit -qm release \
        && bash scripts/check-versions.sh; then
    for f in built/*.sql; do
        cmp -s <(tail -n +2 "$f") <(tail -n +2 "$(basename "$f")") \
            || fail "release.sh froze $(basename "$f") differently from what make built"
    done
    echo "release.sh froze $current: $(ls built | wc -l) scripts equal to make's, the tree passes check-versions"
else
    cat release.log; fail "release.sh did not make a release that passes check-versions"
fi
exit $status
