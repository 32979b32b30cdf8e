# tact: `make run` starts a demo server, `make test` runs every test.
# Both install what is missing first (scripts/install-deps).
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps build run test unit web-test bench fuzz fuzz-smoke asan clean format

all: build

deps:
	@bash scripts/install-deps

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/tact serve --data ./tact-data --listen 127.0.0.1:8080

# Every test: C++ unit and integration tests (ctest), then the script tests.
test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 900
	@bash tests/run-script-tests $(BUILD)

bench: deps
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DTACT_BUILD_BENCH=ON -DTACT_BUILD_TESTS=OFF >/dev/null
	cmake --build build-bench -j $(JOBS)
	bash bench/run build-bench

fuzz: deps
	CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DTACT_BUILD_FUZZ=ON -DTACT_BUILD_TESTS=OFF -DTACT_WITH_POSTGRES=OFF >/dev/null
	cmake --build build-fuzz -j $(JOBS)

# Every harness for FUZZ_SECONDS (20) each, seeded with the codec cases: the
# harnesses must build with clang and hold. .ci/run runs it after `make asan`.
fuzz-smoke: fuzz
	bash tests/fuzz-smoke build-fuzz

# The whole C++ test suite (ctest: unit, integration, the server driven over
# HTTP) under AddressSanitizer + UndefinedBehaviorSanitizer; .ci/run runs it
# after `make test`. -O1 and no benchmarks or fuzz harnesses keep it inside the
# CI budget. Any report fails the run: UBSan is built with
# -fno-sanitize-recover (CMakeLists.txt) and both halt on the first error.
ASAN_BUILD ?= build-asan
ASAN_ENV = ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:detect_stack_use_after_return=1 \
           UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" \
	  -DCMAKE_C_FLAGS_DEBUG="-g -O1" -DTACT_SANITIZE=address,undefined -DTACT_BUILD_BENCH=OFF \
	  -DTACT_BUILD_FUZZ=OFF >/dev/null
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && $(ASAN_ENV) ctest --output-on-failure -j $(JOBS) --timeout 900

format:
	find include src tests bench fuzz -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf $(BUILD) build-bench build-fuzz build-asan
