"""Every user action has a door someone uses: read from the source, not run.

An action is a public function of a ``planner/<domain>/actions.py``; a named read is a
public function of a ``reads.py`` (in ``planner/<domain>/`` or ``maps/planning/``). Each must
be used by at least one page (``pages/*.py``, the plain pages ``public_web/*.py``,
``streamlit_app.py``) or command (``planner/cli/*.py``): an action nobody calls is a door to
nowhere, and a button that writes without one would have to open the database itself (which
the layer rules forbid).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _module_name(path: Path, root: Path) -> str:
    return ".".join(path.relative_to(root).with_suffix("").parts)


def action_modules(root: Path) -> list[Path]:
    """Every ``planner/<domain>/actions.py``."""
    return sorted((root / "planner").glob("*/actions.py"))


def read_modules(root: Path) -> list[Path]:
    """Every ``reads.py`` of a domain, and the planning map's."""
    return sorted([*(root / "planner").glob("*/reads.py"), *(root / "maps").glob("*/reads.py")])


def callers(root: Path) -> list[Path]:
    """The pages (helpers included), the plain pages, the frame and the commands."""
    found = [
        *(root / "pages").glob("*.py"),
        *(root / "public_web").glob("*.py"),
        *(root / "planner" / "cli").glob("*.py"),
    ]
    frame = root / "streamlit_app.py"
    return sorted([*found, *([frame] if frame.exists() else [])])


def public_functions(path: Path) -> set[str]:
    """The module's top-level public functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
    }


def used_functions(path: Path, module: str) -> set[str]:
    """Names of ``module`` that the file at ``path`` uses: imported by name and then used,
    or reached as an attribute of the module imported under some name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package, _, leaf = module.rpartition(".")
    by_name: dict[str, str] = {}  # local name -> the module's function
    aliases: set[str] = set()  # local names of the module itself
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            for alias in node.names:
                local = alias.asname or alias.name
                if node.module == module:
                    by_name[local] = alias.name
                elif node.module == package and alias.name == leaf:
                    aliases.add(local)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == module and alias.asname:
                    aliases.add(alias.asname)
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in by_name:
            used.add(by_name[node.id])
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
        ):
            used.add(node.attr)
    return used


def unused(modules: list[Path], root: Path) -> dict[str, set[str]]:
    """Public functions of ``modules`` that no page or command uses, by module."""
    found = {}
    for path in modules:
        module = _module_name(path, root)
        wanted = public_functions(path)
        for caller in callers(root):
            wanted -= used_functions(caller, module)
        if wanted:
            found[module] = wanted
    return found


def test_there_are_actions_in_every_domain_that_users_write():
    domains = {path.parent.name for path in action_modules(ROOT)}
    assert domains >= {
        "accounts",
        "boq",
        "boq_workbook",
        "fieldwork",
        "gis",
        "money",
        "portal",
        "surveys",
        "works",
    }


@pytest.mark.parametrize("kind", ["actions", "reads"])
def test_every_action_and_read_has_a_page_or_a_command(kind):
    modules = action_modules(ROOT) if kind == "actions" else read_modules(ROOT)
    assert modules
    assert unused(modules, ROOT) == {}


def test_the_check_finds_an_action_nobody_calls(tmp_path):
    """A planted uncalled action (and one reached only through its module) is told apart."""
    (tmp_path / "planner" / "things").mkdir(parents=True)
    (tmp_path / "planner" / "cli").mkdir()
    (tmp_path / "pages").mkdir()
    (tmp_path / "planner" / "things" / "actions.py").write_text(
        "def save_thing(engine):\n    ...\n\n"
        "def forgotten(engine):\n    ...\n\n"
        "def also_used(engine):\n    ...\n\n"
        "def _helper():\n    ...\n",
        encoding="utf-8",
    )
    (tmp_path / "pages" / "things.py").write_text(
        "from planner.things.actions import save_thing\n"
        "from planner.things.actions import forgotten as _unused_import\n"
        "save_thing(None)\n",
        encoding="utf-8",
    )
    (tmp_path / "planner" / "cli" / "things.py").write_text(
        "from planner.things import actions as act\n\n"
        "def run(engine):\n    act.also_used(engine)\n",
        encoding="utf-8",
    )
    modules = action_modules(tmp_path)
    assert [m.parent.name for m in modules] == ["things"]
    assert unused(modules, tmp_path) == {"planner.things.actions": {"forgotten"}}
