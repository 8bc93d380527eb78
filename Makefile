# SPDX-License-Identifier: GPL-2.0-only
# fama: plain GNU make. `make`, `make check`, `make install`, `make fuzz`.

PKG_CONFIG ?= pkg-config
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
DESTDIR ?=
CC ?= cc
CLANG ?= clang
CFLAGS ?= -O2 -g
FUZZ_SECONDS ?= 10

DEPS = libmnl libcrypto libcap
DEPS_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(DEPS))
DEPS_LIBS := $(shell $(PKG_CONFIG) --libs $(DEPS))
CHECK_CFLAGS := $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS := $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo unknown)

WFLAGS = -Wall -Wextra -Wstrict-prototypes -Wmissing-prototypes \
	-Wmissing-declarations -Wshadow -Wpointer-arith -Wcast-qual \
	-Wsign-compare -Wformat=2 -Wold-style-definition \
	-Wimplicit-fallthrough -Wvla
ifeq ($(WERROR),1)
WFLAGS += -Werror
endif

ifeq ($(SANITIZE),1)
BUILD ?= build-san
CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
HARDEN =
else
BUILD ?= build
HARDEN = -fstack-protector-strong -D_FORTIFY_SOURCE=2
endif

ALL_CFLAGS = -std=gnu11 -D_GNU_SOURCE -MMD -MP -I. -fPIE $(HARDEN) $(WFLAGS) \
	$(DEPS_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = -pie -Wl,-z,relro,-z,now $(LDFLAGS)

ifneq ($(V),1)
Q = @
quiet = @printf '  %-6s %s\n' $(1) $(2);
endif

LIB_SRCS := $(sort $(wildcard proto/*.c netns/*.c roles/*.c testbed/*.c))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
TEST_SRCS := $(sort $(wildcard tests/check_*.c))
TEST_BINS := $(TEST_SRCS:%.c=$(BUILD)/%)
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=build-fuzz/%)
MANS := $(sort $(wildcard man/*.[1-8]))
NETNS_TESTS := $(sort $(wildcard tests/netns/t_*.sh))
NETNS_DRIVERS := $(patsubst %.c,$(BUILD)/%,$(wildcard tests/netns/*.c))
BENCH_DRIVERS := $(patsubst %.c,$(BUILD)/%,$(wildcard bench/*.c))
BENCH_LIB := $(BUILD)/bench/lib/benchlib.o

.PHONY: all clean install uninstall check check-unit check-netns check-wire \
	check-man fuzz fuzz-run analyze deps bench FORCE
.DEFAULT_GOAL := all

all: $(BUILD)/fama

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(call quiet,CC,$<)$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Only fama.c carries the version, so a new commit rebuilds one object.
$(BUILD)/fama.o: fama.c $(BUILD)/.version
	@mkdir -p $(@D)
	$(call quiet,CC,$<)$(CC) $(ALL_CFLAGS) -DFAMA_VERSION='"$(VERSION)"' -c -o $@ $<

$(BUILD)/.version: FORCE
	@mkdir -p $(@D)
	@echo '$(VERSION)' | cmp -s - $@ || echo '$(VERSION)' >$@

$(BUILD)/libfama.a: $(LIB_OBJS)
	$(call quiet,AR,$@)rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/fama: $(BUILD)/fama.o $(BUILD)/libfama.a
	$(call quiet,LD,$@)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(DEPS_LIBS)

$(BUILD)/tests/check_%: $(BUILD)/tests/check_%.o $(BUILD)/tests/testlib.o \
		$(BUILD)/tests/pcap.o $(BUILD)/libfama.a
	$(call quiet,LD,$@)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ \
		$(CHECK_LIBS) $(DEPS_LIBS)

$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(call quiet,CC,$<)$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -c -o $@ $<

# Unit tests: one Check program per module, each run from the top directory
# so that tests/vectors/ is found.
check-unit: $(TEST_BINS) $(BUILD)/fama
	@fail=0; for t in $(TEST_BINS); do \
		FAMA=$(BUILD)/fama CK_VERBOSITY=$${CK_VERBOSITY:-normal} \
			$$t || fail=1; \
	done; exit $$fail

# The namespace tests' drivers, tests/netns/*.c (not installed).
$(BUILD)/tests/netns/%: $(BUILD)/tests/netns/%.o $(BUILD)/libfama.a
	$(call quiet,LD,$@)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ \
		$(DEPS_LIBS)

# Under SANITIZE=1 every sanitized process a namespace test starts (the
# daemons too, whose exit status no script sees) writes its reports, leaks
# at exit included, to files here; any report fails the test.
ifeq ($(SANITIZE),1)
SAN_DIR = $(abspath $(BUILD))/san-reports
SAN_ENV = ASAN_OPTIONS=detect_leaks=1:log_path=$(SAN_DIR)/asan \
	UBSAN_OPTIONS=print_stacktrace=1:log_path=$(SAN_DIR)/ubsan
endif

# Namespace tests: root only; each script cleans up what it made.
check-netns: $(BUILD)/fama $(NETNS_DRIVERS)
	@if [ "$$(id -u)" != 0 ]; then \
		echo "check-netns: the namespace tests need root" >&2; exit 1; fi
	@fail=0; for t in $(NETNS_TESTS); do \
		echo "  NETNS  $$t"; \
		$(if $(SAN_DIR),rm -rf $(SAN_DIR) && mkdir -p $(SAN_DIR);) \
		$(SAN_ENV) FAMA=$(abspath $(BUILD)/fama) BUILD=$(BUILD) sh $$t || \
			{ echo "FAIL: $$t" >&2; fail=1; }; \
		$(if $(SAN_DIR),if ls $(SAN_DIR)/* >/dev/null 2>&1; then \
			cat $(SAN_DIR)/* >&2; \
			echo "FAIL: $$t: sanitizer reports" >&2; fail=1; fi;) \
	done; exit $$fail

# Performance against the machine's own limits (root, about 8 minutes):
# a table on stdout, $(BUILD)/bench.json, $(BUILD)/bench.svg and
# $(BUILD)/bench.md.  Never part of `make check`.
$(BUILD)/bench/%: $(BUILD)/bench/%.o $(BENCH_LIB) $(BUILD)/libfama.a
	$(call quiet,LD,$@)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ \
		$(DEPS_LIBS) -lm

bench: $(BUILD)/fama $(NETNS_DRIVERS) $(BENCH_DRIVERS)
	@if [ "$$(id -u)" != 0 ]; then \
		echo "bench: needs root (namespaces)" >&2; exit 1; fi
	FAMA=$(abspath $(BUILD)/fama) BUILD=$(BUILD) sh bench/bench.sh

check-man:
	$(call quiet,MANDOC,$(MANS))mandoc -Tlint -W warning $(MANS)

# In sequence: timing-sensitive namespace tests should not share the CPU
# with the unit tests.
check:
	$(MAKE) check-unit
	$(MAKE) check-netns
	$(MAKE) check-man

build-fuzz/%.o: %.c
	@mkdir -p $(@D)
	$(call quiet,CLANG,$<)$(CLANG) -std=gnu11 -D_GNU_SOURCE -I. -g -O1 \
		-fsanitize=fuzzer-no-link,address,undefined $(DEPS_CFLAGS) \
		-c -o $@ $<

build-fuzz/libfama.a: $(LIB_SRCS:%.c=build-fuzz/%.o)
	$(call quiet,AR,$@)rm -f $@ && $(AR) rcs $@ $^

build-fuzz/fuzz_%: build-fuzz/tests/fuzz/fuzz_%.o build-fuzz/libfama.a
	$(call quiet,LD,$@)$(CLANG) -g -fsanitize=fuzzer,address,undefined \
		-o $@ $^ $(DEPS_LIBS)

fuzz: $(FUZZ_BINS)

# Runs every harness for FUZZ_SECONDS on a scratch copy of its seed corpus.
fuzz-run: $(FUZZ_BINS)
	@fail=0; for f in $(FUZZ_BINS); do \
		n=$${f#build-fuzz/fuzz_}; c=build-fuzz/corpus/$$n; \
		rm -rf $$c; mkdir -p $$c; \
		[ -d tests/fuzz/corpus/$$n ] && cp tests/fuzz/corpus/$$n/* $$c/ 2>/dev/null; \
		echo "  FUZZ   $$n ($(FUZZ_SECONDS) s)"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			$$c 2>build-fuzz/$$n.log || { tail -40 build-fuzz/$$n.log; fail=1; }; \
		grep -E '^stat::number_of_executed_units' build-fuzz/$$n.log; \
	done; exit $$fail

analyze:
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
		--std=c11 -I. -D_GNU_SOURCE --inline-suppr \
		--suppress=missingIncludeSystem fama.c proto netns roles testbed

deps:
	sh tools/install-deps

install: $(BUILD)/fama
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man8
	install -m 0755 $(BUILD)/fama $(DESTDIR)$(BINDIR)/fama
	for r in dar mn cn lab; do \
		ln -sf fama $(DESTDIR)$(BINDIR)/fama-$$r; done
	for m in $(MANS); do \
		s=$${m##*.}; install -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/; \
	done
	# `ip -6 route show proto fama` names fama's protocol number.
	install -d $(DESTDIR)$(SYSCONFDIR)/iproute2/rt_protos.d
	install -m 0644 netns/fama.rt_protos \
		$(DESTDIR)$(SYSCONFDIR)/iproute2/rt_protos.d/fama.conf

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/fama $(DESTDIR)$(BINDIR)/fama-dar \
		$(DESTDIR)$(BINDIR)/fama-mn $(DESTDIR)$(BINDIR)/fama-cn \
		$(DESTDIR)$(BINDIR)/fama-lab
	for m in $(MANS); do s=$${m##*.}; \
		rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m#man/}; done
	rm -f $(DESTDIR)$(SYSCONFDIR)/iproute2/rt_protos.d/fama.conf

clean:
	rm -rf build build-san build-fuzz

FORCE:

# Keep the test objects between runs.
.SECONDARY:

-include $(LIB_OBJS:.o=.d) $(BUILD)/fama.d $(TEST_SRCS:%.c=$(BUILD)/%.d) \
	$(BUILD)/tests/testlib.d $(BUILD)/tests/pcap.d \
	$(NETNS_DRIVERS:%=%.d) $(BENCH_DRIVERS:%=%.d) $(BENCH_LIB:.o=.d)
