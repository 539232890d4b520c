"""``planner warm-map``: make the planning maps' data and files ready before visitors come.

Run by a deployment before app processes take traffic (or by cron after a large import): the
lean GeoJSON files are written under ``static/generated/map/``, named by what they are made
from, so every app process that starts later finds them instead of making them again.
"""

from __future__ import annotations

import argparse
import json
import time

from sqlalchemy.engine import Engine

from db.session import read_session
from maps.planning.view import warm_programme_maps
from planner.programmes import list_programmes
from planner.runtime.startup import ensure_database_ready


def run(args: argparse.Namespace, engine: Engine) -> int | None:
    """Run ``planner warm-map``; None for other commands."""
    if args.command != "warm-map":
        return None
    ensure_database_ready(engine)
    started = time.perf_counter()
    with read_session(engine) as session:
        programmes = list_programmes(session)
        wanted = set(args.programme)
        unknown = wanted - {p.key for p in programmes}
        if unknown:
            print(f"unknown programme: {', '.join(sorted(unknown))}")
            return 1
        ids = [p.id for p in programmes if not wanted or p.key in wanted]
        # stored rows: their ids are set:
        buildings = warm_programme_maps(session, args.static_dir, programme_ids=ids)  # type: ignore[arg-type]
    seconds = round(time.perf_counter() - started, 2)
    if args.json:
        print(json.dumps({"programmes": len(ids), "buildings": buildings, "seconds": seconds}))
    else:
        print(f"{len(ids)} programme maps ready ({buildings:,} buildings) in {seconds} s")
    return 0
