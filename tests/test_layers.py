"""Layer rules, read from the source: who may import what, which package owns which table, sizes.

The rules (docs/architecture.md explains them):

- ``pages/`` never imports ``sqlmodel``, ``sqlalchemy`` or ``db.models``: a page reads widgets,
  calls the domain and renders.
- ``planner/``, ``db/`` and ``geodata/`` never import Streamlit; ``planner/`` never imports a
  drawing library (plotly, folium): pages and ``geodata/`` builders draw.
- ``db/`` imports nothing of ``planner/`` but the scope catalogue (plain data).
- One door to each table: a domain table is imported only by the package that owns it; the
  shared tables (programmes, sites, buildings, scope types) may be read by every domain, but
  rows of any table are created, updated or deleted only by its owner.
- No module takes another package's private (``_underscored``) names.
- No page is longer than 200 lines and no module longer than 600, the sample builder aside.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

UI_MODULES = {"streamlit", "streamlit_folium"}
DRAWING_MODULES = {"plotly", "folium", "branca"}
PAGE_MAX_LINES = 200
MODULE_MAX_LINES = 600
LONG_MODULES_ALLOWED = {"geodata/sample/builder.py"}

#: Which planner unit owns which table class (a unit is a top module or a domain package).
OWNERS: dict[str, set[str]] = {
    "planner.programmes": {"Programme", "ProgrammeSite"},
    "planner.sites": {"Site", "Building"},
    "planner.catalogue": {"ScopeType"},
    "planner.audit": {"AuditEntry"},
    "planner.works": {"WorkItem"},
    "planner.boq": {"RateSet", "BoqRate"},
    "planner.surveys": {"Survey", "SurveyResponse", "SurveyImport", "Suggestion", "ConsentVote"},
    "planner.gis": {"UnassignedBuilding"},
    "planner.accounts": {"UserAccount", "LoginSession"},
    "planner.limits": {"RateCounter", "WorkSlot"},
    "planner.portal": {"FeedbackContact"},
    "planner.fieldwork": {
        "SitePhoto",
        "PhotoBlob",
        "FieldReport",
        "WorkAcceptance",
        "AcceptanceDefect",
    },
    "planner.money": {
        "FundingEntry",
        "CompoundBudget",
        "ControlPriceApproval",
        "TenderSection",
        "TenderSectionUnit",
        "Contract",
        "ContractLine",
        "Measurement",
        "MeasurementLine",
        "ContractPayment",
        "ContractChange",
        "AuditAdjustment",
    },
}
SHARED_TABLES = {"Programme", "ProgrammeSite", "Site", "Building", "ScopeType"}
TABLE_OWNER = {table: owner for owner, tables in OWNERS.items() for table in tables}
WRITE_CALLS = {"update", "delete", "insert"}


def _python_files(*folders: str) -> list[Path]:
    files = [p for folder in folders for p in (ROOT / folder).rglob("*.py")]
    assert files, folders
    return sorted(files)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _unit(module: str) -> str:
    """``planner.works.items`` → ``planner.works``; ``planner.audit`` → ``planner.audit``."""
    parts = module.split(".")
    if parts[0] != "planner" or len(parts) < 2:
        return parts[0]
    return ".".join(parts[:2])


def _imports(tree: ast.AST) -> Iterator[tuple[str, str | None, int]]:
    """(module, imported name or None, line) of every absolute import in the tree."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                yield node.module, alias.name, node.lineno


def _parsed(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _offenders(folders: tuple[str, ...], forbidden: set[str]) -> list[str]:
    found = []
    for path in _python_files(*folders):
        for module, _name, line in _imports(_parsed(path)):
            if module.split(".")[0] in forbidden:
                found.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return found


@pytest.mark.parametrize("package", ["planner", "db", "geodata"])
def test_package_never_imports_streamlit(package):
    assert _offenders((package,), UI_MODULES) == []


def test_planner_never_draws():
    assert _offenders(("planner",), DRAWING_MODULES) == []


def test_pages_never_touch_tables_or_sql():
    found = []
    for path in _python_files("pages") + [ROOT / "streamlit_app.py"]:
        for module, _name, line in _imports(_parsed(path)):
            if module.split(".")[0] in ("sqlmodel", "sqlalchemy") or module.startswith("db.models"):
                found.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert found == []


def test_db_imports_only_the_catalogue_of_planner():
    found = []
    for path in _python_files("db"):
        for module, _name, line in _imports(_parsed(path)):
            if module.split(".")[0] == "planner" and module != "planner.catalogue":
                found.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert found == []


def test_geodata_imports_neither_planner_nor_pages():
    assert _offenders(("geodata",), {"planner", "pages", "db"}) == []


def test_domain_tables_are_imported_only_by_their_owner():
    found = []
    for path in _python_files("planner", "pages"):
        unit = _unit(_module_name(path))
        for module, name, line in _imports(_parsed(path)):
            if not module.startswith("db.models") or name is None:
                continue
            owner = TABLE_OWNER.get(name)
            if owner is not None and owner != unit and name not in SHARED_TABLES:
                found.append(f"{path.relative_to(ROOT)}:{line} imports {name} (owned by {owner})")
    assert found == []


def _written_tables(tree: ast.AST) -> Iterator[tuple[str, int]]:
    """Tables whose rows the code creates (``Site(...)``) or changes (``update(Site)``)."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in TABLE_OWNER:
            yield func.id, node.lineno
        elif isinstance(func, ast.Name) and func.id in WRITE_CALLS and node.args:
            first = node.args[0]
            if isinstance(first, ast.Name) and first.id in TABLE_OWNER:
                yield first.id, node.lineno


def test_rows_are_written_only_by_the_owner_of_their_table():
    found = []
    for path in _python_files("planner", "pages"):
        unit = _unit(_module_name(path))
        for table, line in _written_tables(_parsed(path)):
            if TABLE_OWNER[table] != unit:
                found.append(f"{path.relative_to(ROOT)}:{line} writes {table}")
    assert found == []


def test_no_module_takes_another_units_private_names():
    found = []
    for path in _python_files("planner", "pages", "db", "geodata") + [ROOT / "streamlit_app.py"]:
        unit = _unit(_module_name(path))
        for module, name, line in _imports(_parsed(path)):
            if name is None or not name.startswith("_") or name.startswith("__"):
                continue
            if module.split(".")[0] in ("planner", "db", "geodata", "pages") and (
                _unit(module) != unit
            ):
                if module.startswith("pages._") and unit == "pages":
                    continue  # the pages' own helper modules
                found.append(f"{path.relative_to(ROOT)}:{line} takes {module}.{name}")
    assert found == []


def test_pages_are_short():
    long = {
        p.name: n
        for p in (ROOT / "pages").glob("*.py")
        if not p.name.startswith("_")
        and (n := len(p.read_text(encoding="utf-8").splitlines())) > PAGE_MAX_LINES
    }
    assert long == {}


def test_modules_are_short():
    long = {}
    for path in _python_files("planner", "db", "geodata", "pages") + [ROOT / "streamlit_app.py"]:
        rel = path.relative_to(ROOT).as_posix()
        if rel in LONG_MODULES_ALLOWED or "/migrations/" in rel:
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MODULE_MAX_LINES:
            long[rel] = lines
    assert long == {}


def test_pages_do_not_define_tables_or_page_config():
    for page in (ROOT / "pages").glob("*.py"):
        text = page.read_text(encoding="utf-8")
        assert "table=True" not in text, page.name
        assert "set_page_config" not in text, page.name


def test_the_rules_catch_what_they_name(tmp_path):
    """The checks above find a planted offence (so a passing run means something)."""
    tree = ast.parse(
        "from db.models import WorkItem, Site\n"
        "from planner.works.items import _secret\n"
        "import plotly.express as px\n"
        "x = Site(name_zh='a')\n"
        "update(WorkItem)\n"
    )
    assert {m for m, _n, _l in _imports(tree)} == {
        "db.models",
        "planner.works.items",
        "plotly.express",
    }
    assert sorted(t for t, _l in _written_tables(tree)) == ["Site", "WorkItem"]
    assert _unit("planner.works.items") == "planner.works"
    assert _unit("planner.audit") == "planner.audit"
