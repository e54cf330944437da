#!/bin/bash
# scripts/upgrade-parts.sh DIR: print the upgrade script that the folder
# upgrade/A--B builds, from its parts in file-name order:
#   NN_name.sql            the upgrade's own statements, as written;
#   NN_name.from-install   an empty marker: the statements of install/NN_name.sql
#                          (all but its first line, the file's own comment),
#                          for objects new in this version, which an upgrade
#                          creates exactly as a fresh install does.  One text
#                          serves both, so the two cannot drift apart.
# `make` builds trade_screen--A--B.sql with it and scripts/release.sh freezes
# its output; scripts/check-versions.sh checks every marker names an install
# part.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:?usage: upgrade-parts.sh upgrade/A--B}
dir=${dir%/}
for part in $(cd "$root/$dir" && ls -1 -- *.sql *.from-install 2>/dev/null | LC_ALL=C sort); do
    case $part in
        *.from-install)
            src=install/${part%.from-install}.sql
            [ -f "$root/$src" ] || { echo "upgrade-parts.sh: $dir/$part names $src, which does not exist" >&2; exit 1; }
            echo "-- $src (new in this version: created as a fresh install creates it)"
            tail -n +2 "$root/$src" ;;
        *) cat "$root/$dir/$part" ;;
    esac
done
