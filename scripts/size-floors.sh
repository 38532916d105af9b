#!/usr/bin/env bash
# Size floors (`make size-floors`): what the wasm would weigh if less of the client ran in it,
# to decide the design against the ≤ 40 KB gzip budget with numbers instead of estimates.
# For each row, a copy of the committed tree (git archive HEAD) is built as the release
# package (scripts/build-pkg.sh: same profile, wasm-opt flags and name minifying):
#   full      the package as shipped (src/api: AuthClient, one export per call)
#   narrow    src/api replaced by scripts/size-floors/narrow.rs: the Rust protocol and the
#             Amplify shaping behind one JSON-string entry point (the JS side not written)
#   srp-only  src/api replaced by scripts/size-floors/srp_only.rs: SRP and hashing only
#             (requests, flows, storage and shapes would all be JS; not written)
# Prints wasm and glue gzip -9 per row. Own cargo target dir (target/size-floors), so the
# shipped pkg/ is never touched.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"

WORK="$ROOT/target/size-floors"
export CARGO_TARGET_DIR="$WORK/cargo"
mkdir -p "$WORK"
printf '%-9s %12s %12s %12s\n' row "wasm gz" "glue gz" total
for row in full narrow srp-only; do
  tree="$WORK/tree-$row"
  rm -rf "$tree" && mkdir -p "$tree"
  git archive HEAD | tar -x -C "$tree"
  ln -s "$ROOT/node_modules" "$tree/node_modules"
  if [ "$row" != full ]; then
    cp "scripts/size-floors/${row//-/_}.rs" "$tree/src/probe.rs"
    sed -i 's/^pub mod api;$/pub mod probe;/' "$tree/src/lib.rs"
    grep -q '^pub mod probe;$' "$tree/src/lib.rs" || { echo "size-floors: src/lib.rs has no 'pub mod api;' line" >&2; exit 1; }
  fi
  if ! (cd "$tree" && scripts/build-pkg.sh "$WORK/pkg-$row") >"$WORK/$row.log" 2>&1; then
    tail -n 30 "$WORK/$row.log" >&2
    echo "size-floors: building '$row' failed (log: $WORK/$row.log)" >&2
    exit 1
  fi
  node scripts/size.mjs "$WORK/pkg-$row" --json | node -e '
    const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const kb = (b) => (b / 1024).toFixed(1) + " KB";
    const wasm = r.files.filter((f) => f.file.endsWith(".wasm")).reduce((s, f) => s + f.gzip, 0);
    const row = process.argv[1];
    console.log(row.padEnd(9), kb(wasm).padStart(12), kb(r.total.gzip - wasm).padStart(12), kb(r.total.gzip).padStart(12));
  ' "$row"
done
