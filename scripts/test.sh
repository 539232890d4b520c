#!/usr/bin/env bash
# Set up (first time) and run every check: lint, format, types, import contracts, the test suite.
# PostgreSQL tests use PLANNER_TEST_POSTGRES_URL; browser tests use Debian's Chromium.
# Both are skipped with a reason when missing, except under CI=true, where they must run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
ensure_venv test
cd "$ROOT"
echo "== ruff"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
echo "== mypy"
"$VENV/bin/mypy"  # planner/, db/, geodata/, maps/: [tool.mypy] in pyproject.toml
echo "== lint-imports (the import contracts in .importlinter)"
"$VENV/bin/lint-imports" --no-cache
echo "== pytest"
exec "$VENV/bin/python" -m pytest "$@"
