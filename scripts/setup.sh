#!/usr/bin/env bash
# One idempotent setup for every make target (build, test, demo, bench).
# Installs only what is missing; when everything is present it takes seconds and prints
# nothing. Each install step prints one line; its full output goes to .local/setup/*.log.
#
#   rust target wasm32-unknown-unknown            (rustup)
#   rustfmt, clippy components                    (rustup, for the lint tier)
#   chromium chromium-driver firefox-esr webkit2gtk-driver xvfb xauth libssl-dev pkg-config
#                                                  (apt, Debian: the three test engines,
#                                                   WebKitGTK's MiniBrowser under Xvfb)
#   wasm-bindgen-cli  = Cargo.lock's wasm-bindgen  (cargo install, without --locked: see
#                                                   /work/shared/reference/toolchain.md)
#   wasm-pack 0.15.1                               (cargo install --locked)
#   geckodriver 0.37.1                             (cargo install --locked: Firefox's WebDriver)
#   node_modules from package-lock.json            (npm ci; binaryen's wasm-opt lives here)
#
# wasm-opt: only npm binaryen's (node_modules/.bin) may be used; Debian's binaryen 108
# produces modules Chromium rejects. Callers put node_modules/.bin first on PATH (the
# Makefile and scripts/test.sh do); this script checks that it resolves that way.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

WASM_PACK_VERSION=0.15.1
GECKODRIVER_VERSION=0.37.1
APT_PACKAGES=(chromium chromium-driver firefox-esr webkit2gtk-driver xvfb xauth libssl-dev pkg-config)
LOGDIR="$ROOT/.local/setup"
mkdir -p "$LOGDIR"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }
# run LOGNAME CMD...: run quietly into a log; on failure show its tail and stop.
run() {
  local log="$LOGDIR/$1.log"; shift
  if ! "$@" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    die "'$*' failed (full log: $log)"
  fi
}

# Two concurrent setups (make test + make demo) must not both install.
exec 9>"$LOGDIR/.lock"
flock 9

command -v cargo >/dev/null || die "cargo not found (install Rust with rustup first)"
command -v rustup >/dev/null || die "rustup not found (needed for the wasm32 target)"
command -v node >/dev/null || die "node not found (Node.js 20+ is required)"
command -v npm >/dev/null || die "npm not found"

# --- 1. Rust wasm target -------------------------------------------------------------
if ! rustup target list --installed 2>/dev/null | grep -x wasm32-unknown-unknown >/dev/null; then
  step "rustup target add wasm32-unknown-unknown"
  run rustup-target rustup target add wasm32-unknown-unknown
fi

# rustfmt and clippy: the lint tier of `make test` (part of rustup's default profile).
for comp in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$comp"; then
    step "rustup component add $comp"
    run "rustup-$comp" rustup component add "$comp"
  fi
done

# --- 2. Debian packages ----------------------------------------------------------------
missing_apt=()
for p in "${APT_PACKAGES[@]}"; do
  if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != installed ]; then
    missing_apt+=("$p")
  fi
done
if [ ${#missing_apt[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || die "missing ${missing_apt[*]} and no apt-get to install them"
  SUDO=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "missing ${missing_apt[*]}; run as root or install sudo"
    SUDO=(sudo)
  fi
  step "apt-get update && apt-get install ${missing_apt[*]}"
  run apt "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive sh -c \
    'apt-get -o DPkg::Lock::Timeout=600 update -q &&
     apt-get -o DPkg::Lock::Timeout=600 install -y -q "$@"' sh "${missing_apt[@]}"
fi
[ -x /usr/bin/chromedriver ] || die "/usr/bin/chromedriver missing after installing chromium-driver"
[ -x /usr/bin/WebKitWebDriver ] || die "/usr/bin/WebKitWebDriver missing after installing webkit2gtk-driver"

# --- 3. wasm-bindgen-cli, the exact version of Cargo.lock ----------------------------
if [ ! -f Cargo.lock ]; then
  step "cargo generate-lockfile (no Cargo.lock)"
  run lockfile cargo generate-lockfile
fi
WBG_VERSION="$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
[ -n "$WBG_VERSION" ] || die "could not read the wasm-bindgen version from Cargo.lock"
have_version() { # have_version CMD VERSION: CMD --version prints exactly that version
  command -v "$1" >/dev/null && [ "$("$1" --version 2>/dev/null | awk '{print $2; exit}')" = "$2" ]
}
if ! have_version wasm-bindgen "$WBG_VERSION" || ! have_version wasm-bindgen-test-runner "$WBG_VERSION"; then
  step "cargo install wasm-bindgen-cli --version =$WBG_VERSION (a few minutes)"
  # Not --locked: its lock file pins a crate version the registry lacks (toolchain.md).
  run wasm-bindgen-cli cargo install --force wasm-bindgen-cli --version "=$WBG_VERSION"
  have_version wasm-bindgen "$WBG_VERSION" || die "wasm-bindgen $WBG_VERSION not on PATH after install"
fi

# --- 4. wasm-pack --------------------------------------------------------------------
if ! have_version wasm-pack "$WASM_PACK_VERSION"; then
  step "cargo install --locked wasm-pack --version $WASM_PACK_VERSION (a few minutes)"
  run wasm-pack cargo install --force --locked wasm-pack --version "$WASM_PACK_VERSION"
  have_version wasm-pack "$WASM_PACK_VERSION" || die "wasm-pack $WASM_PACK_VERSION not on PATH after install"
fi

# --- 4b. geckodriver (Firefox's WebDriver; crates.io, not a download from Mozilla) --------
if ! have_version geckodriver "$GECKODRIVER_VERSION"; then
  step "cargo install --locked geckodriver --version $GECKODRIVER_VERSION (two minutes)"
  run geckodriver cargo install --force --locked geckodriver --version "$GECKODRIVER_VERSION"
  have_version geckodriver "$GECKODRIVER_VERSION" || die "geckodriver $GECKODRIVER_VERSION not on PATH after install"
fi

# --- 5. node_modules (aws-amplify, binaryen's wasm-opt, playwright-core, typescript) --
STAMP=node_modules/.setup-stamp
if [ ! -d node_modules ] || [ ! -f "$STAMP" ] || [ package-lock.json -nt "$STAMP" ] \
   || [ package.json -nt "$STAMP" ] || [ ! -x node_modules/.bin/wasm-opt ]; then
  step "npm ci"
  run npm npm ci --no-audit --no-fund --loglevel=error
  touch "$STAMP"
fi

# --- checks ----------------------------------------------------------------------------
[ "$(command -v wasm-opt)" = "$ROOT/node_modules/.bin/wasm-opt" ] \
  || die "wasm-opt resolves to $(command -v wasm-opt), not npm binaryen's node_modules/.bin/wasm-opt"
