"""The ``planner`` command line: the same functions the pages call, for scripts and cron jobs.

It parses its arguments before it imports anything heavy: building the parser loads only the
standard library and plain data (planner/cli/commands.py), so ``planner --help`` and
``planner <command> --help`` answer at once. Then it reads the settings, makes the engine
and imports the module that runs the command (and with it SQLAlchemy, Alembic and the
domains that command needs).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from planner.cli import commands as cli_commands


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planner", description="Renovation Planner (老旧小区改造规划) command line."
    )
    parser.add_argument(
        "--database-url",
        help="database URL (default: PLANNER_DATABASE_URL, else a SQLite file in ./data)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    cli_commands.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    args = _parser().parse_args(argv)
    # Only now, for a command that runs: the settings, and the database it touches.
    from db.session import make_engine
    from planner.settings import load_settings

    settings = load_settings()
    engine = make_engine(
        args.database_url or settings.resolved_database_url(),
        sqlite_busy_timeout_ms=settings.sqlite_busy_timeout_ms,
    )
    try:
        code = cli_commands.run(args, engine)
        if code is not None:
            return code
    finally:
        engine.dispose()
    return 2


if __name__ == "__main__":
    sys.exit(main())
