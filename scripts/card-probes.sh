#!/usr/bin/env bash
# Design-card packages, measured (`make card-probes`; issue 16 item 5). The design card names
# serde-wasm-bindgen and gloo-net; the client uses neither. Each row builds a copy of the tree
# as the release package (scripts/build-pkg.sh: same profile, wasm-opt flags and name
# minifying), with a probe patch from scripts/card-probes/ applied:
#   lean   the package as shipped (no_std: panics trap, no message formatting)
#   std    lean built with --features std: both card crates are std-only (no `no_std`
#          support), so adopting either links std and its panic formatting; this row
#          separates that cost from the crates' own
#   swb    serde-wasm-bindgen.patch (+ std): the inputs of signUp, confirmSignUp, signIn,
#          confirmSignIn, resendSignUpCode, resetPassword, confirmResetPassword, signOut and
#          fetchAuthSession deserialised from the JS values into serde types, and every
#          output of those calls plus getCurrentUser, fetchUserAttributes and
#          fetchMFAPreference serialised through serde-wasm-bindgen (json_compatible), in
#          place of JSON.stringify + json.rs + model/'s hand-written readers and builders
#          (json.rs stays: Cognito's wire JSON, config, passkeys, MFA inputs)
#   gloo   gloo-net.patch (+ std): each Cognito POST through gloo-net's Request/Response
#          (future_to_promise) in place of js/glue.js `post` and its fetch call
# The patches apply to the tree at CARD_BASE (default: the commit they were written
# against), so the rows rerun unchanged after later refactors; CARD_BASE=HEAD tries them on
# the current tree. Prints wasm and glue gzip -9 per row and, with the Vite app measurement
# (scripts/app-size.mjs), the app's gzip. Own cargo target dir (target/card-probes); the
# shipped pkg/ is never touched.
#   scripts/card-probes.sh [ROW…]   (default: all rows)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"

BASE=${CARD_BASE:-487a63c}
WORK="$ROOT/target/card-probes"
export CARGO_TARGET_DIR="$WORK/cargo"
mkdir -p "$WORK"
rows=("$@")
[ ${#rows[@]} -gt 0 ] || rows=(lean std swb gloo)
printf '%-6s %10s %10s %10s %12s\n' row "wasm gz" "glue gz" total "Vite app gz"
for row in "${rows[@]}"; do
  tree="$WORK/tree-$row"
  rm -rf "$tree" && mkdir -p "$tree"
  git archive "$BASE" | tar -x -C "$tree"
  ln -s "$ROOT/node_modules" "$tree/node_modules"
  args=()
  case "$row" in
    lean) ;;
    std) args=(--features std) ;;
    swb | gloo)
      patch_file="scripts/card-probes/$([ "$row" = swb ] && echo serde-wasm-bindgen || echo gloo-net).patch"
      if ! patch -s -p1 -d "$tree" <"$patch_file"; then
        echo "card-probes: $patch_file does not apply to $BASE" >&2
        exit 1
      fi
      args=(--features std)
      ;;
    *) echo "card-probes: unknown row '$row' (lean std swb gloo)" >&2; exit 2 ;;
  esac
  if ! (cd "$tree" && scripts/build-pkg.sh "$WORK/pkg-$row" "${args[@]}") >"$WORK/$row.log" 2>&1; then
    tail -n 30 "$WORK/$row.log" >&2
    echo "card-probes: building '$row' failed (log: $WORK/$row.log)" >&2
    exit 1
  fi
  app="-"
  if (cd "$tree" && node scripts/package.mjs --pkg "$WORK/pkg-$row" --out "$WORK/dist-$row") >>"$WORK/$row.log" 2>&1 &&
    node scripts/app-size.mjs --dist "$WORK/dist-$row" --json >"$WORK/app-$row.json" 2>>"$WORK/$row.log"; then
    app=$(node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      const ours = r.apps.find((a) => a.app === "cognito-wasm");
      console.log((ours.gzip / 1024).toFixed(1) + " KB");
    ' "$WORK/app-$row.json")
  fi
  node scripts/size.mjs "$WORK/pkg-$row" --json | node -e '
    const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const kb = (b) => (b / 1024).toFixed(1) + " KB";
    const wasm = r.files.filter((f) => f.file.endsWith(".wasm")).reduce((s, f) => s + f.gzip, 0);
    const [row, app] = process.argv.slice(1);
    console.log(row.padEnd(6), kb(wasm).padStart(10), kb(r.total.gzip - wasm).padStart(10),
      kb(r.total.gzip).padStart(10), app.padStart(12), "(" + r.total.gzip + " B)");
  ' "$row" "$app"
done
