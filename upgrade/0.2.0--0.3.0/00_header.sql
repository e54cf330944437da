-- trade_screen--0.2.0--0.3.0.sql: built by `make` from upgrade/0.2.0--0.3.0/*.sql; edit those parts, not this file.
\echo Use "ALTER EXTENSION trade_screen UPDATE TO '0.3.0'" to load this file. \quit
