#!/usr/bin/env bash
# Emulator throughput (`make bench-emulator`; also the last step of `make bench`):
#   1. the optimised local-cognito (cargo build --profile emulator)
#   2. moto's Cognito (moto[server] from PyPI into target/pyenv, scripts/pyenv.sh, idempotent)
#   3. bench/emulator.mjs: USER_PASSWORD_AUTH sign-ins per second over keep-alive loopback
#      connections, ours vs moto in one run, and the ratio (target/bench-emulator.json)
#   4. the in-process split of one sign-in (local-cognito/examples/signin_profile.rs)
# Knobs (environment): CLIENTS, REQUESTS, SECONDS, ROUNDS (see bench/emulator.mjs).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"

echo "bench-emulator: building local-cognito (cargo build --profile emulator)"
cargo build -q -p local-cognito --profile emulator --bin local-cognito --example signin_profile
TARGET="$(cargo_target_dir)"
PY="$(scripts/pyenv.sh 'moto[server]')"
echo "== local-cognito vs moto: USER_PASSWORD_AUTH sign-ins per second (bench/emulator.mjs) =="
LOCAL_COGNITO_BIN="$TARGET/emulator/local-cognito" MOTO_SERVER="$(dirname "$PY")/moto_server" \
  node bench/emulator.mjs
echo
echo "== where one sign-in's time goes (local-cognito/examples/signin_profile.rs) =="
"$TARGET/emulator/examples/signin_profile"
