#!/bin/bash
# The Debian package, built and tested as a user gets it (the release tier
# of scripts/test.sh runs this):
#  1. export the source tree (tracked and untracked files git does not
#     ignore; no build products) to a scratch directory;
#  2. dpkg-buildpackage -b -us -uc there, which builds with pg_buildext for
#     every version in debian/pgversions that postgresql-server-dev-all
#     supports (Debian 12: 15) and makes postgresql-15-trade-screen
#     (DEB_BUILD_OPTIONS=nocheck: step 4 runs the regress suite instead of
#     dh_pgxs_test; without it the build runs it too, in pg_virtualenv),
#     and lintian must find no error or warning in it;
#  3. install the package: with TS_PGTREE, its files are unpacked into the
#     private PostgreSQL tree at the places dpkg puts them under /usr (so
#     several work trees on one machine do not overwrite each other's
#     extension); without, `apt-get install ./postgresql-15-trade-screen_*.deb`;
#  4. start a throwaway cluster from that tree and run `make installcheck`
#     in an export that was never built, with only the PG* environment
#     pointing at the server: pg_regress can only find the packaged files;
#     the installed library must be the packaged one, byte for byte.
# Exits non-zero on any failure.  Needs root for apt-get (install_deps).
source "$(dirname "$0")/lib.sh"
cd "$TS_ROOT"
install_deps "${TS_RELEASE_PACKAGES[@]}"

work=$(mktemp -d /tmp/trade_screen-package.XXXXXX)
trap 'stop_cluster; rm -rf "$work"' EXIT
export_tree() {
    mkdir -p "$1"
    git -C "$TS_ROOT" ls-files -z -co --exclude-standard \
        | (cd "$TS_ROOT" && tar --null -cf - -T -) | tar -xf - -C "$1"
}

say "building the Debian package in $work/src"
export_tree "$work/src"
t0=$(date +%s)
(cd "$work/src" && DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -b -us -uc) > "$work/build.log" 2>&1 \
    || { tail -n 60 "$work/build.log"; echo "package: dpkg-buildpackage failed"; exit 1; }
build_secs=$(($(date +%s) - t0))
deb=$(ls "$work"/postgresql-15-trade-screen_*.deb 2>/dev/null | grep -v dbgsym | head -n 1)
[ -n "$deb" ] || { echo "package: no postgresql-15-trade-screen package was built"; exit 1; }
echo "built $(basename "$deb") in $build_secs s"

# Debian's checks of the package: no error or warning (an unreleased
# package closes no bug, which lintian warns of)
if ! lintian --fail-on error,warning --suppress-tags initial-upload-closes-no-bugs \
        "$work"/*.changes > "$work/lintian.log" 2>&1; then
    cat "$work/lintian.log"
    echo "package: lintian found errors or warnings"
    exit 1
fi

# the library in the package, for the byte-for-byte check
mkdir -p "$work/deb"
dpkg-deb -x "$deb" "$work/deb"
pkglib=$work/deb/usr/lib/postgresql/15/lib/trade_screen.so
[ -f "$pkglib" ] || { echo "package: no trade_screen.so in $(basename "$deb")"; exit 1; }
for f in trade_screen.control trade_screen--0.1.0.sql trade_screen--0.2.0.sql trade_screen--0.1.0--0.2.0.sql; do
    [ -f "$work/deb/usr/share/postgresql/15/extension/$f" ] || { echo "package: $f is missing"; exit 1; }
done

if [ -n "${TS_PGTREE:-}" ]; then
    say "unpacking the package into $TS_PGTREE"
    cp -a "$work/deb/usr/lib/postgresql/15/lib/." "$("$PG_CONFIG" --pkglibdir)/"
    cp -a "$work/deb/usr/share/postgresql/15/extension/." "$("$PG_CONFIG" --sharedir)/extension/"
else
    say "installing $(basename "$deb")"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall "$deb" >/dev/null
fi
cmp -s "$pkglib" "$("$PG_CONFIG" --pkglibdir)/trade_screen.so" \
    || { echo "package: the server's trade_screen.so is not the packaged one"; exit 1; }

say "make installcheck against the packaged files"
export_tree "$work/check"
[ ! -e "$work/check/trade_screen.so" ] || { echo "package: the check tree holds a build"; exit 1; }
start_cluster
trap 'stop_cluster; rm -rf "$work"' EXIT    # start_cluster set its own trap
if ! make -C "$work/check" -s PG_CONFIG="$PG_CONFIG" installcheck > "$work/installcheck.log" 2>&1; then
    cat "$work/installcheck.log"
    head -n 100 "$work/check/build/regress/regression.diffs" 2>/dev/null
    echo "package: make installcheck failed against the packaged files"
    exit 1
fi
grep -E 'tests passed|ok ' "$work/installcheck.log" | tail -n 1
echo "package: $(basename "$deb") built in $build_secs s, installed, installcheck passed"
