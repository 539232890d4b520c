"""The image installs requirements-app.lock: the app's part of requirements.lock, no test tools.

scripts/app_lock.py writes it from requirements.lock through the lock's ``# via`` notes. These
tests check that the file is what the script writes from today's lock, that no test tool is in
it, and that it is enough: every package the app's code imports, and everything those packages
need (their metadata, as installed here), is in it, so ``pip install --require-hashes`` in the
image finds every one pinned.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import app_lock  # noqa: E402  (a script, not a package)

APP_CODE = ["planner", "db", "geodata", "maps", "pages", "public_web", "deploy", "streamlit_app.py"]


def _names(text: str) -> set[str]:
    return {app_lock.normalise(m) for m in re.findall(r"^([A-Za-z0-9][\w.-]*)==", text, re.M)}


def _app_lock() -> str:
    return (ROOT / "requirements-app.lock").read_text("utf-8")


def test_the_app_lock_is_what_the_script_writes_from_the_lock():
    checked = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "app_lock.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout
    # Each entry is copied whole: version, marker and every hash as in requirements.lock.
    lock = (ROOT / "requirements.lock").read_text("utf-8")
    for name, text, _ in app_lock.entries(_app_lock()):
        assert text.split("    # via")[0] in lock, name


def test_no_test_tool_is_in_the_image():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    tools = {Requirement(r).name for r in pyproject["project"]["optional-dependencies"]["test"]}
    app = _names(_app_lock())
    assert {app_lock.normalise(t) for t in tools} & app == set()
    assert {"pytest", "playwright", "mypy", "ruff", "greenlet"} & app == set()
    assert len(app) < len(_names((ROOT / "requirements.lock").read_text("utf-8")))


def _imported_top_levels() -> set[str]:
    found: set[str] = set()
    for place in APP_CODE:
        path = ROOT / place
        for file in [path] if path.is_file() else path.rglob("*.py"):
            for node in ast.walk(ast.parse(file.read_text("utf-8"))):
                if isinstance(node, ast.Import):
                    found |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    found.add(node.module.split(".")[0])
    return found


def test_every_package_the_app_imports_and_what_it_needs_is_in_the_app_lock():
    app = _names(_app_lock())
    distributions = metadata.packages_distributions()
    imported = {
        app_lock.normalise(dist)
        for module in _imported_top_levels()
        for dist in distributions.get(module, [])
    } - {"renovation-planner"}
    assert {"streamlit", "sqlmodel", "folium", "geopandas"} <= imported  # the scan sees them
    assert imported - app == set(), "imported by the app but not in requirements-app.lock"
    # What each package in the app lock needs, as installed here (no extras but the project's).
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    wanted = {
        app_lock.normalise(r.name): r.extras
        for r in map(Requirement, pyproject["project"]["dependencies"])
    }
    missing = set()
    for name in app:
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:  # not for this platform (a marker in the lock)
            continue
        for text in requires:
            need = Requirement(text)
            extras = wanted.get(name, set()) | {""}
            if need.marker is None or any(need.marker.evaluate({"extra": e}) for e in extras):
                if app_lock.normalise(need.name) not in app:
                    missing.add(f"{name} needs {need.name}")
    assert not missing, sorted(missing)
