#!/usr/bin/env bash
# A Python venv under target/pyenv with the given PyPI packages, for the boto3 setup-script test
# (tests/conformance/boto3-setup.test.mjs) and the emulator bench against moto (bench/emulator.mjs).
#   scripts/pyenv.sh boto3 'moto[server]'     prints the venv's python on its last line
# PY_VENV=DIR picks another venv (not PYENV_DIR: pyenv itself reads that name).
# Idempotent: a package already importable is not installed again (seconds when all are there).
# Debian's python is "externally managed", hence the venv.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${PY_VENV:-$ROOT/target/pyenv}"
if [ ! -x "$VENV/bin/pip" ]; then
  rm -rf "$VENV"
  if ! python3 -m venv "$VENV" >&2; then
    # Debian ships venv's ensurepip separately.
    rm -rf "$VENV"
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "pyenv: installing python3-venv (apt-get)" >&2
      apt-get install -y -q python3-venv >&2 || true
    fi
    python3 -m venv "$VENV" >&2 || {
      echo "pyenv: python3 -m venv failed (Debian: apt-get install -y python3-venv)" >&2
      exit 1
    }
  fi
fi
missing=()
for pkg in "$@"; do
  module="${pkg%%[*}"          # moto[server] -> moto
  module="${module%%=*}"       # boto3==1.2 -> boto3
  case "$pkg" in
    *server*) probe="import ${module}.server" ;;
    *) probe="import ${module}" ;;
  esac
  "$VENV/bin/python" -c "$probe" 2>/dev/null || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "pyenv: installing ${missing[*]} into $VENV" >&2
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "${missing[@]}" >&2
fi
echo "$VENV/bin/python"
