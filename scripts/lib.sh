# Shared shell helpers for scripts/test.sh and scripts/demo.sh (source it; not executable).

ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
# npm binaryen's wasm-opt must win over any other wasm-opt (Debian's breaks the module).
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# spawn_ready NAME LOGDIR TIMEOUT CMD [ARGS...]
#   Starts CMD in the background and waits (without sleeping) until it prints its first
#   stdout line, at most TIMEOUT seconds. Sets ${NAME}_PID and ${NAME}_LINE. Its stderr goes
#   to LOGDIR/name.stderr.log, the rest of its stdout to LOGDIR/name.stdout.log (lowercase).
#   Returns 1 with a clear message (and the stderr tail) if it exits or times out first.
spawn_ready() {
  local name=$1 dir=$2 timeout=$3; shift 3
  local log="$dir/${name,,}" fd line rc pid
  local fifo="$log.stdout.fifo"
  mkdir -p "$dir"
  rm -f "$fifo"
  mkfifo "$fifo"
  "$@" >"$fifo" 2>"$log.stderr.log" </dev/null &
  pid=$!
  printf -v "${name}_PID" '%s' "$pid"
  exec {fd}<"$fifo"        # rendezvous with the child's open of the fifo
  rm -f "$fifo"
  rc=0
  IFS= read -r -t "$timeout" line <&"$fd" || rc=$?
  if [ "$rc" -eq 0 ]; then
    # keep draining stdout so the child never blocks on a full pipe
    cat <&"$fd" >"$log.stdout.log" &
    exec {fd}<&-
    printf -v "${name}_LINE" '%s' "$line"
    return 0
  fi
  exec {fd}<&-
  if [ "$rc" -gt 128 ]; then
    echo "ERROR: ${name,,} ($*) printed no ready line within ${timeout} s" >&2
  else
    rc=0; wait "$pid" 2>/dev/null || rc=$?
    echo "ERROR: ${name,,} ($*) exited with status $rc before it was ready" >&2
  fi
  stop_pid "$pid"
  if [ -s "$log.stderr.log" ]; then
    echo "--- last lines of ${name,,} stderr ($log.stderr.log):" >&2
    tail -n 30 "$log.stderr.log" >&2
  fi
  return 1
}

# stop_pid PID: SIGTERM, then SIGKILL after 5 s; reaps it. Safe on dead or empty PIDs.
stop_pid() {
  local pid=${1:-} i
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  return 0
}

# json_field JSON KEY: prints a top-level string field of a one-line JSON object.
json_field() {
  node -e 'const v = JSON.parse(process.argv[1])[process.argv[2]];
           if (typeof v !== "string" || !v) { console.error(`no "${process.argv[2]}" in ${process.argv[1]}`); process.exit(1); }
           console.log(v)' "$1" "$2"
}

# cargo_target_dir: the workspace's target directory (honours CARGO_TARGET_DIR).
cargo_target_dir() {
  cargo metadata --format-version 1 --no-deps 2>/dev/null |
    node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).target_directory))'
}
