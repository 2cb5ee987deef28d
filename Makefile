# cds — the human entry point. Two commands do everything on a fresh Debian bookworm machine:
#   make run    install what is missing, build, serve the app on http://127.0.0.1:8080
#   make test   install what is missing, build native + wasm, run every test through ctest
SHELL := /bin/bash
JOBS ?= $(shell nproc)
# Tests at a time in `make test`: one more than the cores. The browser tests wait part of the time
# (loopback, frames, the driver), so a third test on two cores fills what they leave idle:
# docs/performance.md "The test suite" (ctest 618 → 559 s on two cores).
TEST_JOBS ?= $(shell expr $(JOBS) + 1)
PORT ?= 8080
# emcc needs acorn from Debian's node modules. (Node-side wasm runs also need
# NODE_OPTIONS=--no-experimental-fetch; ctest sets it for those tests only: it breaks Playwright.)
export NODE_PATH ?= /usr/share/nodejs

.PHONY: all setup setup-native native cli web run test test-native bench bench-aggregate size fuzz test-asan clean distclean help

all: native web

help:
	@echo "make run     — cài đặt, dựng và chạy ứng dụng tại http://127.0.0.1:$(PORT) / install, build, serve"
	@echo "make test    — dựng bản native + wasm và chạy toàn bộ kiểm thử / build and run all tests"
	@echo "make web     — dựng ứng dụng web vào dist/ / build the web app into dist/"
	@echo "make cli     — dựng công cụ dòng lệnh build/native/bin/cds / build the CLI"
	@echo "make bench   — đo hiệu năng (in số liệu) / benchmarks (prints figures)"
	@echo "make bench-aggregate — tổng hợp 10.000 bài nộp (N=…) / aggregate 10,000 submissions"
	@echo "make fuzz    — fuzz mọi bộ đọc tệp (FUZZ_SECONDS=60) / fuzz every parser"
	@echo "make test-asan — kiểm thử với AddressSanitizer + UBSan / tests under sanitizers"
	@echo "make clean   — xóa bản dựng / remove build outputs (keeps build/deps)"

setup:
	@tools/setup

setup-native:
	@tools/setup --native

native: setup-native
	@echo "[make] dựng bản native / building native (lần đầu khoảng 3 phút / about 3 min the first time)"
	@cmake --preset native -DCDS_REQUIRE_WEB=OFF >/dev/null
	@cmake --build --preset native -j$(JOBS)

cli: native

web: setup
	@echo "[make] dựng bản WebAssembly / building the WebAssembly app (lần đầu khoảng 3 phút / about 3 min the first time)"
	@cmake --preset web >/dev/null
	@cmake --build --preset web -j$(JOBS)

run: web
	@echo "Bản một tệp, mở được không cần máy chủ / single-file build, opens from file://: $(CURDIR)/dist/cds-offline.html"
	@echo "Ứng dụng / app: http://127.0.0.1:$(PORT)/"
	@node tools/serve.mjs dist $(PORT)

# Bytes of every file in dist/ and of each wasm section, raw and gzip; fails above 500 KB gzip for a
# first visit or 600 KB for the single file.
size: web
	@node tools/size-report.mjs dist 500 600

# Native and wasm builds first, then one ctest run over everything (unit tests natively and as wasm
# under Node, the native/wasm transcript comparison, CLI tests, browser tests).
# The browser tests run in three engines: setup installs Firefox ESR, WebKitGTK and Xvfb for them.
test: export CDS_SETUP_ENGINES = 1
test: web
	@echo "[make] dựng bản native / building native (lần đầu khoảng 3 phút / about 3 min the first time)"
	@cmake --preset native -DCDS_REQUIRE_WEB=ON >/dev/null
	@cmake --build --preset native -j$(JOBS)
	@echo "[make] chạy toàn bộ kiểm thử / running every test (khoảng 10 phút trên 2 lõi / about 10 min on 2 cores)"
	@ctest --test-dir build/native --output-on-failure -j$(TEST_JOBS)

test-native: native
	@ctest --test-dir build/native --output-on-failure -j$(JOBS) -R '^(core\.native|cli(\..*)?|transcript\.native|xlsx\.native|setup)$$'

# Figures, not pass/fail: Google Benchmark on the Release native build.
bench: native
	@mkdir -p build/bench
	@for b in build/native/bin/cds_*_bench; do echo "== $$b"; $$b --benchmark_min_time=0.5 --benchmark_out=build/bench/$$(basename $$b).json --benchmark_out_format=json; done
	@tools/bench-figures build/bench/cds_score_bench.json

# Fuzzing: every libFuzzer target for FUZZ_SECONDS (default 60) each; fails on any finding and keeps
# it as a regression test (tools/fuzz, docs/limits.md).
fuzz: setup-native
	@tools/fuzz

# The whole native test suite under AddressSanitizer + UndefinedBehaviorSanitizer.
test-asan: setup-native
	@cmake --preset native-asan >/dev/null
	@cmake --build --preset native-asan -j$(JOBS) --target cds_core_tests cds cds_transcript cds-gen cds_xlsx_memfs
	@cd build/native-asan && ctest -R '^(core.native|transcript.native|xlsx.native|cli)' --output-on-failure

# The receiving office at scale: 10,000 generated submissions through cds aggregate (N=… to change).
N ?= 10000
bench-aggregate: native
	@tools/bench-aggregate $(N)

clean:
	rm -rf build/native build/native-debug build/native-asan build/web dist

distclean: clean
	rm -rf build node_modules
