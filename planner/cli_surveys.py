"""The surveys sub-commands of the ``planner`` command line (see planner/cli_commands.py)."""

from __future__ import annotations

import argparse

from sqlalchemy.engine import Engine


def add_commands(commands: argparse._SubParsersAction) -> None:  # noqa: ARG001
    """Add this module's sub-commands to the command line."""


def run(args: argparse.Namespace, engine: Engine) -> int | None:  # noqa: ARG001
    """Run the command if it is one of this module's; else return None."""
    return None
