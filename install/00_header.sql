-- trade_screen--0.1.0.sql: built by `make` from install/*.sql; edit those parts, not this file.
\echo Use "CREATE EXTENSION trade_screen" to load this file. \quit
