# Makefile for trade_screen (PGXS)

EXTENSION = trade_screen
# The version lives in one place, the control file; scripts/check-versions.sh
# fails the build when the control file and the scripts disagree.
EXTVERSION := $(shell sed -n "s/^default_version = '\([^']*\)'$$/\1/p" $(EXTENSION).control)
MODULE_big = trade_screen
OBJS = \
	src/module.o \
	src/hs_core.o \
	src/hscode.o \
	src/hscode_selfuncs.o \
	src/hscode_support.o \
	src/hscode_gist.o \
	src/hsset_core.o \
	src/hsset.o \
	src/hsset_scan.o \
	src/icu.o \
	src/country_core.o \
	src/route_core.o \
	src/geo_core.o \
	src/country_names_core.o \
	src/country_data.o \
	src/country.o \
	src/route.o \
	src/route_gin.o \
	src/score_core.o \
	src/hs_subheadings_data.o \
	src/score_cache.o \
	src/score_facts.o \
	src/score_reasons.o \
	src/score_image.o \
	src/score_shared.o \
	src/profile_store.o \
	src/score.o \
	src/profile_core.o \
	src/baseline.o \
	src/name_core.o \
	src/name_data.o \
	src/name_translit.o \
	src/name_dict.o \
	src/name.o \
	src/quote.o \
	src/shipped_rows.o \
	src/audit.o \
	src/trade_stats_core.o \
	src/trade_stats.o

# The install script of the current version is built from install/*.sql in
# file-name order.  Released install scripts are committed as they were
# released and never change (upgrade/RELEASED holds their checksums); each
# upgrade script A--B is built from upgrade/A--B/ by scripts/upgrade-parts.sh:
# its *.sql parts, and for each NN_name.from-install marker the statements of
# install/NN_name.sql, in file-name order.
INSTALL_PARTS = $(sort $(wildcard install/*.sql))
RELEASED_SCRIPTS = $(foreach v,$(shell awk '{print $$1}' upgrade/RELEASED),$(EXTENSION)--$(v).sql)
UPGRADE_DIRS = $(notdir $(wildcard upgrade/*--*))
UPGRADE_SCRIPTS = $(foreach u,$(UPGRADE_DIRS),$(EXTENSION)--$(u).sql)
DATA = $(RELEASED_SCRIPTS)
DATA_built = $(EXTENSION)--$(EXTVERSION).sql $(UPGRADE_SCRIPTS)

REGRESS = hscode hscode_order hscode_reference hsset watchlist hscode_index hsset_scan country route route_index scoring lane_change trade_stats names names_index hardening profile_versions audit name_dict
REGRESS_OPTS = --inputdir=. --outputdir=build/regress

PG_CONFIG ?= pg_config
ICU_CFLAGS := $(shell pkg-config --cflags icu-uc icu-i18n)
ICU_LIBS := $(shell pkg-config --libs icu-uc icu-i18n)
PG_CPPFLAGS = -I$(srcdir)/src $(ICU_CFLAGS)
# -Wno-unused-parameter: PostgreSQL's own headers (bufpage.h) and the fmgr V1
# convention (PG_FUNCTION_ARGS) trip it; every other -Wextra warning is on.
PG_CFLAGS = -Wextra -Wno-unused-parameter
SHLIB_LINK = $(ICU_LIBS)

# Defined before PGXS is included: pgxs.mk tests it with ifdef when read, so
# files added later (+=) are removed only if it is set here
EXTRA_CLEAN = src/name_translit.c build/gen-name-translit

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(OBJS): src/core_ascii.h src/trade_screen.h src/compat.h src/hs_core.h src/hsset.h src/hsset_core.h src/country_core.h src/score_core.h src/score_internal.h src/name_core.h src/name_data.h src/name_translit.h src/trade_stats_core.h src/profile_core.h

# The shipped legal forms and words put through the names' ICU transform at
# build time, by a generator linking the ICU the module links (see
# src/name_dict.c), so that no backend transliterates them on first use
src/name_translit.c: scripts/gen-name-translit.c src/name_data.c src/name_data.h src/name_translit.h
	@mkdir -p build
	$(CC) -O2 -I$(srcdir)/src $(ICU_CFLAGS) -o build/gen-name-translit \
		$(srcdir)/scripts/gen-name-translit.c $(srcdir)/src/name_data.c $(ICU_LIBS)
	build/gen-name-translit > $@.tmp
	mv $@.tmp $@
src/name_translit.o: src/name_translit.c

$(EXTENSION)--$(EXTVERSION).sql: $(INSTALL_PARTS)
	cat $^ > $@

# the install parts that the markers NN_name.from-install of upgrade/$(1) name
from_install_parts = $(addprefix install/,$(patsubst %.from-install,%.sql,$(notdir $(wildcard upgrade/$(1)/*.from-install))))

.SECONDEXPANSION:
$(UPGRADE_SCRIPTS): $(EXTENSION)--%.sql: $$(sort $$(wildcard upgrade/%/*.sql upgrade/%/*.from-install)) \
		$$(call from_install_parts,$$*) scripts/upgrade-parts.sh
	bash scripts/upgrade-parts.sh upgrade/$* > $@

# Checked before anything is compiled or concatenated, so a drifted release
# fails at once
all: check-versions
$(OBJS) $(DATA_built): | check-versions
.PHONY: check-versions
check-versions:
	@bash $(srcdir)/scripts/check-versions.sh

installcheck: | build/regress
build/regress:
	mkdir -p $@

# Sources of the server-free core, by what the C unit tests and fuzz
# targets link
HS_CORE_SRC = src/hs_core.c
HSSET_CORE_SRC = src/hsset_core.c src/hs_core.c
COUNTRY_CORE_SRC = src/country_core.c src/route_core.c src/geo_core.c src/country_names_core.c src/country_data.c
NAME_CORE_SRC = src/name_core.c src/name_data.c
SCORE_CORE_SRC = src/score_core.c src/hs_subheadings_data.c
TRADE_STATS_CORE_SRC = src/trade_stats_core.c
PROFILE_CORE_SRC = src/profile_core.c
CORE_HEADERS = src/core_ascii.h src/hs_core.h src/hsset_core.h src/country_core.h src/score_core.h src/name_core.h src/name_data.h src/trade_stats_core.h src/profile_core.h

# C unit tests of the server-free core (test/unit).  UNIT_SAN=1 builds and
# runs them with AddressSanitizer and UndefinedBehaviorSanitizer (clang).
UNIT_CFLAGS = -O2 -g -Wall -Wextra -std=c99 $(COPT)
SAN_CC = clang-14
SAN_CFLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
UNIT_SUFFIX = $(if $(UNIT_SAN),-san)
UNIT_SRC_hs_core = $(HS_CORE_SRC)
UNIT_SRC_hsset_core = $(HSSET_CORE_SRC)
UNIT_SRC_country_core = $(COUNTRY_CORE_SRC)
UNIT_SRC_score_core = $(SCORE_CORE_SRC)
UNIT_SRC_name_core = $(NAME_CORE_SRC)
UNIT_SRC_trade_stats_core = $(TRADE_STATS_CORE_SRC)
UNIT_SRC_profile_core = $(PROFILE_CORE_SRC)
UNIT_TESTS = unit-hs_core unit-hsset_core unit-country_core unit-score_core unit-name_core unit-trade_stats_core unit-profile_core
EXTRA_CLEAN += $(patsubst unit-%,test/unit/test_%,$(UNIT_TESTS)) \
	$(patsubst unit-%,test/unit/test_%-san,$(UNIT_TESTS)) build/fuzz

test/unit/test_%-san: test/unit/test_%.c test/unit/unit.h $$(UNIT_SRC_$$*) $(CORE_HEADERS)
	$(SAN_CC) $(SAN_CFLAGS) -std=c99 -Isrc -o $@ $< $(UNIT_SRC_$*) -lm

test/unit/test_%: test/unit/test_%.c test/unit/unit.h $$(UNIT_SRC_$$*) $(CORE_HEADERS)
	$(CC) $(UNIT_CFLAGS) -Isrc -o $@ $< $(UNIT_SRC_$*) -lm

.PHONY: unittest unittest-list $(UNIT_TESTS)
unittest: $(UNIT_TESTS)
unittest-list:
	@echo $(UNIT_TESTS)
unit-hs_core: test/unit/test_hs_core$(UNIT_SUFFIX)
	$< data
unit-hsset_core: test/unit/test_hsset_core$(UNIT_SUFFIX)
	$<
unit-country_core: test/unit/test_country_core$(UNIT_SUFFIX)
	$<
unit-score_core: test/unit/test_score_core$(UNIT_SUFFIX)
	$<
unit-name_core: test/unit/test_name_core$(UNIT_SUFFIX)
	$<
unit-trade_stats_core: test/unit/test_trade_stats_core$(UNIT_SUFFIX)
	$<
unit-profile_core: test/unit/test_profile_core$(UNIT_SUFFIX)
	$<

# libFuzzer targets of the parsers and formatters (test/fuzz), built with
# ASan and UBSan; scripts/fuzz.sh runs them over test/fuzz/corpus/TARGET.
# A new target is one line in FUZZ_TARGETS and one rule below; the slowest
# (names, about 4 minutes for 1M executions) comes first, so that the other
# five run beside it on the second core and the step takes its time alone.
FUZZ_CFLAGS = $(SAN_CFLAGS) -fsanitize=fuzzer -Isrc -Itest/fuzz
FUZZ_HEADERS = test/fuzz/fuzz.h test/fuzz/oracle_hscode.h test/fuzz/oracle_country.h $(CORE_HEADERS)
FUZZ_TARGETS = fuzz_names fuzz_hscode fuzz_hsset fuzz_country fuzz_route fuzz_recv
FUZZ_PENDING =

build/fuzz/fuzz_hscode: test/fuzz/fuzz_hscode.c $(FUZZ_HEADERS) $(HS_CORE_SRC)
	@mkdir -p build/fuzz
	$(SAN_CC) $(FUZZ_CFLAGS) -o $@ $< $(HS_CORE_SRC)
build/fuzz/fuzz_hsset: test/fuzz/fuzz_hsset.c $(FUZZ_HEADERS) $(HSSET_CORE_SRC)
	@mkdir -p build/fuzz
	$(SAN_CC) $(FUZZ_CFLAGS) -o $@ $< $(HSSET_CORE_SRC)
build/fuzz/fuzz_country: test/fuzz/fuzz_country.c $(FUZZ_HEADERS) $(COUNTRY_CORE_SRC)
	@mkdir -p build/fuzz
	$(SAN_CC) $(FUZZ_CFLAGS) -o $@ $< $(COUNTRY_CORE_SRC) -lm
build/fuzz/fuzz_route: test/fuzz/fuzz_route.c $(FUZZ_HEADERS) $(COUNTRY_CORE_SRC)
	@mkdir -p build/fuzz
	$(SAN_CC) $(FUZZ_CFLAGS) -o $@ $< $(COUNTRY_CORE_SRC) -lm
build/fuzz/fuzz_names: test/fuzz/fuzz_names.c $(FUZZ_HEADERS) $(NAME_CORE_SRC)
	@mkdir -p build/fuzz
	$(SAN_CC) $(FUZZ_CFLAGS) -o $@ $< $(NAME_CORE_SRC) -lm
build/fuzz/fuzz_recv: test/fuzz/fuzz_recv.c $(FUZZ_HEADERS) $(HSSET_CORE_SRC) $(COUNTRY_CORE_SRC)
	@mkdir -p build/fuzz
	$(SAN_CC) $(FUZZ_CFLAGS) -o $@ $< $(HSSET_CORE_SRC) $(COUNTRY_CORE_SRC) -lm

.PHONY: fuzz fuzz-list
fuzz: $(addprefix build/fuzz/,$(FUZZ_TARGETS))
fuzz-list:
	@echo $(FUZZ_TARGETS)
fuzz-pending:
	@echo $(FUZZ_PENDING)
