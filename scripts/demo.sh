#!/usr/bin/env bash
# The demo: copies the release package (make build) to www/pkg, starts local-cognito on
# 127.0.0.1:9229 (config written to www/local-cognito.json) and serves www/ on
# http://localhost:8080. Ctrl-C stops both. Run through `make demo`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"

EMU_PORT=9229
WEB_PORT=8080
LOGDIR="$ROOT/target/demo-logs"
mkdir -p "$LOGDIR"

[ -f pkg/package.json ] || { echo "demo: pkg/ missing; run make build (make demo does)" >&2; exit 1; }
mkdir -p www
rm -rf www/pkg
cp -R pkg www/pkg

# The optimised build (Cargo.toml [profile.emulator]), as `make emulator` runs.
cargo build -q -p local-cognito --profile emulator --bin local-cognito
BIN="$(cargo_target_dir)/emulator/local-cognito"

EMU_PID="" WEB_PID=""
stop_all() {
  trap - INT TERM EXIT
  stop_pid "$WEB_PID"
  stop_pid "$EMU_PID"
}
trap stop_all EXIT
trap 'echo; echo "demo: stopping"; exit 0' INT TERM

rm -f www/local-cognito.json
spawn_ready EMU "$LOGDIR" 60 "$BIN" --host 127.0.0.1 --port "$EMU_PORT" \
  --write-config www/local-cognito.json
spawn_ready WEB "$LOGDIR" 30 node scripts/serve.mjs www "$WEB_PORT"

echo "local-cognito ready on 127.0.0.1:$EMU_PORT (config: www/local-cognito.json, log: $LOGDIR/emu.stderr.log)"
echo
echo "Open http://localhost:$WEB_PORT/   (Ctrl-C stops the demo)"
# Returns as soon as either process exits (or on Ctrl-C, through the trap).
wait -n "$EMU_PID" "$WEB_PID" || true
echo "demo: a process exited (logs: $LOGDIR)" >&2
exit 1
