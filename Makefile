# Makefile for trade_screen (PGXS)

EXTENSION = trade_screen
# The version lives in one place, the control file; scripts/check-versions.sh
# fails the build when the control file and the scripts disagree.
EXTVERSION := $(shell sed -n "s/^default_version = '\([^']*\)'$$/\1/p" $(EXTENSION).control)
MODULE_big = trade_screen
OBJS = \
	src/hs_core.o \
	src/hscode.o \
	src/hscode_selfuncs.o \
	src/hscode_support.o \
	src/hscode_gist.o \
	src/hsset_core.o \
	src/hsset.o \
	src/names.o \
	src/country_core.o \
	src/route_core.o \
	src/geo_core.o \
	src/names_core.o \
	src/country_data.o \
	src/country.o \
	src/route.o \
	src/route_gin.o \
	src/score_core.o \
	src/score.o \
	src/baseline.o \
	src/quote.o \
	src/shipped_rows.o

# The install script of the current version is built from install/*.sql in
# file-name order.  Released install scripts are committed as they were
# released and never change (upgrade/RELEASED holds their checksums); each
# upgrade script A--B is built from upgrade/A--B/*.sql in file-name order.
INSTALL_PARTS = $(sort $(wildcard install/*.sql))
RELEASED_SCRIPTS = $(foreach v,$(shell awk '{print $$1}' upgrade/RELEASED),$(EXTENSION)--$(v).sql)
UPGRADE_DIRS = $(notdir $(wildcard upgrade/*--*))
UPGRADE_SCRIPTS = $(foreach u,$(UPGRADE_DIRS),$(EXTENSION)--$(u).sql)
DATA = $(RELEASED_SCRIPTS)
DATA_built = $(EXTENSION)--$(EXTVERSION).sql $(UPGRADE_SCRIPTS)
EXTRA_CLEAN = test/unit/test_hs_core test/unit/test_hsset_core test/unit/test_country_core test/unit/test_score_core

REGRESS = hscode hscode_order hscode_reference hsset watchlist hscode_index country route route_index scoring lane_change hardening
REGRESS_OPTS = --inputdir=. --outputdir=build/regress

PG_CONFIG ?= pg_config
ICU_CFLAGS := $(shell pkg-config --cflags icu-uc icu-i18n)
ICU_LIBS := $(shell pkg-config --libs icu-uc icu-i18n)
PG_CPPFLAGS = -I$(srcdir)/src $(ICU_CFLAGS)
# -Wno-unused-parameter: PostgreSQL's own headers (bufpage.h) and the fmgr V1
# convention (PG_FUNCTION_ARGS) trip it; every other -Wextra warning is on.
PG_CFLAGS = -Wextra -Wno-unused-parameter
SHLIB_LINK = $(ICU_LIBS)

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(OBJS): src/core_ascii.h src/trade_screen.h src/compat.h src/hs_core.h src/hsset.h src/hsset_core.h src/country_core.h src/score_core.h

$(EXTENSION)--$(EXTVERSION).sql: $(INSTALL_PARTS)
	cat $^ > $@

.SECONDEXPANSION:
$(UPGRADE_SCRIPTS): $(EXTENSION)--%.sql: $$(sort $$(wildcard upgrade/%/*.sql))
	cat $^ > $@

all: check-versions
.PHONY: check-versions
check-versions:
	@bash $(srcdir)/scripts/check-versions.sh

installcheck: | build/regress
build/regress:
	mkdir -p $@

# C unit tests of the server-free core (test/unit)
UNIT_CFLAGS = -O2 -g -Wall -Wextra -std=c99 $(COPT)
test/unit/test_hs_core: test/unit/test_hs_core.c test/unit/unit.h src/hs_core.c src/hs_core.h src/core_ascii.h
	$(CC) $(UNIT_CFLAGS) -Isrc -o $@ test/unit/test_hs_core.c src/hs_core.c

test/unit/test_hsset_core: test/unit/test_hsset_core.c test/unit/unit.h src/core_ascii.h src/hsset_core.c src/hsset_core.h src/hs_core.c src/hs_core.h
	$(CC) $(UNIT_CFLAGS) -Isrc -o $@ test/unit/test_hsset_core.c src/hsset_core.c src/hs_core.c

COUNTRY_CORE_SRC = src/country_core.c src/route_core.c src/geo_core.c src/names_core.c src/country_data.c
test/unit/test_country_core: test/unit/test_country_core.c test/unit/unit.h $(COUNTRY_CORE_SRC) src/country_core.h src/core_ascii.h
	$(CC) $(UNIT_CFLAGS) -Isrc -o $@ test/unit/test_country_core.c $(COUNTRY_CORE_SRC) -lm

test/unit/test_score_core: test/unit/test_score_core.c test/unit/unit.h src/score_core.c src/score_core.h
	$(CC) $(UNIT_CFLAGS) -Isrc -o $@ test/unit/test_score_core.c src/score_core.c -lm

UNIT_TESTS = unit-hs_core unit-hsset_core unit-country_core unit-score_core

.PHONY: unittest unittest-list $(UNIT_TESTS)
unittest: $(UNIT_TESTS)
unittest-list:
	@echo $(UNIT_TESTS)
unit-hs_core: test/unit/test_hs_core
	test/unit/test_hs_core data
unit-hsset_core: test/unit/test_hsset_core
	test/unit/test_hsset_core

unit-country_core: test/unit/test_country_core
	test/unit/test_country_core
unit-score_core: test/unit/test_score_core
	test/unit/test_score_core
