-- trade_screen--VERSION.sql (VERSION as in trade_screen.control): the install script of the current version, built by `make` from install/*.sql; edit those parts, not this file.
\echo Use "CREATE EXTENSION trade_screen" to load this file. \quit
