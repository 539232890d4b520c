"""The app frame shared by every page: what it prepares once per process."""

from __future__ import annotations

import gc
import sys

from pages._common import PAGES_DIR, modules_imported_by


def test_modules_imported_by_reads_imports_and_submodules(tmp_path):
    page = tmp_path / "some_page.py"
    page.write_text(
        "from __future__ import annotations\n"
        "import pandas as pd\n"
        "from planner.works import items as wi\n"
        "from planner.i18n import t\n"
        "from pages._common import get_engine\n"
        "def later():\n"
        "    import json\n",
        encoding="utf-8",
    )
    expected = ["pandas", "planner.i18n", "planner.works", "planner.works.items"]
    assert modules_imported_by([page]) == expected


def test_modules_imported_by_covers_the_map_page():
    names = modules_imported_by(sorted(PAGES_DIR.glob("*.py")))
    assert {"maps.planning.view", "maps.planning.layer", "streamlit_folium"} <= set(names)
    assert not [n for n in names if n.startswith("pages")]


def test_app_freezes_the_loaded_libraries_once(app):
    app.run()
    assert not app.exception
    frozen = gc.get_freeze_count()
    # Every library the pages use is loaded and out of the collector's sight.
    assert "maps.planning.view" in sys.modules and "streamlit_folium" in sys.modules
    assert frozen > 50_000
    app.run()
    assert gc.get_freeze_count() <= frozen  # not again on the next run (some may have died)
