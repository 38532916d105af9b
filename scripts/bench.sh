#!/usr/bin/env bash
# Benchmarks (`make bench`):
#   1. setup (scripts/setup.sh, idempotent)
#   2. size report of the release package pkg/ (built if missing)
#   3. SRP benchmark in headless Chromium, cognito-wasm vs aws-amplify 6.22.1 (bench/run.mjs):
#      the bench-only wasm package (cargo feature `bench`) is built into target/bench-pkg with
#      its own cargo target dir (target/bench-cargo), so a concurrent `make build` can never
#      pick up the bench exports; the end-to-end part uses the local-cognito debug binary
#      (the one scripts/test.sh builds).
#   3b. the same SRP comparison (and end-to-end signIn) in Firefox ESR and WebKitGTK over
#      WebDriver (bench/engines.mjs, selenium-webdriver): page wall time only (no CDP there);
#      adds `engines` to target/bench.json. Under a minute (36 s on the 2-core machine).
#   4. page load of the full-surface Vite app, cognito-wasm vs aws-amplify, in headless
#      Chromium (bench/load.mjs): startup, and with the CPU throttled 4x critical-path JS,
#      long tasks, time to the first call and to a cold SRP sign-in; target/bench-load.json
# Prints the tables and writes target/bench.json. Knobs (environment): ROUNDS (31),
# WARMUP (3), COLD (7), E2E_ROUNDS, E2E=0, BENCH_JSON (see bench/run.mjs); BENCH_ENGINES
# ("firefox webkit"; empty skips 3b), ENGINE_ROUNDS (21), ENGINE_WARMUP (3), ENGINE_E2E_ROUNDS
# (9) (see bench/engines.mjs).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"

LOGDIR="$ROOT/.local/bench"
mkdir -p "$LOGDIR"
# run_logged NAME CMD...: quiet unless it fails (then the log's tail).
run_logged() {
  local log="$LOGDIR/$1.log"; shift
  if ! "$@" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "bench: ERROR: '$*' failed (full log: $log)" >&2
    return 1
  fi
}

# --- 1. setup ------------------------------------------------------------------------------
scripts/setup.sh

# --- 2. size report ------------------------------------------------------------------------
if ! ls pkg/*_bg.wasm >/dev/null 2>&1; then
  echo "bench: building pkg/ (scripts/build-pkg.sh)"
  run_logged pkg-build scripts/build-pkg.sh pkg
fi
echo "== size of pkg/ (the release package) =="
node scripts/size.mjs pkg
echo
# What a Vite app ships for the sign-up/sign-in set, ours vs aws-amplify (needs dist/).
node scripts/package.mjs >/dev/null
echo "== size of a Vite app (the sign-up/sign-in set and the full signed-in surface) =="
node scripts/app-size.mjs
echo

# --- 3. SRP benchmark ----------------------------------------------------------------------
echo "bench: building target/bench-pkg (scripts/build-pkg.sh, --features bench)"
CARGO_TARGET_DIR="$ROOT/target/bench-cargo" run_logged bench-pkg-build \
  scripts/build-pkg.sh target/bench-pkg --features bench

if [ "${E2E:-1}" != 0 ]; then
  echo "bench: building local-cognito (cargo build -p local-cognito) for the end-to-end signIn"
  if run_logged emulator-build cargo build -p local-cognito --bin local-cognito; then
    LOCAL_COGNITO_BIN="${LOCAL_COGNITO_BIN:-$(cargo_target_dir)/debug/local-cognito}"
    export LOCAL_COGNITO_BIN
  else
    echo "bench: warning: local-cognito did not build; end-to-end signIn skipped" >&2
    export E2E=0
  fi
fi

echo "== SRP: cognito-wasm vs aws-amplify in headless Chromium (bench/run.mjs) =="
node bench/run.mjs

# --- 3b. the same SRP comparison in Firefox ESR and WebKitGTK (bench/engines.mjs) -----------
# Over WebDriver (geckodriver; WebKitWebDriver under xvfb-run), page wall time only; adds an
# `engines` section to target/bench.json. BENCH_ENGINES="" skips it. A failed engine does not
# stop the rest of the bench; the script exits non-zero at the end.
engines_rc=0
if [ -n "${BENCH_ENGINES-firefox webkit}" ]; then
  echo
  echo "== SRP across engines: ${BENCH_ENGINES-firefox webkit} over WebDriver (bench/engines.mjs) =="
  node bench/engines.mjs || engines_rc=$?
  [ "$engines_rc" -eq 0 ] || echo "bench: warning: the engine part failed (status $engines_rc); going on" >&2
fi

# --- 4. page load (bench/load.mjs; uses dist/ from step 2, LOCAL_COGNITO_BIN from step 3) ---
echo
echo "== page load: cognito-wasm vs aws-amplify in headless Chromium (bench/load.mjs) =="
node bench/load.mjs

# --- 5. emulator throughput vs moto ------------------------------------------------------------
echo
scripts/bench-emulator.sh

if [ "$engines_rc" -ne 0 ]; then
  echo "bench: ERROR: the engine part (bench/engines.mjs) failed; see above" >&2
  exit "$engines_rc"
fi
