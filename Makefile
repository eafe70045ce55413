# A thin driver for CMake: `make demo`, `make test`, `make valgrind`,
# `make fuzz`, `make fuzz-api`, `make clean`.  docs/TESTING.md says what each runs.

BUILD_DIR ?= build
ASAN_BUILD_DIR ?= build-asan
BUILD_TYPE ?= RelWithDebInfo
DEMO_ARGS ?=
CMAKE ?= cmake
CTEST ?= ctest
PYTHON ?= python3
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# `make test` runs the valgrind pass too; VALGRIND_IN_TEST=0 leaves it out.
VALGRIND_IN_TEST ?= 1
# Tests that only run Python: nothing for the sanitizers to instrument.
PYTHON_TESTS = ^(generated_up_to_date|codegen_golden)$$
FUZZ_SECONDS ?= 60
# `make fuzz-api`: FUZZ_SEED (random when empty), FUZZ_AVOID (scenarios not to provoke, e.g. 67).
FUZZ_SEED ?=
FUZZ_AVOID ?=

.PHONY: all deps build asan-build demo test valgrind fuzz fuzz-api clean

all: build

deps:
	@sh scripts/deps.sh

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

demo: build
	$(BUILD_DIR)/examples/echo_demo $(DEMO_ARGS)

# The whole suite, plain, then sanitized, then under valgrind.  Every pass
# runs; the target fails if any of them did.
test: build asan-build
	@rc=0; \
	echo "== make test: plain build ($(BUILD_DIR))"; \
	(cd $(BUILD_DIR) && $(CTEST) --output-on-failure) || rc=1; \
	echo "== make test: ASan+UBSan build ($(ASAN_BUILD_DIR))"; \
	(cd $(ASAN_BUILD_DIR) && $(CTEST) --output-on-failure -E '$(PYTHON_TESTS)') || rc=1; \
	if [ "$(VALGRIND_IN_TEST)" = 1 ]; then \
		echo "== make test: valgrind memcheck ($(BUILD_DIR))"; \
		$(PYTHON) scripts/valgrind.py $(BUILD_DIR) || rc=1; \
	fi; \
	[ $$rc -eq 0 ] && echo "== make test: all passes passed" || echo "== make test: FAILED"; \
	exit $$rc

# Every test binary of the plain build under valgrind memcheck.
valgrind: build
	$(PYTHON) scripts/valgrind.py $(BUILD_DIR)

# Both fuzzers for FUZZ_SECONDS each: libFuzzer over the CQE stream, and the
# generator's spec mutator.
fuzz: | deps
	@sh scripts/deps.sh fuzz
	fuzz/run-cqe $(FUZZ_SECONDS)
	fuzz/run-spec $(FUZZ_SECONDS)

# The API-sequence fuzzer against the real kernel, ASan+UBSan build, for
# FUZZ_SECONDS: every finding with its seed, sequence and step log.
fuzz-api: asan-build
	$(ASAN_BUILD_DIR)/tests/fuzz_api --seconds $(FUZZ_SECONDS) --keep-going \
		$(if $(FUZZ_SEED),--seed $(FUZZ_SEED)) $(if $(FUZZ_AVOID),--avoid $(FUZZ_AVOID))

clean:
	rm -rf $(BUILD_DIR) $(ASAN_BUILD_DIR) build-fuzz
