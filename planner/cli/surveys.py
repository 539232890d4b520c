"""The surveys sub-commands of the ``planner`` command line (see planner/cli/commands.py).

``planner import-survey FILE --site NAME [--survey TITLE] [--channel C] [--only-valid]
[--dry-run] [--json]`` imports a survey export in one transaction: a file with errors changes
nothing (exit 1, the errors with row numbers on stderr) unless ``--only-valid``.
``planner survey-stats --site NAME | --programme KEY [--json]`` prints the statistics.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sqlalchemy.engine import Engine

from db.models import SurveyChannel
from planner.cli.output import report_refusal
from planner.errors import Refused
from planner.i18n import t
from planner.runtime.startup import ensure_database_ready
from planner.surveys import actions, reads
from planner.surveys import imports as si
from planner.works.reads import programme_by_key

COMMANDS = ("import-survey", "survey-stats")
LANG = "en"  # messages of the command line; files and names stay as they are


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add this module's sub-commands to the command line."""
    imp = commands.add_parser(
        "import-survey", help="import a survey export (CSV in UTF-8/GBK, XLSX, 问卷星 layout)"
    )
    imp.add_argument("file", type=Path, help="the CSV or XLSX file")
    imp.add_argument("--site", required=True, help="site key or name (e.g. 新华路)")
    imp.add_argument("--survey", help="survey title (default: the file name without extension)")
    imp.add_argument(
        "--channel", default=SurveyChannel.ONLINE.value, choices=[c.value for c in SurveyChannel]
    )
    imp.add_argument(
        "--only-valid", action="store_true", help="import the valid rows, skip the rest"
    )
    imp.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    imp.add_argument("--json", action="store_true", help="print one JSON object")
    imp.add_argument("--actor", default="cli", help="name written in the audit log")

    stats = commands.add_parser("survey-stats", help="survey statistics of a site or programme")
    which = stats.add_mutually_exclusive_group(required=True)
    which.add_argument("--site", help="site key or name")
    which.add_argument("--programme", help="programme key (e.g. p2023_xinhua)")
    stats.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace, engine: Engine) -> int | None:
    """Run the command if it is one of this module's; else return None."""
    if args.command not in COMMANDS:
        return None
    ensure_database_ready(engine)
    if args.command == "import-survey":
        return _import(args, engine)
    return _stats(args, engine)


def _fail(message: str, code: int = 1) -> int:
    print(message, file=sys.stderr)
    return code


def _import(args: argparse.Namespace, engine: Engine) -> int:
    try:
        data = args.file.read_bytes()
    except OSError as error:
        return _fail(f"cannot read {args.file}: {error.strerror or error}", 2)
    try:
        table = si.read_table(data, args.file.name)
    except Refused as error:  # empty, not CSV or XLSX, an unknown encoding
        return report_refusal(error, as_json=args.json, prefix=f"{args.file.name}: ")
    try:
        site = reads.find_site(engine, args.site)
    except Refused as error:  # no single site of that name
        return report_refusal(error, code=2, as_json=args.json)
    try:
        done = actions.import_survey(
            engine,
            si.build_preview(table),
            site_id=site.id,
            title=args.survey or args.file.stem,
            channel=args.channel,
            actor=args.actor,
            only_valid=args.only_valid,
            dry_run=args.dry_run,
        )
    except Refused as error:  # the file's errors, each with its row and column
        return report_refusal(error, as_json=args.json, prefix=f"{args.file.name}: ")
    report = done.report
    if args.json:
        print(json.dumps({"ok": True, **report.to_json(LANG)}, ensure_ascii=False))
    else:
        verb = "would import" if report.dry_run else "imported"
        print(
            f"{verb} {report.added} responses ({report.suggestions_added} suggestions) into "
            f"“{done.survey_title}” at {done.site_name_zh}; {report.already_present} already "
            f"stored; {report.skipped_invalid} invalid rows skipped"
        )
        for error in report.errors:
            print(f"  skipped: {error.message(LANG)}", file=sys.stderr)
    return 0


def _stats(args: argparse.Namespace, engine: Engine) -> int:
    if args.site:
        try:
            site = reads.find_site(engine, args.site)
        except Refused as error:
            return report_refusal(error, code=2)
        stats, label = reads.site_stats(engine, site.id), site.name_zh
    else:
        programme = programme_by_key(engine, args.programme)
        if programme is None:
            missing = Refused("error.programme_unknown", field="programme", key=args.programme)
            return report_refusal(missing, code=2)
        stats, label = reads.programme_stats(engine, programme.id), programme.name_zh
    data = stats.to_json()
    if args.json:
        print(json.dumps({"scope": label, **data}, ensure_ascii=False))
        return 0
    rate = data["support_rate"]
    print(f"{label}: {data['responses']} responses, support {_pct(rate)}")
    print(f"  suggestions {data['suggestions']}, adoption rate {_pct(data['adoption_rate'])}")
    for category, count in data["suggestions_by_category"].items():  # type: ignore[union-attr]
        print(f"  {t(f'survey.category.{category}', LANG):<24} {count:>6}")
    return 0


def _pct(rate: object) -> str:
    return "–" if rate is None else f"{float(rate) * 100:.1f}%"  # type: ignore[arg-type]
