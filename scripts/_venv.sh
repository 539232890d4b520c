#!/usr/bin/env bash
# Sourced by run.sh and test.sh: make .venv (Python 3.11+) and install the project into it.
# Usage: ensure_venv [extra]   e.g. ensure_venv test
#
# Dependencies come from requirements.lock (every package pinned, with its hashes: pip refuses
# a download whose hash differs); the project itself is then installed without dependencies.
# Regenerate the lock after changing the dependencies in pyproject.toml:
#   echo "setuptools>=70.1" | uv pip compile pyproject.toml - --extra test --generate-hashes \
#       --python-version 3.11 --universal -o requirements.lock
# and then the image's part of it (no test tools): python3 scripts/app_lock.py
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${PLANNER_VENV:-$ROOT/.venv}"
LOCK="$ROOT/requirements.lock"

ensure_venv() {
    local extra="${1:-}"
    if [ ! -x "$VENV/bin/python" ]; then
        echo "creating virtual environment in $VENV"
        "${PYTHON:-python3}" -m venv "$VENV"
    fi
    # Re-install only when pyproject.toml or the lock changed since the last install.
    local stamp="$VENV/.planner-installed-${extra:-base}"
    if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ] || [ "$LOCK" -nt "$stamp" ]; then
        echo "installing the locked dependencies (hashes checked) into $VENV"
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
            --require-hashes -r "$LOCK"
        echo "installing the planner into $VENV"
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
            --no-deps --no-build-isolation -e "$ROOT"
        touch "$stamp"
    fi
}
