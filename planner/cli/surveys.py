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

from sqlalchemy.engine import Engine

from planner.cli.output import report_refusal
from planner.errors import Refused
from planner.i18n import t
from planner.runtime.startup import ensure_database_ready
from planner.surveys import actions, reads
from planner.surveys import imports as si
from planner.works.reads import programme_by_key

COMMANDS = ("import-survey", "survey-stats")
LANG = "en"  # messages of the command line; files and names stay as they are


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
    from planner.settings import load_settings
    from planner.uploads import UploadLimits

    bounds = UploadLimits.from_settings(load_settings(), "survey")  # the same as the page's
    try:
        size = args.file.stat().st_size
    except OSError as error:
        return _fail(f"cannot read {args.file}: {error.strerror or error}", 2)
    if size > bounds.max_bytes:  # refused before it is read
        refused = si.FileRefused("survey.error.too_large", limit_mb=bounds.max_bytes // 2**20)
        return report_refusal(refused, as_json=args.json, prefix=f"{args.file.name}: ")
    try:
        data = args.file.read_bytes()
    except OSError as error:
        return _fail(f"cannot read {args.file}: {error.strerror or error}", 2)
    try:
        table = si.read_table(data, args.file.name, limits=bounds)
    except Refused as error:  # empty, not CSV or XLSX, an unknown encoding, past a limit
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
        for row_error in report.errors:
            print(f"  skipped: {row_error.message(LANG)}", file=sys.stderr)
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
    by_category = data["suggestions_by_category"]
    # a dict of counts (SurveyStats.to_json):
    for category, count in by_category.items():  # type: ignore[attr-defined]
        print(f"  {t(f'survey.category.{category}', LANG):<24} {count:>6}")
    return 0


def _pct(rate: object) -> str:
    # a share (a number) when not None:
    return "–" if rate is None else f"{float(rate) * 100:.1f}%"  # type: ignore[arg-type]
