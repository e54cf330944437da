#!/bin/bash
# psqlODBC from Debian (odbc-postgresql under unixODBC) reads, describes
# (SQLColumns), binds and round-trips every type of the extension, and reads
# the screening composite with its jsonb reasons as psql prints them:
# test/clients/odbc_test.py, through Debian's python3-pyodbc.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=ts_client_odbc
psql -X -q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "CREATE EXTENSION trade_screen" -f test/clients/fixture.sql
# the screening composite, its fields and its reasons as psql prints them:
# what the driver must read
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bash test/clients/screening_expected.sh "$db" "$out"
PGDATABASE=$db /usr/bin/python3 test/clients/odbc_test.py "$out"
