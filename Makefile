# cognito-wasm developer entry points. Every target that needs tools runs scripts/setup.sh
# first (idempotent: seconds when everything is installed).
SHELL := /bin/bash
# npm binaryen's wasm-opt (node_modules/.bin) must be the one wasm-pack finds, never Debian's.
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

PORT ?= 9229

.PHONY: help setup build size size-floors emulator demo test bench bench-emulator

help:
	@echo "make setup     install what is missing (rust wasm target, chromium, firefox-esr + geckodriver, webkitgtk driver + xvfb, wasm-bindgen, wasm-pack, npm)"
	@echo "make build     release wasm package in pkg/ + size report"
	@echo "make size      size report of pkg/ (raw, gzip -9, brotli) + what a Vite app ships, ours vs aws-amplify"
	@echo "make package   npm package in dist/ from pkg/ (scripts/package.mjs) + its size report"
	@echo "make emulator  local-cognito on 127.0.0.1:\$$PORT (default 9229), foreground"
	@echo "make demo      build, emulator on 9229, www/ on http://localhost:8080"
	@echo "make test      every test tier (scripts/test.sh); last line: N passed, N failed"
	@echo "make size-floors  wasm size if only the protocol core / only SRP ran in wasm (design decision data)"
	@echo "make card-probes  package and app size with serde-wasm-bindgen / gloo-net swapped in (design card)"
	@echo "make bench     size report + SRP benchmark vs aws-amplify in Chromium, then Firefox ESR + WebKitGTK (BENCH_ENGINES; target/bench.json) + page load + bench-emulator"
	@echo "make bench-emulator  local-cognito vs moto: USER_PASSWORD_AUTH sign-ins per second"

setup:
	@scripts/setup.sh

build: setup
	scripts/build-pkg.sh pkg
	@node scripts/size.mjs pkg
	@node scripts/package.mjs
	@node scripts/size.mjs dist
	@node scripts/app-size.mjs

# The npm package: pkg/ (wasm-pack's output) -> dist/ (what npm publish ships). No rebuild.
.PHONY: package
package:
	@node scripts/package.mjs
	@node scripts/size.mjs dist

size:
	@node scripts/size.mjs pkg
	@node scripts/app-size.mjs

size-floors: setup
	@scripts/size-floors.sh

# The design card's serde-wasm-bindgen and gloo-net, measured on copies of the tree
# (scripts/card-probes.sh; numbers in docs/architecture.md).
.PHONY: card-probes
card-probes: setup
	@scripts/card-probes.sh

emulator:
	@mkdir -p www
	cargo run -p local-cognito --profile emulator --bin local-cognito -- \
	  --host 127.0.0.1 --port $(PORT) --write-config www/local-cognito.json

demo: build
	@scripts/demo.sh

test: setup
	@scripts/test.sh

bench: setup
	@scripts/bench.sh

bench-emulator:
	@scripts/bench-emulator.sh
