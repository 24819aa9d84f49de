# bianmin: build, run, test and install.
#
#   make run      install missing packages, build, create the demo database, serve SSH on 2222
#   make check    install missing packages, build normally and with ASan+UBSan, run every test
#   make install  PREFIX=/usr/local DESTDIR=  binary, message catalogues, man page, systemd unit
#   make fuzz     build the fuzz targets with clang's libFuzzer and run each FUZZ_SECONDS
#
# SAN=1 builds into build-san/ with AddressSanitizer and UndefinedBehaviorSanitizer.
# FUZZ=1 builds into build-fuzz/ with clang, libFuzzer's coverage and both sanitizers.

PREFIX  ?= /usr/local
DESTDIR ?=
PORT    ?= 2222
DATA    ?= var
VERSION := 0.1.0

SAN ?= 0
FUZZ ?= 0
FUZZ_SECONDS ?= 60
ifeq ($(FUZZ),1)
B        := build-fuzz
CC       := clang
OPTFLAGS := -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
            -fno-omit-frame-pointer
else ifeq ($(SAN),1)
B        := build-san
OPTFLAGS := -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else
B        := build
OPTFLAGS := -O2
endif

PKGS      := libssh ncursesw sqlite3 libcrypto libpq
TEST_PKGS := vterm cmocka

CFLAGS  := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -g $(OPTFLAGS) -I. -I$(B)/gen \
           -DBIANMIN_LOCALEDIR_DEFAULT='"$(PREFIX)/share/locale"' -DBIANMIN_VERSION='"$(VERSION)"' \
           $(shell pkg-config --cflags libpq)
LDFLAGS := $(filter -fsanitize=%,$(OPTFLAGS))
LIBS     = $(shell pkg-config --libs $(PKGS)) -lcrypt -lcsv -lpthread
TEST_LIBS = $(shell pkg-config --libs $(TEST_PKGS))

CORE_SRCS  := $(wildcard core/*.c)
FORMS_SRCS := $(wildcard forms/*.c)
TUI_SRCS   := $(wildcard tui/*.c tui/*/*.c)
UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
E2E_SRCS   := $(wildcard tests/e2e/e2e_*.c)
E2E_LIB    := $(filter-out $(E2E_SRCS),$(wildcard tests/e2e/*.c))
BENCH_SRCS := $(wildcard tests/bench/bench_*.c)
FUZZ_SRCS  := $(wildcard tests/fuzz/fuzz_*.c)

# core/core.mk may add generated sources (CORE_GEN_SRCS) and the rules that make them.
CORE_GEN_SRCS :=
-include core/core.mk

CORE_OBJS  := $(CORE_SRCS:%.c=$(B)/%.o) $(CORE_GEN_SRCS:%.c=%.o)
FORMS_OBJS := $(FORMS_SRCS:%.c=$(B)/%.o)
TUI_OBJS   := $(filter-out $(B)/tui/main.o,$(TUI_SRCS:%.c=$(B)/%.o))
E2E_OBJS   := $(E2E_LIB:%.c=$(B)/%.o)
UNIT_BINS  := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)
E2E_BINS   := $(E2E_SRCS:tests/e2e/%.c=$(B)/tests/%)
BENCH_BINS := $(BENCH_SRCS:tests/bench/%.c=$(B)/bench/%)
FUZZ_BINS  := $(FUZZ_SRCS:tests/fuzz/%.c=$(B)/fuzz/%)

PO_FILES := $(wildcard locale/*.po)
MO_FILES := $(PO_FILES:locale/%.po=$(B)/locale/%/LC_MESSAGES/bianmin.mo)

.PHONY: all tests run check deps install clean bench fuzz fuzz-targets
.SECONDARY: $(E2E_OBJS)
.DEFAULT_GOAL := all

all: $(B)/bianmin $(MO_FILES)

tests: all $(UNIT_BINS) $(E2E_BINS) $(BENCH_BINS)

$(B)/libcore.a: $(CORE_OBJS)
	@mkdir -p $(@D)
	@rm -f $@ && ar rcs $@ $^

$(B)/libforms.a: $(FORMS_OBJS)
	@mkdir -p $(@D)
	@rm -f $@ && ar rcs $@ $^

$(B)/libtui.a: $(TUI_OBJS)
	@mkdir -p $(@D)
	@rm -f $@ && ar rcs $@ $^

$(B)/bianmin: $(B)/tui/main.o $(B)/libtui.a $(B)/libforms.a $(B)/libcore.a
	@echo "  LINK    $@"
	@$(CC) $(LDFLAGS) -o $@ $(B)/tui/main.o $(B)/libtui.a $(B)/libforms.a $(B)/libcore.a $(LIBS)

$(B)/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(B)/libtui.a $(B)/libforms.a $(B)/libcore.a
	@mkdir -p $(@D)
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS) -MMD -MP -o $@ $< $(B)/libtui.a $(B)/libforms.a $(B)/libcore.a $(LIBS) $(TEST_LIBS)

$(B)/tests/%: tests/e2e/%.c $(E2E_OBJS) $(B)/libcore.a
	@mkdir -p $(@D)
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS) -o $@ $< $(E2E_OBJS) $(B)/libcore.a $(LIBS) $(TEST_LIBS)

$(B)/bench/%: tests/bench/%.c $(E2E_OBJS) $(B)/libcore.a
	@mkdir -p $(@D)
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS) -o $@ $< $(E2E_OBJS) $(B)/libcore.a $(LIBS) $(TEST_LIBS)

# libFuzzer targets (FUZZ=1 only); tests/unit/test_fuzz_*.c replay their corpora in `check`.
$(B)/fuzz/%: tests/fuzz/%.c $(B)/libtui.a $(B)/libforms.a $(B)/libcore.a
	@mkdir -p $(@D)
	@echo "  FUZZ    $@"
	@$(CC) $(CFLAGS) -fsanitize=fuzzer -MMD -MP -o $@ $< $(B)/libtui.a $(B)/libforms.a $(B)/libcore.a $(LIBS)

fuzz-targets: $(FUZZ_BINS)

$(B)/locale/%/LC_MESSAGES/bianmin.mo: locale/%.po
	@mkdir -p $(@D)
	@echo "  MSGFMT  $@"
	@msgfmt --check -o $@ $<

# Dependencies: scripts/bootstrap is quiet and quick when everything is installed.
deps:
	@sh scripts/bootstrap

run: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/run-demo $(B)/bianmin $(DATA) $(PORT)

check: deps
	@$(MAKE) --no-print-directory tests
	@$(MAKE) --no-print-directory SAN=1 tests
	@sh tests/run build build-san

fuzz:
	@sh scripts/bootstrap fuzz
	@$(MAKE) --no-print-directory FUZZ=1 fuzz-targets
	@sh tests/fuzz/run build-fuzz $(FUZZ_SECONDS)

# Figures only: the scale benchmark and the side-by-side one against OpenSSH (scripts/bench-*).
# BENCH_QUICK=1 takes small sizes; README.md's Benchmark section says what is measured.
bench: deps
	@$(MAKE) --no-print-directory all $(BENCH_BINS)
	@sh scripts/bench

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man8 \
	    $(DESTDIR)$(PREFIX)/lib/systemd/system
	install -m 0755 $(B)/bianmin $(DESTDIR)$(PREFIX)/bin/bianmin
	for mo in $(MO_FILES); do \
	    lang=$$(echo $$mo | sed 's|$(B)/locale/||; s|/LC_MESSAGES/.*||'); \
	    install -d $(DESTDIR)$(PREFIX)/share/locale/$$lang/LC_MESSAGES; \
	    install -m 0644 $$mo $(DESTDIR)$(PREFIX)/share/locale/$$lang/LC_MESSAGES/bianmin.mo; \
	done
	install -m 0644 scripts/bianmin.8 $(DESTDIR)$(PREFIX)/share/man/man8/bianmin.8
	sed 's|@PREFIX@|$(PREFIX)|g' scripts/bianmin.service > $(DESTDIR)$(PREFIX)/lib/systemd/system/bianmin.service

clean:
	rm -rf build build-san build-fuzz

-include $(shell find $(B) -name '*.d' 2>/dev/null)
