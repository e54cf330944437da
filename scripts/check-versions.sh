#!/bin/bash
# Fails (exit 1) when the control file, the released scripts and the upgrade
# folders disagree.  Run by `make` before every build, so a release whose
# pieces drifted does not build.
#   - trade_screen.control's default_version is the one version the sources
#     build (install/*.sql); it is not a released version;
#   - upgrade/RELEASED lists every released script, "NAME md5": an install
#     script (NAME = X.Y.Z, file trade_screen--X.Y.Z.sql) or an upgrade script
#     (NAME = A--B, file trade_screen--A--B.sql).  Each is a regular file
#     (never a link), committed, and unchanged (checksum);
#   - a released upgrade A--B has no folder upgrade/A--B (it is never built
#     again); every folder upgrade/A--B that remains starts from a released
#     version A, ends at the current version, holds no links, its markers
#     NN_name.from-install name install parts (scripts/upgrade-parts.sh) and
#     its header names B;
#   - every released version reaches the current one through released upgrade
#     scripts and folders.
# scripts/release.sh makes a release that passes these checks.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
ext=trade_screen
bad=0
fail() { echo "check-versions: $*" >&2; bad=1; }
semver='[0-9]+\.[0-9]+\.[0-9]+'

current=$(sed -n "s/^default_version = '\([^']*\)'$/\1/p" $ext.control)
[[ "$current" =~ ^$semver$ ]] || fail "$ext.control: no default_version of the form X.Y.Z (found '$current')"

declare -A released=() edges=()
in_git=0
git rev-parse --git-dir >/dev/null 2>&1 && [ -n "$(git ls-files -- $ext.control 2>/dev/null)" ] && in_git=1
while read -r name sum; do
    [ -n "$name" ] || continue
    f=$ext--$name.sql
    if [[ "$name" =~ ^($semver)--($semver)$ ]]; then
        from=${BASH_REMATCH[1]} to=${BASH_REMATCH[2]}
        edges[$from]="${edges[$from]:-} $to"
        [ ! -e "upgrade/$name" ] || fail "upgrade/$name: $name is released ($f); its folder must go"
    elif [[ "$name" =~ ^$semver$ ]]; then
        released[$name]=1
    else
        fail "upgrade/RELEASED: '$name' is neither X.Y.Z nor A--B"
        continue
    fi
    if [ -L "$f" ]; then
        fail "released script $f is a link: a release is committed whole"
    elif [ ! -f "$f" ]; then
        fail "released script $f is missing"
    elif [ "$(md5sum < "$f" | cut -d' ' -f1)" != "$sum" ]; then
        fail "released script $f was edited (checksum differs from upgrade/RELEASED): released scripts never change"
    fi
    if [ $in_git -eq 1 ] && ! git ls-files --error-unmatch "$f" >/dev/null 2>&1; then
        fail "released script $f is not committed"
    fi
done < upgrade/RELEASED
[ -z "${released[$current]:-}" ] || fail "default_version $current is already released: start the next version (scripts/release.sh)"
for name in "${!edges[@]}"; do
    for to in ${edges[$name]}; do
        [ -n "${released[$name]:-}" ] && [ -n "${released[$to]:-}" ] \
            || fail "released upgrade $name--$to joins versions that are not both released"
    done
done

for d in upgrade/*--*; do
    [ -d "$d" ] || continue
    name=${d#upgrade/}
    from=${name%%--*} to=${name##*--}
    [ -n "${released[$from]:-}" ] || fail "$d: upgrades from $from, which is not a released version"
    [ "$to" = "$current" ] || fail "$d: upgrades to $to, which is not the current version $current"
    [ -z "$(find "$d" -type l)" ] || fail "$d: holds links; write the upgrade's own statements, or a marker NN_name.from-install"
    for m in "$d"/*.from-install; do
        [ -e "$m" ] || continue
        base=$(basename "$m" .from-install)
        [ -f "install/$base.sql" ] || fail "$m: names install/$base.sql, which does not exist"
    done
    grep -q "UPDATE TO '$to'" "$d/00_header.sql" 2>/dev/null \
        || fail "$d/00_header.sql must carry the guard line naming version $to"
    edges[$from]="${edges[$from]:-} $to"
done

# every released version reaches the current one
for v in "${!released[@]}"; do
    seen=" $v " frontier=$v reached=0
    while [ -n "$frontier" ]; do
        next=""
        for f in $frontier; do
            for t in ${edges[$f]:-}; do
                [ "$t" = "$current" ] && reached=1
                case "$seen" in *" $t "*) ;; *) seen="$seen$t " next="$next $t" ;; esac
            done
        done
        frontier=$next
    done
    [ $reached -eq 1 ] || fail "no upgrade path from released $v to $current (add upgrade/$v--$current/)"
done
exit $bad
