"""The ``planner`` command line: the same functions the pages call, for scripts and cron jobs.

Every command first brings the database schema up to date. Commands that read data also seed
the illustrative sample programme into a brand-new database, as the app does on first run.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from db.config import database_url
from db.migrate import current_revision, upgrade_to_head
from db.models import ProgrammeKind
from db.session import make_engine, session_scope
from planner.catalogue import SCOPE_BY_KEY
from planner.catalogue_table import sync_scope_catalogue
from planner.cli import commands as cli_commands
from planner.runtime.seed import seed_sample, seed_synthetic
from planner.runtime.startup import ensure_database_ready
from planner.works.summary import programme_summary


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planner", description="Renovation Planner (老旧小区改造规划) command line."
    )
    parser.add_argument(
        "--database-url",
        help="database URL (default: PLANNER_DATABASE_URL, else a SQLite file in ./data)",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    db_cmd = commands.add_parser("db", help="database schema")
    db_sub = db_cmd.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply all pending migrations")
    db_sub.add_parser("current", help="print the schema revision of the database")

    seed = commands.add_parser("seed", help="load the illustrative Jiayuguan sample programme")
    seed.add_argument(
        "--synthetic-buildings",
        type=int,
        metavar="N",
        help="instead, add a synthetic city of N buildings (for benchmarks)",
    )
    seed.add_argument("--random-seed", type=int, default=42, help="seed of the synthetic city")

    summary = commands.add_parser("summary", help="key figures of a year's programmes")
    summary.add_argument("--year", type=int, required=True)
    summary.add_argument(
        "--kind",
        default=ProgrammeKind.COMPOUND_RENOVATION.value,
        choices=[k.value for k in ProgrammeKind],
        help="programme kind (default: compound_renovation)",
    )
    summary.add_argument("--json", action="store_true", help="print one JSON object")
    cli_commands.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    args = _parser().parse_args(argv)
    engine = make_engine(args.database_url or database_url())
    try:
        if args.command == "db":
            upgrade_to_head(engine)
            print(current_revision(engine) if args.db_command == "current" else "schema up to date")
            return 0
        if args.command == "seed":
            return _seed(engine, args)
        if args.command == "summary":
            ensure_database_ready(engine)
            with session_scope(engine) as session:
                summary = programme_summary(session, year=args.year, kind=args.kind)
            if not summary.programmes:
                print(f"no {args.kind} programme for {args.year}", file=sys.stderr)
                return 1
            if args.json:
                print(json.dumps(summary.to_json_dict(), ensure_ascii=False))
            else:
                _print_summary(summary.to_json_dict())
            return 0
        code = cli_commands.run(args, engine)
        if code is not None:
            return code
    finally:
        engine.dispose()
    return 2


def _seed(engine, args: argparse.Namespace) -> int:  # noqa: ANN001
    upgrade_to_head(engine)
    with session_scope(engine) as session:
        sync_scope_catalogue(session)
        if args.synthetic_buildings is not None:
            if args.synthetic_buildings < 1:
                print("--synthetic-buildings must be at least 1", file=sys.stderr)
                return 2
            report = seed_synthetic(session, args.synthetic_buildings, seed=args.random_seed)
        else:
            report = seed_sample(session)
    if report.skipped:
        print("already seeded: nothing changed")
    else:
        print(
            f"seeded {report.programmes} programmes, {report.sites} sites, "
            f"{report.buildings} buildings, {report.work_items} work items"
        )
    return 0


def _print_summary(data: dict) -> None:
    print(f"{data['year']} {data['kind']}: {', '.join(data['programmes'])}")
    print(f"  compounds   {data['compounds']:>10,}")
    print(f"  buildings   {data['buildings']:>10,}")
    print(f"  households  {data['households']:>10,}")
    for key, value in data["completed"].items():
        scope = SCOPE_BY_KEY.get(key)
        unit = scope.unit if scope else ""
        print(f"  {key:<28} {value:>12,} {unit}")


if __name__ == "__main__":
    sys.exit(main())
