#!/bin/bash
# Debian's PostgreSQL JDBC driver (libpostgresql-jdbc-java) with a headless
# JDK reads, describes, binds and round-trips every type of the extension,
# in text and binary transfer, and the screening composite with its jsonb
# reasons as psql prints them: test/clients/JdbcTest.java, compiled here.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=ts_client_jdbc
jar=/usr/share/java/postgresql.jar
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
psql -X -q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "CREATE EXTENSION trade_screen" -f test/clients/fixture.sql
# the screening composite, its fields and its reasons as psql prints them:
# what the driver must read
bash test/clients/screening_expected.sh "$db" "$out"
javac -d "$out" -cp "$jar" test/clients/JdbcTest.java
java -cp "$out:$jar" JdbcTest "$PGHOST/.s.PGSQL.$PGPORT" "$db" "$out"
