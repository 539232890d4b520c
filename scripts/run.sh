#!/usr/bin/env bash
# Set up (first time) and start the planner: http://localhost:8501
# The database is created, migrated and seeded on first start (PLANNER_DATABASE_URL, or ./data).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
ensure_venv
cd "$ROOT"
if ! "$VENV/bin/planner" user list 2>/dev/null | grep -q .; then
    echo "No staff account yet: public pages work; for the staff pages create one, e.g."
    echo "  .venv/bin/planner user add admin --role admin"
fi
# Listens on 127.0.0.1 only (.streamlit/config.toml); pass --server.address 0.0.0.0 to open
# it to the network (behind a proxy: docs/deploy.md).
exec "$VENV/bin/python" -m streamlit run deploy/asgi.py --server.address 127.0.0.1 "$@"
