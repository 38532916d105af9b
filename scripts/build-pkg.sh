#!/usr/bin/env bash
# The release wasm package: wasm-pack (release profile, its wasm-opt flags in Cargo.toml), then
# the import/export names shortened (scripts/minify-names.mjs). Every build of pkg/ goes
# through here: make build, scripts/test.sh, scripts/bench.sh.
#   scripts/build-pkg.sh OUT_DIR [wasm-pack/cargo args…]
set -euo pipefail
out=${1:?usage: scripts/build-pkg.sh OUT_DIR [args…]}
shift
cd "$(dirname "$0")/.."
# npm binaryen's wasm-opt must be the one wasm-pack finds (never Debian's, never a download).
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# wasm-pack leaves old snippet folders behind: start from an empty directory.
rm -rf "$out"
# --out-dir must come before other options: wasm-pack passes everything after its first
# unknown option to cargo.
wasm-pack build --release --target web --out-dir "$out" "$@"
node scripts/minify-names.mjs "$out"
