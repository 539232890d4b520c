"""The benchmarks and the deployment entry points are run by hand, not by the suite; a name they
import from the project that has moved would only show when someone runs them. Check that every
``from planner… / db… / geodata… / maps… / deploy… import name`` in them still resolves."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT_PACKAGES = {"planner", "db", "geodata", "maps", "deploy"}
SCRIPTS = sorted(
    [*ROOT.glob("benchmarks/*.py"), *ROOT.glob("deploy/*.py"), ROOT / "streamlit_app.py"]
)


def project_imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) for each absolute ``from <project package> import name`` in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] in PROJECT_PACKAGES:
                found += [(node.module, alias.name) for alias in node.names]
    return found


def unresolved(imports: list[tuple[str, str]]) -> list[str]:
    missing = []
    for module_name, name in imports:
        module = importlib.import_module(module_name)
        if hasattr(module, name):
            continue
        try:
            importlib.import_module(f"{module_name}.{name}")
        except ModuleNotFoundError:
            missing.append(f"{module_name}.{name}")
    return missing


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_names_a_script_imports_from_the_project_exist(script: Path):
    assert unresolved(project_imports(script)) == []


def test_the_check_catches_a_moved_name(tmp_path: Path):
    script = tmp_path / "old.py"
    script.write_text("from maps.planning.view import site_buildings\n", encoding="utf-8")
    assert unresolved(project_imports(script)) == ["maps.planning.view.site_buildings"]
