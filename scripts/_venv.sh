#!/usr/bin/env bash
# Sourced by run.sh and test.sh: make .venv (Python 3.11+) and install the project into it.
# Usage: ensure_venv [extra]   e.g. ensure_venv test
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${PLANNER_VENV:-$ROOT/.venv}"

ensure_venv() {
    local extra="${1:-}"
    local spec="$ROOT"
    [ -n "$extra" ] && spec="$ROOT[$extra]"
    if [ ! -x "$VENV/bin/python" ]; then
        echo "creating virtual environment in $VENV"
        "${PYTHON:-python3}" -m venv "$VENV"
        "$VENV/bin/python" -m pip install --quiet --upgrade pip
    fi
    # Re-install only when pyproject.toml changed since the last install (or the extra is new).
    local stamp="$VENV/.planner-installed-${extra:-base}"
    if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
        echo "installing the planner${extra:+ with [$extra]} into $VENV"
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$spec"
        touch "$stamp"
    fi
}
