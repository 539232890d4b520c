"""``planner db upgrade|current``, ``planner seed`` and ``planner summary`` (see
planner/cli/commands.py): the schema, the sample programme and a year's key figures.

Every command first brings the database schema up to date. Commands that read data also seed
the illustrative sample programme into a brand-new database, as the app does on first run.
"""

from __future__ import annotations

import argparse
import json
import sys

from sqlalchemy.engine import Engine

from db.migrate import current_revision, upgrade_to_head
from db.session import session_scope
from planner.catalogue import SCOPE_BY_KEY
from planner.catalogue_table import sync_scope_catalogue
from planner.runtime.seed import seed_sample, seed_synthetic
from planner.runtime.startup import ensure_database_ready
from planner.works.reads import programme_summary


def run(args: argparse.Namespace, engine: Engine) -> int | None:
    """Run the command if it is one of this module's; else return None."""
    if args.command == "db":
        upgrade_to_head(engine)
        print(current_revision(engine) if args.db_command == "current" else "schema up to date")
        return 0
    if args.command == "seed":
        return _seed(engine, args)
    if args.command == "summary":
        ensure_database_ready(engine)
        summary = programme_summary(engine, year=args.year, kind=args.kind)
        if not summary.programmes:
            print(f"no {args.kind} programme for {args.year}", file=sys.stderr)
            return 1
        if args.json:
            print(json.dumps(summary.to_json_dict(), ensure_ascii=False))
        else:
            _print_summary(summary.to_json_dict())
        return 0
    return None


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
