#!/bin/bash
# A user without superuser installs the extension (trusted) into a schema of
# their choice, uses it, adds reference rows as its owner, cannot move it
# (not relocatable), and drops it.
set -euo pipefail
role=ts_plain_owner
db=ts_plain_db
psql -X -q -c "DROP DATABASE IF EXISTS $db" -c "DROP ROLE IF EXISTS $role" \
     -c "CREATE ROLE $role LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE" \
     -c "CREATE DATABASE $db OWNER $role"
as_user() { psql -X -q -v ON_ERROR_STOP=1 -At -U "$role" -d "$db" "$@"; }

as_user -c "CREATE SCHEMA screening" -c "CREATE EXTENSION trade_screen SCHEMA screening"
[ "$(as_user -c "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")" = "f" ]
[ "$(as_user -c "SELECT extowner::regrole::text FROM pg_extension WHERE extname = 'trade_screen'")" = "$role" ]
got=$(as_user -c "SET search_path = screening, public" \
              -c "CREATE TABLE t (c hscode)" -c "INSERT INTO t VALUES ('8542.31'), ('85')" \
              -c "CREATE INDEX ON t (c)" \
              -c "INSERT INTO hs_nomenclature (edition, code, description) VALUES ('MINE', '85', 'electrical')" \
              -c "SELECT count(*) FROM t WHERE c <@ '85'" -c "SELECT hs_describe('8542', 'MINE')")
[ "$got" = $'2\nelectrical' ] || { echo "unexpected: $got"; exit 1; }
if as_user -c "CREATE SCHEMA other" -c "ALTER EXTENSION trade_screen SET SCHEMA other" 2>/dev/null; then
    echo "the extension moved schema, though it is not relocatable"; exit 1
fi
as_user -c "DROP TABLE screening.t" -c "DROP EXTENSION trade_screen"
echo "plain user installed, used and dropped the extension"
