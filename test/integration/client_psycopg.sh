#!/bin/bash
# psycopg 3 from Debian (python3-psycopg) reads, binds and round-trips every
# type of the extension in text and binary: test/clients/psycopg_test.py,
# run by Debian's python3 (the one its python3-psycopg is built for).
set -euo pipefail
cd "$(dirname "$0")/../.."
db=ts_client_psycopg
psql -X -q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "CREATE EXTENSION trade_screen" -f test/clients/fixture.sql
PGDATABASE=$db /usr/bin/python3 test/clients/psycopg_test.py
