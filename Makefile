# A thin driver for CMake: `make demo`, `make test`, `make clean`.

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
DEMO_ARGS ?=
CMAKE ?= cmake
CTEST ?= ctest
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build demo test clean

all: build

deps:
	@sh scripts/deps.sh

# Configure once; later builds re-run CMake by themselves when it is needed.
$(BUILD_DIR)/CMakeCache.txt: | deps
	$(CMAKE) -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: $(BUILD_DIR)/CMakeCache.txt
	$(CMAKE) --build $(BUILD_DIR) --parallel $(JOBS)

demo: build
	$(BUILD_DIR)/examples/echo_demo $(DEMO_ARGS)

test: build
	cd $(BUILD_DIR) && $(CTEST) --output-on-failure

clean:
	rm -rf $(BUILD_DIR)
