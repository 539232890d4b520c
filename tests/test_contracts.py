"""The import contracts (.importlinter, run by ``lint-imports`` in scripts/test.sh) catch what
they name: one offence planted per contract in a copy of the source is reported by that
contract, indirect ones included; and no module of planner/ escapes the layers."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / ".importlinter"
PACKAGES = ("planner", "db", "geodata", "maps", "pages", "public_web", "deploy")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

#: contract id → planted files (path, source) and what its report must name (importer -> imported).
PLANTS: dict[str, tuple[list[tuple[str, str]], list[str]]] = {
    "layers": (
        [
            # a domain reaching up into maps/
            ("planner/works/_planted_up.py", "import maps.drawing\n"),
            # siblings of one layer are independent
            ("planner/boq/_planted_sibling.py", "import planner.surveys.statistics\n"),
            # the catalogue text importing the bill (the offence issue #18 found)
            ("planner/messages/_planted.py", "from planner.boq import catalogue\n"),
            # indirect: a kernel module reaches a domain through a module in no layer
            ("planner/_planted_helper.py", "import planner.works.queries\n"),
            ("planner/progress.py", "+import planner._planted_helper\n"),
        ],
        [
            "planner.works._planted_up -> maps.drawing",
            "planner.boq._planted_sibling -> planner.surveys.statistics",
            "planner.messages._planted -> planner.boq",
            "planner.progress -> planner._planted_helper",
            "planner._planted_helper -> planner.works.queries",
        ],
    ),
    "portal-imports": (
        [("planner/portal/_planted.py", "import planner.boq.bill\n")],
        ["planner.portal._planted -> planner.boq.bill"],
    ),
    "workbook-imports": (
        [("planner/boq_workbook/_planted.py", "import planner.surveys.statistics\n")],
        ["planner.boq_workbook._planted -> planner.surveys.statistics"],
    ),
    "money-imports": (
        # the money reaching into the portal (the public page composes them instead)
        [("planner/money/_planted.py", "import planner.portal.view\n")],
        ["planner.money._planted -> planner.portal.view"],
    ),
    "planner-no-ui": (
        [("planner/gis/_planted_ui.py", "import streamlit\n")],
        ["planner.gis._planted_ui -> streamlit"],
    ),
    "planner-no-drawing": (
        [("planner/boq/_planted_draw.py", "import plotly.express as px\n")],
        ["planner.boq._planted_draw -> plotly"],
    ),
    "db-imports": (
        [("db/_planted.py", "from planner.works import queries\n")],
        ["db._planted -> planner.works"],
    ),
    "geodata-imports": (
        [("geodata/_planted.py", "import db.models\n")],
        ["geodata._planted -> db.models"],
    ),
    "maps-no-ui": (
        [("maps/_planted.py", "import streamlit\n")],
        ["maps._planted -> streamlit"],
    ),
    "pages-no-sql": (
        [("pages/_planted.py", "from sqlmodel import select\n")],
        ["pages._planted -> sqlmodel"],
    ),
    "pages-no-db": (
        [
            ("pages/_planted_session.py", "from db.session import session_scope\n"),
            ("pages/_planted_transaction.py", "from planner.transactions import transaction\n"),
        ],
        [
            "pages._planted_session -> db.session",
            "pages._planted_transaction -> planner.transactions",
        ],
    ),
    "public-web-no-sql": (
        [("public_web/_planted.py", "from sqlalchemy import select\n")],
        ["public_web._planted -> sqlalchemy"],
    ),
    "public-web-no-db": (
        [("public_web/_planted_session.py", "from db.session import session_scope\n")],
        ["public_web._planted_session -> db.session"],
    ),
}


def _config() -> configparser.ConfigParser:
    parser = configparser.ConfigParser()
    parser.read(CONFIG, encoding="utf-8")
    return parser


def _contract_ids() -> list[str]:
    prefix = "importlinter:contract:"
    return [s[len(prefix) :] for s in _config().sections() if s.startswith(prefix)]


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def _planner_units() -> set[str]:
    """Every module and package directly under planner/."""
    units = set()
    for path in (ROOT / "planner").iterdir():
        if path.suffix == ".py" and path.stem != "__init__":
            units.add(f"planner.{path.stem}")
        elif path.is_dir() and (path / "__init__.py").exists():
            units.add(f"planner.{path.name}")
    return units


def test_every_planner_module_is_in_a_layer():
    named = set()
    for layer in _lines(_config()["importlinter:contract:layers"]["layers"]):
        named |= {m.strip(" ()") for m in re.split(r"[|:]", layer)}
    assert _planner_units() - named == set(), "add the new module to a layer in .importlinter"
    assert named - _planner_units() - set(PACKAGES) == set(), "a layer names a missing module"


def test_db_may_import_only_the_catalogue_of_planner():
    forbidden = set(_lines(_config()["importlinter:contract:db-imports"]["forbidden_modules"]))
    assert _planner_units() - forbidden == {"planner.catalogue"}


def test_every_contract_has_a_planted_offence():
    assert sorted(PLANTS) == sorted(_contract_ids())


def _plant(tree: Path) -> None:
    for files, _expected in PLANTS.values():
        for relative, source in files:
            target = tree / relative
            if source.startswith("+"):  # a line added to a copied module
                target.write_text(target.read_text(encoding="utf-8") + source[1:], "utf-8")
            else:
                target.write_text(source, encoding="utf-8")


def _sections(report: str, names: dict[str, str]) -> dict[str, str]:
    """The report of each broken contract, by contract id (from the "Broken contracts" part)."""
    broken = report.split("Broken contracts", 1)[-1]
    lines = broken.splitlines()
    starts = []
    for i, line in enumerate(lines[:-1]):
        for contract, name in names.items():
            # A heading: the name (wrapped or not) over a rule of dashes as long as the name.
            if line.strip() == name and set(lines[i + 1].strip()) == {"-"}:
                starts.append((i, contract))
    starts.sort()
    found = {}
    for k, (start, contract) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        found[contract] = "\n".join(lines[start:end])
    return found


@pytest.fixture(scope="module")
def planted_report(tmp_path_factory) -> tuple[str, int]:
    """lint-imports on a copy of the source with every offence of PLANTS planted."""
    tree = tmp_path_factory.mktemp("planted")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tree / package, ignore=ignore)
    shutil.copy(CONFIG, tree / ".importlinter")
    _plant(tree)
    env = {**os.environ, "PYTHONPATH": str(tree), "COLUMNS": "400"}  # the copy, not ROOT
    done = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.stdout + done.stderr, done.returncode


@pytest.mark.parametrize("contract", sorted(PLANTS))
def test_each_contract_reports_its_planted_offence(planted_report, contract):
    report, code = planted_report
    assert code != 0, report
    names = {c: _config()[f"importlinter:contract:{c}"]["name"] for c in _contract_ids()}
    sections = _sections(report, names)
    assert contract in sections, f"{names[contract]!r} was not broken:\n{report}"
    for expected in PLANTS[contract][1]:
        assert expected in sections[contract], f"{expected} not reported:\n{sections[contract]}"


def test_the_contracts_hold_on_the_source():
    """What scripts/test.sh runs before the tests (here too, so a pytest run alone sees it)."""
    done = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "400"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
