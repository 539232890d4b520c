"""Everything a person can set or type is documented (as Datasette's tests do it): every setting
(each field of a ``BaseSettings`` class → its ``PLANNER_*`` variable), every environment
variable the code reads (Python and the scripts), and every command and sub-command of the
``planner`` command line is named in README.md or docs/*.md. Each check catches a planted,
undocumented name."""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pytest

from planner.cli.main import main as planner_main

ROOT = Path(__file__).resolve().parents[1]
CODE = ("planner", "db", "geodata", "maps", "pages", "deploy", "tests", "benchmarks")
SCRIPTS = ("scripts", ".ci")


def _docs() -> str:
    files = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


def _python_files() -> list[Path]:
    files = [p for folder in CODE for p in (ROOT / folder).rglob("*.py")]
    return sorted(files) + [ROOT / "streamlit_app.py"]


def undocumented(names: Iterable[str], docs: str) -> list[str]:
    """The names that appear nowhere in ``docs`` as a word of their own."""
    return sorted(
        n for n in set(names) if not re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", docs)
    )


# --- settings -------------------------------------------------------------------------------


def settings_variables(source: str) -> set[str]:
    """The environment variables of every ``BaseSettings`` class in ``source``."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ClassDef):
            continue
        bases = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
        if "BaseSettings" not in bases:
            continue
        prefix = ""
        for item in node.body:
            if (
                isinstance(item, ast.Assign)
                and getattr(item.targets[0], "id", "") == "model_config"
                and isinstance(item.value, ast.Call)
            ):
                for keyword in item.value.keywords:
                    if keyword.arg == "env_prefix" and isinstance(keyword.value, ast.Constant):
                        prefix = keyword.value.value
        for item in node.body:
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                name = item.target.id
                if name != "model_config" and "ClassVar" not in ast.unparse(item.annotation):
                    found.add(f"{prefix}{name}".upper())
    return found


def test_every_setting_is_documented():
    names = set()
    for path in _python_files():
        if path.parts[-2:-1] != ("tests",):
            names |= settings_variables(path.read_text(encoding="utf-8"))
    assert "PLANNER_FEEDBACK_LIMIT" in names and "PLANNER_DATABASE_URL" in names  # found at all
    assert undocumented(names, _docs()) == []


# --- environment variables ------------------------------------------------------------------


def python_variables(source: str) -> set[str]:
    """Environment variables a Python source reads: ``os.environ.get("X")``,
    ``os.environ["X"]``, ``os.getenv("X")``, ``environ.setdefault("X", …)``, ``"X" in
    os.environ``."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = ast.unparse(node.func)
            if func.endswith(("environ.get", "getenv", "environ.setdefault", "environ.pop")):
                found.add(node.args[0].value)
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value).endswith("environ"):
            if isinstance(node.slice, ast.Constant) and isinstance(node.ctx, ast.Load):
                found.add(node.slice.value)
        elif (
            isinstance(node, ast.Compare)
            and isinstance(node.left, ast.Constant)
            and any(ast.unparse(c).endswith("environ") for c in node.comparators)
        ):
            found.add(node.left.value)
    return {n for n in found if isinstance(n, str)}


def shell_variables(text: str) -> set[str]:
    """Environment variables a shell script reads with a default or a test:
    ``${NAME:-…}``, ``${NAME:+…}``, ``${NAME-…}``."""
    return set(re.findall(r"\$\{([A-Z][A-Z0-9_]*):?[-+]", text))


def test_every_environment_variable_the_code_reads_is_documented():
    names = set()
    for path in _python_files():
        names |= python_variables(path.read_text(encoding="utf-8"))
    for folder in SCRIPTS:
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in ("", ".sh"):
                names |= shell_variables(path.read_text(encoding="utf-8", errors="replace"))
    assert {"PLANNER_DATABASE_URL", "PLANNER_RAISE_PAGE_ERRORS", "CI"} <= names  # found at all
    assert undocumented(names, _docs()) == []


# --- the command line -----------------------------------------------------------------------


def _help(run: Callable[[Sequence[str]], object], argv: Sequence[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        run([*argv, "--help"])
    return out.getvalue()


def commands(run: Callable[[Sequence[str]], object], prefix: Sequence[str] = ()) -> list[tuple]:
    """Every command path (``("db",)``, ``("db", "upgrade")`` …) of a command line, read from
    its ``--help`` (what a person sees), sub-commands too."""
    text = _help(run, prefix)
    found: list[tuple] = []
    section = text.split("positional arguments:", 1)
    if len(section) < 2:
        return found
    choices = re.match(r"\s*\{([^}]*)\}", section[1])
    if choices is None:
        return found
    for name in choices[1].split(","):
        path = (*prefix, name)
        found.append(path)
        found += commands(run, path)
    return found


def undocumented_commands(paths: Iterable[tuple], docs: str, program: str = "planner") -> list:
    """Command paths no line of ``docs`` shows: ``planner db upgrade`` (the sub-command may
    follow other words of the same command's line: ``planner user list | disable NAME``)."""
    missing = []
    for path in paths:
        head = re.escape(f"{program} {path[0]}")
        rest = "".join(rf"(?=[^\n]*(?<![\w-]){re.escape(word)}(?![\w-]))" for word in path[1:])
        if not re.search(rf"(?<![\w-]){head}(?![\w-]){rest}", docs):
            missing.append(" ".join(path))
    return missing


def test_every_command_and_sub_command_is_documented():
    paths = commands(planner_main)
    assert ("db", "upgrade") in paths and ("export-boq",) in paths  # found at all
    assert undocumented_commands(paths, _docs()) == []


# --- the checks catch a planted, undocumented name ------------------------------------------


def test_an_undocumented_setting_is_caught():
    source = (
        "from pydantic_settings import BaseSettings, SettingsConfigDict\n"
        "class S(BaseSettings):\n"
        "    model_config = SettingsConfigDict(env_prefix='PLANNER_')\n"
        "    feedback_limit: int = 3\n"
        "    planted_nobody_documented: int = 1\n"
    )
    names = settings_variables(source)
    assert names == {"PLANNER_FEEDBACK_LIMIT", "PLANNER_PLANTED_NOBODY_DOCUMENTED"}
    assert undocumented(names, _docs()) == ["PLANNER_PLANTED_NOBODY_DOCUMENTED"]


def test_an_undocumented_environment_variable_is_caught():
    source = (
        "import os\n"
        "a = os.environ.get('PLANNER_GC_FREEZE', '1')\n"
        "b = os.getenv('PLANNER_PLANTED_A')\n"
        "c = os.environ['PLANNER_PLANTED_B']\n"
        "d = 'PLANNER_PLANTED_C' in os.environ\n"
        "os.environ['PLANNER_WRITTEN_NOT_READ'] = '1'\n"
    )
    names = python_variables(source) | shell_variables('x="${PLANNER_PLANTED_D:-/tmp}"\n')
    assert undocumented(names, _docs()) == [
        "PLANNER_PLANTED_A",
        "PLANNER_PLANTED_B",
        "PLANNER_PLANTED_C",
        "PLANNER_PLANTED_D",
    ]


def test_an_undocumented_command_is_caught():
    parser = argparse.ArgumentParser(prog="planner")
    top = parser.add_subparsers(dest="command", required=True)
    top.add_parser("seed")
    db = top.add_parser("db").add_subparsers(dest="sub", required=True)
    db.add_parser("upgrade")
    db.add_parser("planted-sub")
    top.add_parser("planted-command")
    paths = commands(parser.parse_args)
    assert ("db", "planted-sub") in paths and ("planted-command",) in paths
    assert undocumented_commands(paths, _docs()) == ["db planted-sub", "planted-command"]
