#!/bin/bash
# scripts/release.sh VERSION NEXT: freeze release VERSION (the control file's
# current default_version) and open NEXT for work.
#   1. builds trade_screen--VERSION.sql from install/*.sql and every upgrade
#      script A--VERSION from its folder upgrade/A--VERSION/*.sql (links are
#      followed: the released file holds the text, never a link);
#   2. commits-ready: writes them whole at the top level with a "frozen"
#      first line, adds "name md5" lines to upgrade/RELEASED and removes the
#      released upgrade folders (released scripts are never built again);
#   3. sets default_version to NEXT and makes upgrade/VERSION--NEXT/ with its
#      guard header, so the next version's SQL goes there.
# Afterwards `make` (scripts/check-versions.sh) refuses any edit of a frozen
# file.  Tag the release commit yourself: git tag -a vVERSION.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
ext=trade_screen
version=${1:?usage: release.sh VERSION NEXT}
next=${2:?usage: release.sh VERSION NEXT}
current=$(sed -n "s/^default_version = '\([^']*\)'$/\1/p" $ext.control)
[ "$version" = "$current" ] || { echo "release.sh: the control file's version is $current, not $version" >&2; exit 1; }
[[ "$next" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "release.sh: NEXT must be X.Y.Z" >&2; exit 1; }
bash scripts/check-versions.sh

# freeze FILE PARTS...: write the parts' text as FILE, first line replaced
freeze() {
    local out=$1 what=$2; shift 2
    { echo "-- $out: $what, frozen at release; it never changes (upgrade/RELEASED holds its checksum)."
      cat "$@" | tail -n +2; } > "$out"
    echo "${out#$ext--}" | sed 's/\.sql$//' | { read -r name; echo "$name $(md5sum < "$out" | cut -d' ' -f1)"; } >> upgrade/RELEASED
    # committed whole: the built scripts are ignored, the frozen ones are not
    grep -qxF "!/$out" .gitignore || echo "!/$out" >> .gitignore
    git add -f "$out" .gitignore 2>/dev/null || true    # staged for the release commit
    echo "frozen $out"
}
freeze "$ext--$version.sql" "the released $version install script" $(ls install/*.sql | sort)
for d in upgrade/*--"$version"; do
    [ -d "$d" ] || continue
    name=${d#upgrade/}
    bash scripts/upgrade-parts.sh "$d" > "$d.assembled"
    freeze "$ext--$name.sql" "the released upgrade ${name/--/ to }" "$d.assembled"
    rm -f "$d.assembled"
    git rm -q -r "$d" 2>/dev/null || rm -rf "$d"
done

sed -i "s/^default_version = '.*'$/default_version = '$next'/" $ext.control
# META.json (PGXN) describes the version the sources build: its version, the
# provided extension's version and install script follow the control file
sed -i "s/\"version\": \"$version\"/\"version\": \"$next\"/; s/$ext--$version\.sql/$ext--$next.sql/" META.json
mkdir -p "upgrade/$version--$next"
cat > "upgrade/$version--$next/00_header.sql" <<SQL
-- $ext--$version--$next.sql: built by \`make\` from upgrade/$version--$next/*.sql; edit those parts, not this file.
\\echo Use "ALTER EXTENSION $ext UPDATE TO '$next'" to load this file. \\quit
SQL
bash scripts/check-versions.sh
echo "released $version; default_version is now $next. Move CHANGELOG.md's Unreleased section under"
echo "a '## $version (date)' heading, add a debian/changelog entry (dch -v $version-1), commit, then: git tag -a v$version"
