"""What an app process does before it takes traffic, so the first visitor waits no longer
than any other: the map assets in place, every programme's planning map built and its cost
chain computed (a resident's first page shows its compound's share of it: the 公示 of funds).

Called by the server's start-up (``deploy/asgi.py``); ``planner warm-map`` does the map part
from the command line. Map files another process made already are found by what they are
made from, not made again (``maps.planning.data``).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from sqlalchemy.engine import Engine

from db.session import read_session
from maps.assets import install_static_assets
from maps.planning.view import warm_programme_maps
from planner.money.chain import programme_chain
from planner.programmes import list_programmes

_LOG = logging.getLogger(__name__)


def warm_up(engine: Engine, static_dir: Path) -> int:
    """Install the map assets, build every programme's map and compute its cost chain;
    returns the buildings ready.

    A failure here is logged and left for the first visit to meet again: a process that cannot
    warm up can still serve (slower), and the health check says whether the database answers.
    """
    started = time.perf_counter()
    try:
        install_static_assets(static_dir)
        with read_session(engine) as session:
            ids = [p.id for p in list_programmes(session) if p.id is not None]
            buildings = warm_programme_maps(session, static_dir, programme_ids=ids)
            for programme_id in ids:
                programme_chain(session, programme_id)
    except Exception:  # noqa: BLE001  (logged; the app still starts)
        _LOG.exception("warm-up failed; the first visit will build the maps")
        return 0
    _LOG.info(
        "warm-up: %d programme maps and cost chains, %d buildings, %.1f s",
        len(ids),
        buildings,
        time.perf_counter() - started,
    )
    return buildings
