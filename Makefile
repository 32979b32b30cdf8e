# tact: `make run` starts a demo server, `make test` runs every test.
# Both install what is missing first (scripts/install-deps).
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps build run test unit web-test bench fuzz asan clean format

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

asan: deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DTACT_SANITIZE=address,undefined >/dev/null
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure -j $(JOBS) --timeout 900

format:
	find include src tests bench fuzz -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf $(BUILD) build-bench build-fuzz build-asan
