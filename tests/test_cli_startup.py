"""The command line answers ``--help`` without loading the database, the settings or a domain.

``planner`` parses its arguments before it imports what a command needs (planner/cli/main.py,
planner/cli/commands.py). How fast that is lives in benchmarks/cli_benchmark.py; here, what
makes it fast: which modules a ``--help`` loads, and that every command's help works.
"""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys

import pytest

from planner.cli import commands as cli_commands
from planner.cli.main import _parser

#: Libraries a ``--help`` must not load (each costs a good part of a second, or more).
HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "pandas", "geopandas", "streamlit", "pydantic")

#: Run the command line in a fresh interpreter with each argument list of argv (JSON), and
#: print, per list, the exit code, the start of the output and the heavy modules loaded.
_PROBE = """
import contextlib, io, json, sys
from planner.cli.main import main
heavy = {heavy!r}
results = []
for argv in json.loads(sys.argv[1]):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            code = main(argv)
        except SystemExit as exit_:
            code = exit_.code
    loaded = sorted({{m.split(".")[0] for m in sys.modules}} & set(heavy))
    results.append({{"argv": argv, "code": code, "out": out.getvalue(), "loaded": loaded}})
print(json.dumps(results))
"""


def _command_paths(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list:
    """Every command and sub-command of the parser, e.g. ("user", "add")."""
    paths = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                paths.append((*prefix, name))
                paths.extend(_command_paths(sub, (*prefix, name)))
    return paths


def _probe(argvs: list[list[str]]) -> list[dict]:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE.format(heavy=HEAVY), json.dumps(argvs)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_planner_help_loads_no_database_settings_or_data_library():
    (top,) = _probe([["--help"]])
    assert top["code"] == 0
    assert top["out"].startswith("usage: planner")
    for command in ("db", "summary", "export-boq", "import-geodata", "serve", "user"):
        assert command in top["out"]
    assert top["loaded"] == []


def test_every_command_answers_help_at_once():
    paths = _command_paths(_parser())
    assert len(paths) >= 25  # 18 commands and their sub-commands
    results = _probe([[*path, "--help"] for path in paths])
    for path, result in zip(paths, results, strict=True):
        assert result["code"] == 0, path
        assert result["out"].startswith(f"usage: planner {' '.join(path)}"), path
        assert result["loaded"] == [], path  # the help of the last command loaded nothing yet


def test_a_command_that_runs_loads_what_it_needs(tmp_path):
    url = f"sqlite:///{tmp_path / 'planner.db'}"
    (ran,) = _probe([["--database-url", url, "db", "upgrade"]])
    assert ran["code"] == 0 and ran["out"].strip() == "schema up to date"
    assert {"sqlalchemy", "alembic", "pydantic"} <= set(ran["loaded"])


def test_each_command_has_one_runner_that_runs_it():
    top_level = {path[0] for path in _command_paths(_parser())}
    assert set(cli_commands.RUNNERS) == top_level
    for command, module_name in cli_commands.RUNNERS.items():
        module = importlib.import_module(module_name)
        assert callable(module.run), module_name
        # Another module's command is not claimed: run returns None without touching args.
        other = argparse.Namespace(command="not-a-command")
        assert module.run(other, None) is None, command


@pytest.mark.parametrize("argv", [[], ["no-such-command"], ["export-boq", "--year", "2023"]])
def test_bad_arguments_exit_2_before_anything_loads(argv):
    (result,) = _probe([argv])
    assert result["code"] == 2
    assert result["loaded"] == []
