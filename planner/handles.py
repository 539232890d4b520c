"""The database handle the layers above the domains pass around, by name only.

A page holds the engine the frame made (``streamlit_app.py``: ``planner.runtime.engine.
engine_for``, from the settings' URL and busy timeout) and hands it to actions and named reads,
which open their sessions on it (``planner.transactions``). A page imports neither ``db``,
``planner.transactions``, ``planner.runtime`` nor SQLAlchemy (``.importlinter``,
tests/test_layers.py), so it names the engine's type through this module, which opens nothing.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

__all__ = ["Engine"]
