#!/bin/bash
# A drifted release does not build: in a scratch copy of the tree (committed
# there as it is here, so the "committed" check has a repository), `make`
# must pass as it is, then fail, before compiling anything, after each of
#   - a frozen install script (trade_screen--0.2.0.sql) edited by one line;
#   - a frozen upgrade script (trade_screen--0.1.0--0.2.0.sql) edited;
#   - a frozen script replaced by a link to its identical copy;
#   - a frozen script removed from git (still on disk, same checksum);
#   - a released version's upgrade folder brought back (upgrade/0.1.0--0.2.0/);
# and each failure must name the file.  Needs no server.
source "$(dirname "$0")/../../scripts/lib.sh"
set +e -uo pipefail
tmp=$(mktemp -d /tmp/trade_screen-frozen.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
bad=0
fail() { echo "FAIL: $*"; bad=1; }

git -C "$TS_ROOT" ls-files -z -co --exclude-standard \
    | (cd "$TS_ROOT" && tar --null -cf - -T -) | tar -xf - -C "$tmp"
cd "$tmp"
git init -q && git add -A && git -c user.name=t -c user.email=t@t commit -qm copy || { echo "FAIL: no scratch repository"; exit 1; }
# compiling is not what this test is about: a make that got past the check
# is stopped by a compiler that fails at once
mk() { make -s --no-print-directory PG_CONFIG="$PG_CONFIG" CC=false "$@" > "$tmp/make.log" 2>&1; }

mk check-versions || { cat "$tmp/make.log"; fail "make check-versions fails on the tree as it is"; }

# drift NAME EXPECTED-WORDS SETUP...: after SETUP (run in the copy), make
# must fail with a message containing EXPECTED-WORDS and compile nothing
drift() {
    local name=$1 words=$2; shift 2
    git stash -q -u 2>/dev/null; git reset -q --hard; git clean -qfd
    ( set -e; eval "$*" ) || { fail "$name: could not set up"; return; }
    if mk all; then
        fail "$name: make succeeded"
    elif ! grep -qF "$words" "$tmp/make.log"; then
        cat "$tmp/make.log"; fail "$name: make failed without saying '$words'"
    elif ls src/*.o >/dev/null 2>&1; then
        fail "$name: make compiled before it refused"
    else
        echo "ok: $name: make refuses ($(grep -m1 'check-versions:' "$tmp/make.log"))"
    fi
    git reset -q --hard; git clean -qfd
}
drift "edited install script" "trade_screen--0.2.0.sql was edited" \
    "echo '-- a late fix' >> trade_screen--0.2.0.sql"
drift "edited upgrade script" "trade_screen--0.1.0--0.2.0.sql was edited" \
    "sed -i '2s/\$/ /' trade_screen--0.1.0--0.2.0.sql"
drift "script made a link" "trade_screen--0.1.0.sql is a link" \
    "mv trade_screen--0.1.0.sql build-copy.sql && ln -s build-copy.sql trade_screen--0.1.0.sql"
drift "script not committed" "trade_screen--0.2.0.sql is not committed" \
    "git rm -q --cached trade_screen--0.2.0.sql"
drift "released upgrade folder back" "upgrade/0.1.0--0.2.0: 0.1.0--0.2.0 is released" \
    "mkdir upgrade/0.1.0--0.2.0 && cp upgrade/0.2.0--0.3.0/00_header.sql upgrade/0.1.0--0.2.0/"
[ $bad -eq 0 ] && echo "frozen_release: every drift of a released file fails make"
exit $bad
