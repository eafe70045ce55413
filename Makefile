# A thin driver for CMake: `make demo`, `make test`, `make test-kernels`,
# `make valgrind`, `make fuzz`, `make fuzz-api`, `make clean`.  docs/TESTING.md says what each runs.

BUILD_DIR ?= build
# `make demo` builds the library and the demo alone, in a directory of its own.
DEMO_BUILD_DIR ?= build-demo
ASAN_BUILD_DIR ?= build-asan
TSAN_BUILD_DIR ?= build-tsan
BUILD_TYPE ?= RelWithDebInfo
DEMO_ARGS ?=
CMAKE ?= cmake
CTEST ?= ctest
PYTHON ?= python3
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# `make test` runs the valgrind pass too; VALGRIND_IN_TEST=0 leaves it out.
VALGRIND_IN_TEST ?= 1
# `make test` runs the ThreadSanitizer pass too; TSAN_IN_TEST=0 leaves it out.
TSAN_IN_TEST ?= 1
# `make test` runs the plain pass on the kernels of tests/kernels.list marked
# ci too (Debian 12's 6.1, under qemu); KERNELS_IN_TEST=0 leaves it out.
KERNELS_IN_TEST ?= 1
# `make test-kernels`: names from tests/kernels.list (comma-separated; default all).
KERNELS ?=
# Tests that only run Python (and mandoc): nothing for the sanitizers to instrument.
PYTHON_TESTS = ^(generated_up_to_date|codegen_golden|man_pages|opcode_coverage|opcode_coverage_catches)$$
# The tests whose programs start threads: what ThreadSanitizer can check.
TSAN_TESTS = ^(test_threads|test_resources|test_messages|test_ring_setup|futex_wake|http_hello|http_hello_small_ring|http_threads)$$
TSAN_TARGETS = test_threads test_resources test_messages test_ring_setup futex_wake http_hello http_threads
# Stop at the first report (exit 66), which ctest then counts as a failure.
TSAN_OPTIONS ?= halt_on_error=1 second_deadlock_stack=1
FUZZ_SECONDS ?= 60
# `make fuzz-api`: FUZZ_SEED (random when empty), FUZZ_AVOID (scenarios not to provoke, e.g. 2,3).
FUZZ_SEED ?=
FUZZ_AVOID ?=

.PHONY: all deps demo-deps build asan-build tsan-build demo test test-kernels valgrind fuzz fuzz-api clean

all: build

deps:
	@sh scripts/deps.sh test

demo-deps:
	@sh scripts/deps.sh build

# Configure once; later builds re-run CMake by themselves when it is needed.
$(BUILD_DIR)/CMakeCache.txt: | deps
	$(CMAKE) -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: $(BUILD_DIR)/CMakeCache.txt
	$(CMAKE) --build $(BUILD_DIR) --parallel $(JOBS)

# The library and the tests with AddressSanitizer and UBSan.  Configured
# every time, so that a directory configured otherwise is put right.
asan-build: | deps
	$(CMAKE) -S . -B $(ASAN_BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) \
		-DURB_SANITIZE=ON -DURB_BUILD_BENCH=OFF >/dev/null
	$(CMAKE) --build $(ASAN_BUILD_DIR) --parallel $(JOBS)

# The library with ThreadSanitizer, and the programs of the tests that
# start threads (TSAN_TESTS; `cmake --build build-tsan` builds the rest).
tsan-build: | deps
	$(CMAKE) -S . -B $(TSAN_BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) \
		-DURB_SANITIZE=thread -DURB_BUILD_BENCH=OFF >/dev/null
	$(CMAKE) --build $(TSAN_BUILD_DIR) --parallel $(JOBS) --target $(TSAN_TARGETS)

# Only the library and echo_demo (no tests, benchmarks or other examples);
# the build's output goes to a log that is shown when the build fails.
demo: | demo-deps
	@echo "== make demo: building the library and echo_demo in $(DEMO_BUILD_DIR) (log: $(DEMO_BUILD_DIR)/build.log)"
	@mkdir -p $(DEMO_BUILD_DIR)
	@{ $(CMAKE) -S . -B $(DEMO_BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) \
		-DURB_BUILD_TESTS=OFF -DURB_BUILD_BENCH=OFF && \
	   $(CMAKE) --build $(DEMO_BUILD_DIR) --parallel $(JOBS) --target echo_demo; } \
		>$(DEMO_BUILD_DIR)/build.log 2>&1 || { cat $(DEMO_BUILD_DIR)/build.log; exit 1; }
	@echo "== make demo: running $(DEMO_BUILD_DIR)/examples/echo_demo $(DEMO_ARGS)"
	@$(DEMO_BUILD_DIR)/examples/echo_demo $(DEMO_ARGS)

# The whole suite, plain, then sanitized, then under valgrind, then the
# tests that start threads under ThreadSanitizer.  Every pass runs; the
# target fails if any of them did.
test: build asan-build $(if $(filter 1,$(TSAN_IN_TEST)),tsan-build)
	@rc=0; \
	echo "== make test: plain build ($(BUILD_DIR))"; \
	(cd $(BUILD_DIR) && $(CTEST) --output-on-failure) || rc=1; \
	echo "== make test: ASan+UBSan build ($(ASAN_BUILD_DIR))"; \
	(cd $(ASAN_BUILD_DIR) && $(CTEST) --output-on-failure -E '$(PYTHON_TESTS)') || rc=1; \
	if [ "$(VALGRIND_IN_TEST)" = 1 ]; then \
		echo "== make test: valgrind memcheck ($(BUILD_DIR))"; \
		$(PYTHON) scripts/valgrind.py $(BUILD_DIR) || rc=1; \
	fi; \
	if [ "$(TSAN_IN_TEST)" = 1 ]; then \
		echo "== make test: ThreadSanitizer ($(TSAN_BUILD_DIR))"; \
		(cd $(TSAN_BUILD_DIR) && TSAN_OPTIONS="$(TSAN_OPTIONS)" \
			$(CTEST) --output-on-failure -R '$(TSAN_TESTS)') || rc=1; \
	fi; \
	if [ "$(KERNELS_IN_TEST)" = 1 ]; then \
		echo "== make test: other kernels under qemu (tests/kernels.list, ci)"; \
		{ sh scripts/deps.sh kernels && \
		  $(PYTHON) scripts/kernels.py --build $(BUILD_DIR) --ci; } || rc=1; \
	fi; \
	[ $$rc -eq 0 ] && echo "== make test: all passes passed" || echo "== make test: FAILED"; \
	exit $$rc

# The plain pass and the demo on every kernel of tests/kernels.list (KERNELS:
# some of them), each booted under qemu; per kernel, a line of results.
test-kernels: build
	@sh scripts/deps.sh kernels
	$(PYTHON) scripts/kernels.py --build $(BUILD_DIR) $(if $(KERNELS),--only $(KERNELS))

# Every test binary of the plain build under valgrind memcheck.
valgrind: build
	$(PYTHON) scripts/valgrind.py $(BUILD_DIR)

# The fuzzers for FUZZ_SECONDS each: libFuzzer over the CQE stream, again
# with the strict checks on every input (URB_FUZZ_STRICT=1), and the
# generator's spec mutator.  Every run runs; the target fails if any did.
fuzz: | deps
	@sh scripts/deps.sh fuzz
	@rc=0; \
	fuzz/run-cqe $(FUZZ_SECONDS) || rc=1; \
	URB_FUZZ_STRICT=1 fuzz/run-cqe $(FUZZ_SECONDS) || rc=1; \
	fuzz/run-spec $(FUZZ_SECONDS) || rc=1; \
	exit $$rc

# The API-sequence fuzzer against the real kernel, ASan+UBSan build, for
# FUZZ_SECONDS: every finding with its seed, sequence and step log.
fuzz-api: asan-build
	$(ASAN_BUILD_DIR)/tests/fuzz_api --seconds $(FUZZ_SECONDS) --keep-going \
		$(if $(FUZZ_SEED),--seed $(FUZZ_SEED)) $(if $(FUZZ_AVOID),--avoid $(FUZZ_AVOID))

clean:
	rm -rf $(BUILD_DIR) $(DEMO_BUILD_DIR) $(ASAN_BUILD_DIR) $(TSAN_BUILD_DIR) build-fuzz
