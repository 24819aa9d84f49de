# core/core.mk: sources that core generates at build time (included by the top Makefile).
#
#   $(B)/gen/core_pinyin.c    pinyin initials per Han character, from Unicode's Unihan readings
#   $(B)/gen/core_embedded.c  the data files the program carries (official calendar, catalogue,
#                             the common passwords a new password may not be)
#
# The tools are built for the build machine without sanitizers: they only run here.

UNIHAN_READINGS ?= /usr/share/unicode/Unihan_Readings.txt.bz2
CORE_CATALOGUE := core/data/catalogue.txt
CORE_TOOL_CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -O2

CORE_GEN_SRCS += $(B)/gen/core_pinyin.c $(B)/gen/core_embedded.c

$(B)/gen/tools/%: core/tools/%.c
	@mkdir -p $(@D)
	@echo "  TOOL    $@"
	@$(CC) $(CORE_TOOL_CFLAGS) -o $@ $<

$(B)/gen/core_pinyin.c: $(B)/gen/tools/gen_pinyin $(UNIHAN_READINGS)
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	@bzcat $(UNIHAN_READINGS) | $(B)/gen/tools/gen_pinyin > $@.tmp && mv $@.tmp $@

$(B)/gen/core_embedded.c: $(B)/gen/tools/embed core/data/calendar-2026.txt $(CORE_CATALOGUE) \
                          core/data/common-passwords.txt
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	@$(B)/gen/tools/embed $@ bm_embedded_calendar_2026 core/data/calendar-2026.txt \
	    bm_embedded_catalogue $(CORE_CATALOGUE) \
	    bm_embedded_common_passwords core/data/common-passwords.txt

$(B)/gen/%.o: $(B)/gen/%.c
	@echo "  CC      $@"
	@$(CC) $(CFLAGS) -c -o $@ $<
