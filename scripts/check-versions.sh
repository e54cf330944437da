#!/bin/bash
# Fails (exit 1) when the control file and the install and upgrade scripts
# disagree about versions.  Run by `make` before every build.
#   - trade_screen.control's default_version is the one version the sources
#     build (install/*.sql); it is not a released version.
#   - every released install script (upgrade/RELEASED: "version md5") is
#     committed unchanged, and has a chain of upgrade scripts to the current
#     version;
#   - every upgrade folder upgrade/A--B starts from a released version A, ends
#     at a released version or the current one, and its header names B.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
ext=trade_screen
bad=0
fail() { echo "check-versions: $*" >&2; bad=1; }

current=$(sed -n "s/^default_version = '\([^']*\)'$/\1/p" $ext.control)
[[ "$current" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "$ext.control: no default_version of the form X.Y.Z (found '$current')"

declare -A released=()
while read -r v sum; do
    [ -n "$v" ] || continue
    released[$v]=1
    f=$ext--$v.sql
    if [ ! -f "$f" ]; then
        fail "released install script $f is missing"
    elif [ "$(md5sum < "$f" | cut -d' ' -f1)" != "$sum" ]; then
        fail "released install script $f was edited (checksum differs from upgrade/RELEASED): released scripts never change"
    fi
    if git rev-parse --git-dir >/dev/null 2>&1 && ! git ls-files --error-unmatch "$f" >/dev/null 2>&1; then
        fail "released install script $f is not committed"
    fi
done < upgrade/RELEASED
[ -z "${released[$current]:-}" ] || fail "default_version $current is already released: start the next version"

declare -A edges=()
for d in upgrade/*--*; do
    [ -d "$d" ] || continue
    name=${d#upgrade/}
    from=${name%%--*} to=${name##*--}
    [ -n "${released[$from]:-}" ] || fail "$d: upgrades from $from, which is not a released version"
    [ -n "${released[$to]:-}" ] || [ "$to" = "$current" ] \
        || fail "$d: upgrades to $to, which is neither released nor the current version $current"
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
