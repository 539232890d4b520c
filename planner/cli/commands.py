"""Sub-commands of the ``planner`` command line contributed by one domain module each.

Each module named in ``COMMAND_MODULES`` defines ``add_commands(commands)``, which adds its
sub-parsers to the ``argparse`` sub-parser collection, and ``run(args, engine) -> int | None``,
which runs the command when it is one of its own and returns the exit code (``None`` when the
command belongs to another module).
"""

from __future__ import annotations

import argparse
import importlib
from types import ModuleType

from sqlalchemy.engine import Engine

COMMAND_MODULES: tuple[str, ...] = (
    "planner.cli.boq",
    "planner.cli.surveys",
    "planner.cli.gis",
    "planner.cli.users",
    "planner.cli.maps",
    "planner.cli.photos",
    "planner.cli.privacy",
    "planner.cli.ops",
    "planner.cli.money",
)


def _modules() -> list[ModuleType]:
    return [importlib.import_module(name) for name in COMMAND_MODULES]


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Let every command module add its sub-commands."""
    for module in _modules():
        module.add_commands(commands)


def run(args: argparse.Namespace, engine: Engine) -> int | None:
    """Run ``args.command`` through the module that owns it; ``None`` if none does."""
    for module in _modules():
        code = module.run(args, engine)
        if code is not None:
            return code
    return None
