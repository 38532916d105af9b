#!/usr/bin/env bash
# Runs every test tier, continues past a failing tier, prints a per-tier summary and, as the
# very last line, "N passed, N failed" (totals over all tiers). Exit status is non-zero if
# any test failed or any tier could not run (a tier that could not run counts as 1 failed).
#
# Tiers, in order:
#   lint        cargo fmt --check; cargo clippy -D warnings on the native workspace (all
#               targets) and on the wasm32 library (each of the three counts as one test)
#   native      cargo test --workspace --no-fail-fast
#   browser     wasm-bindgen tests against a live local-cognito, once per engine: headless
#               Chromium (tier "browser"), Firefox ESR ("browser-firefox") and WebKitGTK
#               under Xvfb ("browser-webkit"); LOCAL_COGNITO_ENDPOINT / _POOL_ID / _CLIENT_ID
#               are set at compile time
#   wasm-pkg    release wasm-pack build into pkg/ (+ copy to www/pkg) for the tiers below
#   conformance node --test tests/conformance/
#   e2e         node --test tests/e2e/
#   consumer    node --test tests/consumer/: the npm package (scripts/package.mjs from pkg/,
#               npm pack) installed in a throwaway Vite app and a plain page, in Chromium
#               (the Vite build also in Firefox and WebKitGTK, over WebDriver)
#   engines     node --test tests/engines/: the npm package in a plain page, and the demo,
#               driven over standard WebDriver (selenium-webdriver against chromedriver,
#               geckodriver and WebKitWebDriver under Xvfb) in each of $ENGINES, against a
#               private local-cognito
#   types       node --test tests/types/ (tsc: good files compile, each tests/types/fail/* must not)
# A tier whose folder has no tests yet is skipped with a note. Missing tools are never a
# reason to skip: that tier could not run, which is a failure.
#
# Env: CI=true       run everything (TIERS is ignored)
#      TIERS="native browser ..."  run only these tiers (local convenience)
#      ENGINES="firefox webkit"    the browser and engines tiers in these engines only
#                                  (local convenience; default and CI: chromium firefox webkit)
#      READY_TIMEOUT  seconds to wait for the emulator's ready line (default 60)
# Logs: target/test-logs/
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"

LOGDIR="$ROOT/target/test-logs"
rm -rf "$LOGDIR"
mkdir -p "$LOGDIR"
READY_TIMEOUT="${READY_TIMEOUT:-60}"
ALL_TIERS="lint native browser wasm-pkg conformance e2e consumer engines types"
if [ "${CI:-}" = true ] || [ "${CI:-}" = 1 ]; then
  [ -n "${TIERS:-}" ] && echo "note: CI is set, ignoring TIERS=$TIERS"
  TIERS="$ALL_TIERS"
  ENGINES="chromium firefox webkit"
fi
TIERS="${TIERS:-$ALL_TIERS}"
[ -t 1 ] && export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-always}"
# A browser test binary may run for a while on a busy 2-core machine (runner default: 20 s).
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-600}"
export WASM_BINDGEN_TEST_DRIVER_TIMEOUT="${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-30}"
[ -z "${CHROMIUM_BIN:-}" ] && [ -x /usr/bin/chromium ] && export CHROMIUM_BIN=/usr/bin/chromium

# ---------------------------------------------------------------------------------------
NAMES=() STATES=() PASSES=() FAILS=() SECS=() NOTES=()
TOTAL_PASS=0 TOTAL_FAIL=0 BROKEN=0
EMU_PID="" EMU_TMP="" BROWSER_PGID_FILE=""

record() { # record NAME STATE PASS FAIL SECONDS NOTE   (STATE: PASS FAIL ERROR SKIP)
  NAMES+=("$1") STATES+=("$2") PASSES+=("$3") FAILS+=("$4") SECS+=("$5") NOTES+=("$6")
  TOTAL_PASS=$((TOTAL_PASS + $3)) TOTAL_FAIL=$((TOTAL_FAIL + $4))
  [ "$2" = ERROR ] && BROKEN=1
  printf '\n=== %s: %s (%s passed, %s failed, %ss)%s\n\n' "$1" "$2" "$3" "$4" "$5" "${6:+ - $6}"
}
banner() { printf '\n=== %s: %s\n' "$1" "$2"; }
want() { [[ " $TIERS " == *" $1 "* ]]; }
skip() { record "$1" SKIP 0 0 0 "$2"; }
error() { record "$1" ERROR 0 1 "${3:-0}" "could not run: $2"; }

# logged LOG CMD...: run CMD, output to the terminal and LOG; returns CMD's status.
logged() {
  local log=$1; shift
  "$@" 2>&1 | tee "$log"
  return "${PIPESTATUS[0]}"
}
strip_ansi() { sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$1"; }
count_libtest() { # "pass fail" summed over libtest / wasm-bindgen-test "test result:" lines
  strip_ansi "$1" | awk '/test result: /{ for (i = 2; i <= NF; i++) {
      if ($i ~ /^passed;?$/) p += $(i-1); if ($i ~ /^failed;?$/) f += $(i-1) } }
    END { print p + 0, f + 0 }'
}
count_tap() { # "pass fail" from node's TAP summary (# pass / # fail / # cancelled)
  awk '/^# pass [0-9]+$/ { p += $3 } /^# (fail|cancelled) [0-9]+$/ { f += $3 }
    END { print p + 0, f + 0 }' "$1"
}
# conclude NAME RC PASS FAIL SECONDS: record PASS / FAIL / ERROR from exit status and counts.
conclude() {
  local name=$1 rc=$2 pass=$3 fail=$4 secs=$5
  if [ "$rc" -eq 0 ] && [ "$fail" -eq 0 ]; then
    record "$name" PASS "$pass" 0 "$secs" ""
  elif [ "$fail" -gt 0 ]; then
    record "$name" FAIL "$pass" "$fail" "$secs" ""
  else
    record "$name" ERROR "$pass" 1 "$secs" "exit status $rc but no failed test reported (build error?) - see $LOGDIR/$name.log"
  fi
}

stop_emulator() { stop_pid "$EMU_PID"; EMU_PID=""; }
# The browser tier's cargo test runs in a process group of its own (see browser_tier): this
# stops what is left of that group (chromedriver, chromium) and nothing else on the machine.
stop_browser_group() {
  local pgid
  [ -n "$BROWSER_PGID_FILE" ] && [ -s "$BROWSER_PGID_FILE" ] || return 0
  pgid=$(cat "$BROWSER_PGID_FILE")
  rm -f "$BROWSER_PGID_FILE"
  [[ "$pgid" =~ ^[0-9]+$ ]] && [ "$pgid" -gt 1 ] && kill -TERM -- "-$pgid" 2>/dev/null || true
  return 0
}
cleanup() {
  stop_browser_group
  stop_emulator
  [ -n "$EMU_TMP" ] && rm -rf "$EMU_TMP"
  EMU_TMP=""
}
summary() {
  local i total_secs=$((SECONDS))
  printf '\n==================== test summary ====================\n'
  printf '%-16s %-6s %7s %7s %6s  %s\n' tier state passed failed secs note
  for i in "${!NAMES[@]}"; do
    printf '%-16s %-6s %7s %7s %6s  %s\n' "${NAMES[$i]}" "${STATES[$i]}" "${PASSES[$i]}" \
      "${FAILS[$i]}" "${SECS[$i]}" "${NOTES[$i]}"
  done
  printf 'logs: %s   total time: %dm%02ds\n' "$LOGDIR" $((total_secs / 60)) $((total_secs % 60))
  printf '%d passed, %d failed\n' "$TOTAL_PASS" "$TOTAL_FAIL"
}
on_signal() {
  trap - INT TERM
  cleanup
  record interrupted ERROR 0 1 0 "interrupted by signal"
  summary
  exit 130
}
trap cleanup EXIT
trap on_signal INT TERM

# node_test_files DIR: test files node --test would pick up in DIR (its default patterns)
node_test_files() {
  find "$1" -type f \( -name '*.test.js' -o -name '*.test.mjs' -o -name '*.test.cjs' \
    -o -name '*[-_]test.js' -o -name '*[-_]test.mjs' -o -name '*[-_]test.cjs' \
    -o -name 'test-*.js' -o -name 'test-*.mjs' -o -name 'test-*.cjs' \
    -o -name 'test.js' -o -name 'test.mjs' -o -name 'test.cjs' \
    -o -path '*/test/*.js' -o -path '*/test/*.mjs' -o -path '*/test/*.cjs' \) \
    -not -path '*/node_modules/*' 2>/dev/null
}

# ---------------------------------------------------------------------------------------
printf 'toolchain: %s | %s | %s | %s | %s | %s | %s\n' \
  "$(rustc --version 2>/dev/null || echo 'rustc MISSING')" \
  "$(wasm-bindgen --version 2>/dev/null || echo 'wasm-bindgen MISSING')" \
  "$(wasm-pack --version 2>/dev/null || echo 'wasm-pack MISSING')" \
  "$(wasm-opt --version 2>/dev/null || echo 'wasm-opt MISSING') ($(command -v wasm-opt))" \
  "$(chromium --version 2>/dev/null || echo 'chromium MISSING')" \
  "$(chromedriver --version 2>/dev/null | cut -d' ' -f1-2 || echo 'chromedriver MISSING')" \
  "node $(node --version 2>/dev/null || echo MISSING)"
printf 'engines: %s | %s | WebKitGTK %s (WebKitWebDriver)\n' \
  "$(firefox-esr --version 2>/dev/null || echo 'firefox-esr MISSING')" \
  "$(geckodriver --version 2>/dev/null | sed -n 1p || echo 'geckodriver MISSING')" \
  "$(dpkg-query -W -f='${Version}' webkit2gtk-driver 2>/dev/null || echo MISSING)"
echo "tiers: $TIERS"

# --- lint --------------------------------------------------------------------------------
if want lint; then
  banner lint "cargo fmt --check; cargo clippy -D warnings (native workspace, wasm32 library)"
  start=$SECONDS lint_pass=0 lint_fail=0
  lint_check() { # lint_check LABEL CMD...: one lint check, counted as one test
    if logged "$LOGDIR/lint-$1.log" "${@:2}"; then
      lint_pass=$((lint_pass + 1)); echo "lint $1: ok"
    else
      lint_fail=$((lint_fail + 1)); echo "lint $1: FAILED (see $LOGDIR/lint-$1.log)"
    fi
  }
  lint_check fmt cargo fmt --all --check
  lint_check clippy-native cargo clippy --workspace --all-targets -- -D warnings
  lint_check clippy-wasm32 cargo clippy --target wasm32-unknown-unknown --lib -- -D warnings
  conclude lint "$lint_fail" "$lint_pass" "$lint_fail" $((SECONDS - start))
fi

# --- native ------------------------------------------------------------------------------
if want native; then
  banner native "cargo test --workspace"
  start=$SECONDS
  logged "$LOGDIR/native.log" cargo test --workspace --no-fail-fast; rc=$?
  read -r p f < <(count_libtest "$LOGDIR/native.log")
  conclude native "$rc" "$p" "$f" $((SECONDS - start))
fi

# --- local-cognito binary (browser, conformance, e2e) -----------------------------------
EMU_BUILT=0
if want browser || want conformance || want e2e || want consumer || want engines; then
  start=$SECONDS
  banner emulator "cargo build -p local-cognito"
  if logged "$LOGDIR/emulator-build.log" cargo build -p local-cognito --bin local-cognito; then
    LOCAL_COGNITO_BIN="$(cargo_target_dir)/debug/local-cognito"
    if [ -x "$LOCAL_COGNITO_BIN" ]; then
      export LOCAL_COGNITO_BIN
      EMU_BUILT=1
      echo "LOCAL_COGNITO_BIN=$LOCAL_COGNITO_BIN"
    else
      error emulator "$LOCAL_COGNITO_BIN missing after cargo build"
    fi
  else
    error emulator "cargo build -p local-cognito failed (see $LOGDIR/emulator-build.log)"
  fi
fi

# --- browser -----------------------------------------------------------------------------
# The same wasm-bindgen tests in each engine, against one local-cognito: Chromium
# (chromedriver), Firefox ESR (geckodriver) and WebKitGTK (its WebKitWebDriver, which the
# runner drives as it drives safaridriver). WebKitGTK's MiniBrowser needs a display: Xvfb,
# through xvfb-run -a (a free display number; xvfb-run stops the Xvfb it started).
# The runner picks the driver from GECKODRIVER / SAFARIDRIVER / CHROMEDRIVER, in that order.
ENGINES="${ENGINES:-chromium firefox webkit}"
engine_driver_env() { # engine_driver_env ENGINE: the runner's env for ENGINE, one VAR=value
  case $1 in
    chromium) echo "CHROMEDRIVER=/usr/bin/chromedriver" ;;
    firefox) echo "GECKODRIVER=$(command -v geckodriver)" ;;
    webkit) echo "SAFARIDRIVER=/usr/bin/WebKitWebDriver" ;;
  esac
}
engine_missing() { # engine_missing ENGINE: what ENGINE's run lacks, or nothing
  case $1 in
    chromium) [ -x /usr/bin/chromedriver ] || echo -n "/usr/bin/chromedriver "
              command -v chromium >/dev/null || echo -n "chromium " ;;
    firefox) command -v geckodriver >/dev/null || echo -n "geckodriver "
             command -v firefox-esr >/dev/null || echo -n "firefox-esr " ;;
    webkit) [ -x /usr/bin/WebKitWebDriver ] || echo -n "/usr/bin/WebKitWebDriver "
            command -v xvfb-run >/dev/null || echo -n "xvfb-run " ;;
  esac
}
browser_tier_name() { [ "$1" = chromium ] && echo browser || echo "browser-$1"; }

# browser_engine ENGINE: the wasm-bindgen tests in ENGINE (the emulator is up).
browser_engine() {
  local engine=$1 name start=$SECONDS rc p f attempt log missing wrap=()
  name=$(browser_tier_name "$engine")
  log="$LOGDIR/$name.log"
  missing=$(engine_missing "$engine")
  if [ -n "$missing" ]; then
    error "$name" "missing ${missing% } (run make setup)"
    return
  fi
  [ "$engine" = webkit ] && wrap=(xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp")
  local how="headless $engine"
  [ "$engine" = webkit ] && how="webkit under Xvfb"
  banner "$name" "cargo test --target wasm32-unknown-unknown --tests --features std ($how)"
  # Seen here: now and then the test page never starts (no test runs, the emulator gets no
  # request) until the runner's 300 s page-load timeout. Diagnosed over CDP: one of several
  # JS module requests to the runner's HTTP server stayed pending, so the module graph never
  # finished loading. tests/browser.rs now loads one helper module (tests/browser_helpers.js)
  # instead of four inline snippets, which made it rare; for what is left, retry (at most
  # twice) only when the run failed with no test reported as failed.
  # cargo test runs in a new session (its own process group, whose id setsid's bash writes
  # down): whatever a hung run leaves behind (driver, browser, Xvfb) is stopped by that group
  # id, never by name, so other drivers on the machine are left alone.
  BROWSER_PGID_FILE="$LOGDIR/$name.pgid"
  for attempt in 1 2 3; do
    logged "$log" env -u CHROMEDRIVER -u GECKODRIVER -u SAFARIDRIVER "$(engine_driver_env "$engine")" \
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
      WASM_BINDGEN_TEST_TIMEOUT="${BROWSER_TEST_TIMEOUT:-240}" \
      setsid bash -c 'echo $$ > "$0"; exec "$@"' "$BROWSER_PGID_FILE" \
        "${wrap[@]}" cargo test --target wasm32-unknown-unknown --tests --no-fail-fast --features std
    rc=$?
    stop_browser_group
    if [ "$rc" -eq 0 ] || strip_ansi "$log" | grep -qE '^test .* \.\.\. FAILED|^test result: FAILED'; then
      break
    fi
    echo "$name: the test page never reported (attempt $attempt); retrying"
  done
  read -r p f < <(count_libtest "$log")
  conclude "$name" "$rc" "$p" "$f" $((SECONDS - start))
}

browser_tier() {
  local start=$SECONDS engine
  if ! grep -rqE '\bwasm_bindgen_test\b' --include='*.rs' src tests 2>/dev/null; then
    skip browser "no wasm-bindgen tests in src/ or tests/ yet"
    return
  fi
  [ "$EMU_BUILT" = 1 ] || { error browser "local-cognito did not build"; return; }
  local missing=()
  command -v wasm-bindgen-test-runner >/dev/null || missing+=(wasm-bindgen-test-runner)
  rustup target list --installed 2>/dev/null | grep -x wasm32-unknown-unknown >/dev/null ||
    missing+=(rust-target-wasm32-unknown-unknown)
  if [ ${#missing[@]} -gt 0 ]; then
    error browser "missing ${missing[*]} (run make setup)"
    return
  fi
  EMU_TMP="$(mktemp -d)"
  if ! spawn_ready EMU "$LOGDIR" "$READY_TIMEOUT" \
      "$LOCAL_COGNITO_BIN" --port 0 --write-config "$EMU_TMP/config.json"; then
    EMU_PID=""
    error browser "local-cognito did not become ready (see $LOGDIR/emu.stderr.log)" $((SECONDS - start))
    return
  fi
  echo "local-cognito ready: $EMU_LINE"
  if ! LOCAL_COGNITO_ENDPOINT="$(json_field "$EMU_LINE" userPoolEndpoint)" ||
     ! LOCAL_COGNITO_POOL_ID="$(json_field "$EMU_LINE" userPoolId)" ||
     ! LOCAL_COGNITO_CLIENT_ID="$(json_field "$EMU_LINE" userPoolClientId)" ||
     ! LOCAL_COGNITO_IDENTITY_POOL_ID="$(json_field "$EMU_LINE" identityPoolId)"; then
    cleanup
    error browser "local-cognito's ready line is not the expected config JSON: $EMU_LINE" $((SECONDS - start))
    return
  fi
  [ -s "$EMU_TMP/config.json" ] || echo "warning: local-cognito did not write --write-config $EMU_TMP/config.json"
  export LOCAL_COGNITO_ENDPOINT LOCAL_COGNITO_POOL_ID LOCAL_COGNITO_CLIENT_ID LOCAL_COGNITO_IDENTITY_POOL_ID
  for engine in $ENGINES; do browser_engine "$engine"; done
  cleanup
  unset LOCAL_COGNITO_ENDPOINT LOCAL_COGNITO_POOL_ID LOCAL_COGNITO_CLIENT_ID LOCAL_COGNITO_IDENTITY_POOL_ID
}
want browser && browser_tier

# --- wasm package (release; conformance, e2e and types use pkg/ and www/pkg) ------------
PKG_BUILT=0
if want wasm-pkg || want e2e || want types || want conformance || want consumer || want engines; then
  banner wasm-pkg "scripts/build-pkg.sh pkg (wasm-pack build --release --target web, names minified)"
  start=$SECONDS
  if ! command -v wasm-pack >/dev/null || [ "$(command -v wasm-opt)" != "$ROOT/node_modules/.bin/wasm-opt" ]; then
    error wasm-pkg "wasm-pack or npm binaryen's wasm-opt missing (run make setup)"
  elif logged "$LOGDIR/wasm-pkg.log" scripts/build-pkg.sh pkg &&
       rm -rf www/pkg && mkdir -p www && cp -R pkg www/pkg; then
    PKG_BUILT=1
    node scripts/size.mjs pkg | tee -a "$LOGDIR/wasm-pkg.log"
    record wasm-pkg PASS 0 0 $((SECONDS - start)) "built pkg/ and www/pkg"
  else
    error wasm-pkg "wasm-pack build failed (see $LOGDIR/wasm-pkg.log)" $((SECONDS - start))
  fi
fi

# --- node tiers --------------------------------------------------------------------------
node_tier() { # node_tier NAME DIR
  local name=$1 dir=$2 start=$SECONDS rc p f
  if [ ! -d "$dir" ] || [ -z "$(find "$dir" -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.cjs' \) 2>/dev/null | head -n1)" ]; then
    skip "$name" "no tests in $dir/ yet"
    return
  fi
  if [ -z "$(node_test_files "$dir" | head -n1)" ]; then
    error "$name" "$dir/ has JS files but none named like a test (*.test.mjs)"
    return
  fi
  banner "$name" "node --test $dir/"
  [ "$name" = types ] || [ "$EMU_BUILT" = 1 ] || { error "$name" "local-cognito did not build"; return; }
  if [ "$name" = e2e ] && [ "$PKG_BUILT" != 1 ]; then
    error "$name" "the wasm package (pkg/, www/pkg) did not build"
    return
  fi
  logged "$LOGDIR/$name.log" node --test \
    --test-timeout="${NODE_TEST_TIMEOUT_MS:-300000}" \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$LOGDIR/$name.tap" \
    "$dir/"
  rc=$?
  read -r p f < <(count_tap "$LOGDIR/$name.tap")
  if [ "$rc" -eq 0 ] && [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
    error "$name" "node --test ran no tests in $dir/" $((SECONDS - start))
    return
  fi
  conclude "$name" "$rc" "$p" "$f" $((SECONDS - start))
}
want conformance && node_tier conformance tests/conformance
want e2e && node_tier e2e tests/e2e
if want consumer; then
  if [ "$PKG_BUILT" = 1 ]; then node_tier consumer tests/consumer; else error consumer "the wasm package (pkg/) did not build"; fi
fi
# The engines tier reads $ENGINES itself (tests/harness/webdriver.mjs); what an engine lacks
# fails the tier (no engine is skipped).
if want engines; then
  engines_missing=""
  for engine in $ENGINES; do engines_missing+=$(engine_missing "$engine"); done
  if [ "$PKG_BUILT" != 1 ]; then
    error engines "the wasm package (pkg/) did not build"
  elif [ -n "$engines_missing" ]; then
    error engines "missing ${engines_missing% } (run make setup)"
  else
    export ENGINES
    node_tier engines tests/engines
  fi
fi

# --- type tests --------------------------------------------------------------------------
# tests/types/types.test.mjs runs tsc on the good files and on each file that must fail.
if want types; then
  if [ "$PKG_BUILT" = 1 ]; then node_tier types tests/types; else error types "the wasm package (pkg/) did not build"; fi
fi

# ---------------------------------------------------------------------------------------
trap - INT TERM
cleanup
summary
[ "$TOTAL_FAIL" -eq 0 ] && [ "$BROKEN" -eq 0 ]
