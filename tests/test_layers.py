"""Layer rules, read from the source: who may import what, which package owns which table, sizes.

The rules (docs/architecture.md explains them; the import contracts of ``.importlinter`` add
the layers and which domain may import which, indirect imports included):

- ``pages/`` never imports ``sqlmodel``, ``sqlalchemy`` or ``db.models``: a page reads widgets,
  calls the domain and renders.
- ``pages/`` (its helpers too) and ``streamlit_app.py`` never open the database: no
  ``db.session`` (nothing of ``db``) and no ``planner.transactions``. A page calls an action
  (``planner/<domain>/actions.py``) or a named read (``reads.py``), which open their own
  sessions; the engine is made by the frame (``planner.runtime.engine.engine_for``) and handed
  to the pages by ``pages/_common.get_engine``.
- ``planner/``, ``db/``, ``geodata/`` and ``maps/`` never import Streamlit; ``planner/`` never
  imports a drawing library (plotly, folium) nor the UI (pages, deploy, the entry point).
- ``db/`` imports nothing of ``planner/`` but the scope catalogue (plain data).
- One door to each table (``tests/ownership.py`` reads every form): a domain table is named only
  by the package that owns it; the shared tables (programmes, sites, buildings, scope types)
  may be read by every unit, but rows of any table are created, updated or deleted only by its
  owner, in ``planner/``, ``pages/`` and their helpers, ``maps/``, ``deploy/``, ``db/`` and the
  entry point alike.
- No module takes another unit's private (``_underscored``) names, imported or through an alias.
- No import names its module at run time, but where listed below; nothing imports the entry
  point.
- Every page declares the access key it runs under: ``page_start("<its key>")``.
- No page is longer than 200 lines and no module longer than 600, the sample builder aside.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.accounts.access import PAGES
from tests.ownership import (
    OWNERS,
    ROOT,
    SQL_NAMES,
    TABLE_OWNER,
    Offence,
    module_name,
    returned_tables,
    scan_source,
    unit,
)

UI_MODULES = {"streamlit", "streamlit_folium"}
DRAWING_MODULES = {"plotly", "folium", "branca"}
PAGE_MAX_LINES = 200
MODULE_MAX_LINES = 600
LONG_MODULES_ALLOWED = {"geodata/sample/builder.py"}

#: Where an import names its module at run time, and why that is checked anyway.
DYNAMIC_IMPORTS_ALLOWED = {
    # Both import, ahead of the first visitor, what the pages import: the names are read from
    # the pages' own source (pages._common.modules_imported_by), whose imports are checked here.
    "pages/_common.py",
    "deploy/asgi.py",
    # The command modules, named as literals in RUNNERS; each is a file checked here.
    "planner/cli/commands.py",
}

#: What opens the database: only actions and reads may (pages call them).
DATABASE_DOORS = ("db", "planner.transactions")


def _python_files(*folders: str) -> list[Path]:
    files = [p for folder in folders for p in (ROOT / folder).rglob("*.py")]
    assert files, folders
    return sorted(files)


def _checked_files() -> list[Path]:
    """Every module the ownership rules read: the table definitions and the migrations (the
    schema's own history) aside."""
    files = _python_files("planner", "pages", "public_web", "maps", "deploy", "db") + [
        ROOT / "streamlit_app.py"
    ]
    return [
        p
        for p in files
        if not p.relative_to(ROOT).as_posix().startswith(("db/models/", "db/migrations/"))
    ]


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


@pytest.mark.parametrize("package", ["planner", "db", "geodata", "maps"])
def test_package_never_imports_streamlit(package):
    assert _offenders((package,), UI_MODULES) == []


def test_planner_never_draws():
    assert _offenders(("planner",), DRAWING_MODULES) == []


def test_pages_never_touch_tables_or_sql():
    found = []
    for path in _python_files("pages", "public_web") + [ROOT / "streamlit_app.py"]:
        for module, _name, line in _imports(_parsed(path)):
            if module.split(".")[0] in ("sqlmodel", "sqlalchemy") or module.startswith("db.models"):
                found.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert found == []


def _opens_the_database(tree: ast.AST) -> list[tuple[str, int]]:
    """(module, line) of every import of ``db`` or ``planner.transactions`` in the tree."""
    return [
        (module, line)
        for module, _name, line in _imports(tree)
        if any(module == door or module.startswith(door + ".") for door in DATABASE_DOORS)
    ]


def test_pages_never_open_the_database():
    """The Streamlit pages and the plain pages (public_web) alike."""
    found = []
    for path in _python_files("pages", "public_web") + [ROOT / "streamlit_app.py"]:
        for module, line in _opens_the_database(_parsed(path)):
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
    assert _offenders(("geodata",), {"planner", "pages", "db", "maps"}) == []


@functools.cache
def _returns() -> dict[str, tuple[str, bool]]:
    """Functions of the project annotated to return rows, by dotted name (read once)."""
    return returned_tables(_checked_files())


def _project_offences() -> list[Offence]:
    files = _checked_files()
    returns = _returns()
    found = []
    for path in files:
        relative = path.relative_to(ROOT).as_posix()
        module, is_package = module_name(path)
        found += scan_source(
            path.read_text(encoding="utf-8"),
            module,
            path=relative,
            is_package=is_package,
            returns=returns,
            allowed_dynamic=relative in DYNAMIC_IMPORTS_ALLOWED,
        )
    return found


def test_no_unit_touches_another_units_tables_or_private_names():
    """Tables named, rows written, private names taken, the UI or the entry point imported,
    modules imported by a name made at run time: none outside the rules (see the module)."""
    assert [str(o) for o in _project_offences()] == []


def test_every_owner_and_table_is_real():
    from sqlmodel import SQLModel

    import db.models  # noqa: F401  (registers every table)

    tables = {
        cls.__name__: cls.__tablename__
        for cls in SQLModel.__subclasses__()
        if hasattr(cls, "__table__")
    }
    assert set(TABLE_OWNER) == set(tables), "every table has one owner in tests/ownership.py"
    assert SQL_NAMES == {name: cls for cls, name in tables.items()}
    for owner in OWNERS:
        path = ROOT.joinpath(*owner.split("."))
        assert path.with_suffix(".py").is_file() or (path / "__init__.py").is_file(), owner


def test_every_page_declares_its_own_access_key():
    declared = {}
    for spec in PAGES:
        tree = _parsed(ROOT / spec.path)
        calls = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "page_start"
        ]
        assert len(calls) == 1, f"{spec.path} calls page_start once"
        (argument,) = calls[0].args
        assert isinstance(argument, ast.Constant), f"{spec.path}: the key is written out"
        declared[spec.path] = argument.value
    assert declared == {spec.path: spec.url_path for spec in PAGES}
    for path in _python_files("pages", "planner", "maps") + [ROOT / "streamlit_app.py"]:
        text = path.read_text(encoding="utf-8")
        assert "_getframe" not in text and "inspect.stack" not in text, path


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
    folders = ("planner", "db", "geodata", "pages", "public_web", "maps", "deploy")
    for path in _python_files(*folders) + [ROOT / "streamlit_app.py"]:
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


# --- the rules catch what they name: one offence planted per rule ------------------------------

#: (rule, the planted module, its source, what the report must say). Every way of reaching a
#: table or a private name, in every kind of module the rules read.
PLANTED: list[tuple[str, str, str, str]] = [
    # a domain table named by another unit: imported, as a module attribute, through importlib,
    # by a relative import's module, in raw SQL
    ("table-access", "planner.boq.x", "from db.models import WorkItem\n", "imports WorkItem"),
    ("table-access", "maps.x", "from db import models\nn = models.WorkItem.id\n", "models.Work"),
    (
        "table-access",
        "planner.gis.x",
        "import importlib\nm = importlib.import_module('db.models')\nq = m.Survey\n",
        "db.models.Survey",
    ),
    (
        "table-access",
        "planner.portal.x",
        "from sqlalchemy import text\nq = text('SELECT * FROM survey_response')\n",
        "SQL reads survey_response",
    ),
    # rows written outside the owner: created, by write statements, by raw SQL, by attribute
    (
        "table-write",
        "planner.works.x",
        "from db.models import Site\ns = Site(key='a')\n",
        "creates a Site row",
    ),
    (
        "table-write",
        "planner.boq.x",
        "import db.models as m\nfrom sqlalchemy import update\nupdate(m.Building).values(x=1)\n",
        "update(Building)",
    ),
    (
        "table-write",
        "planner.surveys.x",
        "from sqlalchemy.dialects.postgresql import insert as pg_insert\n"
        "from db.models import Programme\npg_insert(Programme).values(key='a')\n",
        "pg_insert(Programme)",
    ),
    (
        "table-write",
        "planner.fieldwork.x",
        "from db.models import Site\n"
        "def f(session):\n    session.execute(Site.__table__.delete())\n",
        "delete(Site)",
    ),
    (
        "table-write",
        "planner.gis.x",
        "from db import bulk\nfrom db.models import Building\n"
        "def f(session, rows):\n    bulk.insert_rows(session, Building, rows)\n",
        "insert_rows(Building)",
    ),
    (
        "table-write",
        "planner.portal.x",
        "def f(s):\n    s.execute('UPDATE work_item SET status = 1')\n",
        "SQL writes work_item",
    ),
    (
        "table-write",
        "planner.surveys.x",
        "from db.models import Site\ndef f(session, rows):\n    _copy(session, Site, rows)\n"
        "def _copy(session, model, rows):\n    pass\n",
        "hands Site to _copy()",
    ),
    (
        "table-write",
        "planner.gis.x",
        "from planner import sites\ndef f(session):\n"
        "    site = sites.get_site(session, 1)\n    site.name_zh = 'x'\n",
        "sets site.name_zh of Site",
    ),
    (
        "table-write",
        "planner.boq.x",
        "from db.models import Building\ndef f(building: Building):\n"
        "    setattr(building, 'floors', 3)\n",
        "setattr on a Building",
    ),
    (
        "table-write",
        "planner.portal.x",
        "from sqlmodel import select\nfrom db.models import Site\ndef f(session):\n"
        "    for site in session.exec(select(Site)).all():\n        session.delete(site)\n",
        "session.delete of a Site",
    ),
    # a helper module beside the pages, the server, db: writes with no table in sight
    (
        "table-write",
        "pages._helper",
        "def f(session, row):\n    session.add(row)\n",
        "session.add outside a domain",
    ),
    (
        "table-write",
        "deploy.x",
        "def f(session, row):\n    session.delete(row)\n",
        "session.delete outside a domain",
    ),
    (
        "table-write",
        "db.x",
        "from db.models import Programme\ndef f(session):\n    session.add(Programme(key='a'))\n",
        "creates a Programme row",
    ),
    # private names: imported, through a module alias, through a relative import
    ("private-name", "planner.boq.x", "from planner.works.items import _x\n", "items._x"),
    (
        "private-name",
        "pages.x",
        "from planner.works import items as wi\nwi._stale_ids([])\n",
        "takes planner.works.items._stale_ids",
    ),
    (
        "private-name",
        "planner.boq.x",
        "from ..works.items import _x\n",
        "takes planner.works.items._x",
    ),
    # planner importing the UI (here by a relative import), the entry point imported
    ("planner-imports-ui", "planner.works.x", "from pages import _common\n", "pages._common"),
    ("entry-imported", "pages.x", "import streamlit_app\n", "streamlit_app"),
    # a module named at run time
    (
        "dynamic-import",
        "planner.works.x",
        "import importlib\ndef f(name):\n    return importlib.import_module(name)\n",
        "named at run time",
    ),
    ("dynamic-import", "maps.x", "def f(name):\n    return __import__(name)\n", "run time"),
]


@pytest.mark.parametrize(
    ("rule", "module", "source", "expected"),
    PLANTED,
    ids=[f"{rule}:{module}:{i}" for i, (rule, module, *_rest) in enumerate(PLANTED)],
)
def test_the_rules_catch_a_planted_offence(rule, module, source, expected):
    found = scan_source(source, module, returns=_returns())
    assert any(o.rule == rule and expected in o.what for o in found), [str(o) for o in found]


def test_every_rule_has_a_planted_offence():
    rules = {rule for rule, *_ in PLANTED}
    assert rules == {
        "table-access",
        "table-write",
        "private-name",
        "planner-imports-ui",
        "entry-imported",
        "dynamic-import",
    }


def test_the_owners_write_their_own_tables_without_offence():
    """The same forms inside the owner are no offence (the rules are not blind refusals)."""
    source = (
        "from sqlalchemy import update\nfrom db.models import WorkItem\n"
        "def f(session, item: WorkItem):\n    item.note = 'x'\n    session.add(item)\n"
        "    session.execute(update(WorkItem).values(note='y'))\n"
        "    session.execute('UPDATE work_item SET note = 1')\n"
    )
    assert scan_source(source, "planner.works.x") == []


def test_a_page_opening_the_database_is_caught():
    page = ast.parse(
        "from db.session import session_scope\n"
        "import db.config\n"
        "from planner.transactions import reading\n"
        "from planner.works import reads\n"
        "from planner.handles import Engine\n"
        "from dbx import y\n"
    )
    assert [m for m, _l in _opens_the_database(page)] == [
        "db.session",
        "db.config",
        "planner.transactions",
    ]


def test_units():
    assert unit("planner.works.items") == "planner.works"
    assert unit("planner.audit") == "planner.audit"
    assert unit("maps.planning.data") == "maps" and unit("streamlit_app") == "streamlit_app"
