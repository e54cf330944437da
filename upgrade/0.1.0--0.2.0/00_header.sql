-- trade_screen--0.1.0--0.2.0.sql: built by `make` from upgrade/0.1.0--0.2.0/*.sql; edit those parts, not this file.
\echo Use "ALTER EXTENSION trade_screen UPDATE TO '0.2.0'" to load this file. \quit
