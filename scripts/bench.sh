#!/usr/bin/env bash
# Benchmarks. For now: the size report of the release package (builds it if missing).
# The SRP browser benchmark will be added here later.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"

if ! ls pkg/*_bg.wasm >/dev/null 2>&1; then
  wasm-pack build --release --target web --out-dir pkg
fi
node scripts/size.mjs pkg
