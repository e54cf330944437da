# scripts/lib.sh: shared steps of the README commands (sourced, not run).
#   install_deps  - install the Debian packages the build and tests need
#   build         - build and install the extension into $PG_CONFIG's server
#   start_cluster - start a throwaway PostgreSQL cluster; exports PGHOST etc.
# Works as root on a fresh Debian 12 machine, or as a user who has the
# packages and may write to the server's extension directories.
#
# TS_PGTREE=/some/dir: build, install and run against a private copy of the
# PostgreSQL 15 installation made there (PostgreSQL finds its share and lib
# directories relative to its binaries), so several work trees on one machine
# can test side by side without overwriting each other's installed extension.

set -euo pipefail

TS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
# What the quick tier needs: build, a throwaway cluster, pg_regress
TS_CORE_PACKAGES=(postgresql-15 postgresql-server-dev-15 libicu-dev pkg-config make gcc)
# What the full suite adds.  clang-14 and libclang-rt-14-dev: libFuzzer and
# the ASan/UBSan runtimes for test/fuzz and the sanitizer build of test/unit
TS_PACKAGES=("${TS_CORE_PACKAGES[@]}"
             postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl
             # the client tests (test/integration/client_*.sh): JDBC, ODBC, psycopg
             libpostgresql-jdbc-java default-jdk-headless odbc-postgresql unixodbc
             python3-psycopg python3-pyodbc
             # the offline checkers of META.json and of the SQL's function markings,
             # and the released versions' sources (test/integration/upgrade_binary.sh)
             python3 git
             # the fuzz targets and the sanitizer builds of the unit tests
             clang-14 libclang-rt-14-dev)

say() { printf '== %s\n' "$*" >&2; }

# What the release tier adds: the Debian package build (scripts/package.sh)
# and valgrind (scripts/valgrind.sh)
TS_RELEASE_PACKAGES=(dpkg-dev debhelper postgresql-server-dev-all lintian valgrind)

# Install whatever of TS_PACKAGES (and any names given) is missing.  With
# TS_DEPS=core, only TS_CORE_PACKAGES (and the names given).
install_deps() {
    local missing=() p list=("${TS_PACKAGES[@]}")
    [ "${TS_DEPS:-}" = core ] && list=("${TS_CORE_PACKAGES[@]}")
    for p in "${list[@]}" "$@"; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' \
            || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        if [ "$(id -u)" -ne 0 ]; then
            say "missing packages: ${missing[*]} (run as root, or install them)"
            return 1
        fi
        say "installing ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" >/dev/null
    fi
    private_tree
}

# With TS_PGTREE set, make (once) a private copy of the server's installation
# there and point PG_CONFIG at it.
private_tree() {
    [ -n "${TS_PGTREE:-}" ] || return 0
    local sys_bin sys_share
    sys_bin=$(/usr/lib/postgresql/15/bin/pg_config --bindir)
    sys_share=$(/usr/lib/postgresql/15/bin/pg_config --sharedir)
    if [ ! -x "$TS_PGTREE/lib/postgresql/15/bin/postgres" ]; then
        say "private PostgreSQL tree at $TS_PGTREE"
        mkdir -p "$TS_PGTREE/lib/postgresql" "$TS_PGTREE/share/postgresql" "$TS_PGTREE/include"
        cp -a "$(dirname "$sys_bin")" "$TS_PGTREE/lib/postgresql/"
        cp -a "$sys_share" "$TS_PGTREE/share/postgresql/"
        ln -sfn /usr/include/postgresql "$TS_PGTREE/include/postgresql"
        chmod -R a+rX "$TS_PGTREE"
    fi
    export PG_CONFIG="$TS_PGTREE/lib/postgresql/15/bin/pg_config"
}

# Build and install; CI=true turns warnings into errors.
build() {
    local copt=""
    [ "${CI:-}" = "true" ] && copt="-Werror"
    say "building trade_screen"
    make -C "$TS_ROOT" -s -j"${TS_JOBS:-$(nproc)}" PG_CONFIG="$PG_CONFIG" COPT="$copt" all >&2
    make -C "$TS_ROOT" -s PG_CONFIG="$PG_CONFIG" install >/dev/null
}

# Run a command as the cluster's owner (postgres when we are root).
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

TS_CLUSTER=""

stop_cluster() {
    if [ -n "$TS_CLUSTER" ] && [ -d "$TS_CLUSTER" ]; then
        as_owner "$PGBIN/pg_ctl" -D "$TS_CLUSTER/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$TS_CLUSTER"
    fi
    TS_CLUSTER=""
}

# Start a throwaway cluster listening on a private Unix socket only.
# Extra arguments are server settings, e.g. -c shared_buffers=1GB.
start_cluster() {
    PGBIN=$("$PG_CONFIG" --bindir)
    TS_CLUSTER=$(mktemp -d /tmp/trade_screen.XXXXXX)
    chmod 755 "$TS_CLUSTER"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$TS_CLUSTER"
    as_owner "$PGBIN/initdb" -D "$TS_CLUSTER/data" -U postgres -A trust \
        -E UTF8 --no-locale >/dev/null
    export PGHOST="$TS_CLUSTER" PGPORT=54329 PGUSER=postgres PGDATABASE=postgres
    as_owner "$PGBIN/pg_ctl" -D "$TS_CLUSTER/data" -w -l "$TS_CLUSTER/server.log" \
        -o "-k $TS_CLUSTER -p $PGPORT -c listen_addresses= -c fsync=off $*" start >/dev/null
    trap stop_cluster EXIT
    say "throwaway cluster at $TS_CLUSTER"
}

# psql with the settings every script wants
tpsql() {
    psql -X -v ON_ERROR_STOP=1 -q "$@"
}
