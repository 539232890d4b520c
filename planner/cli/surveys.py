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
from sqlmodel import Session, select

from db.models import Programme, SurveyChannel
from db.session import session_scope
from planner.i18n import t
from planner.runtime.startup import ensure_database_ready
from planner.surveys import imports as si
from planner.surveys import statistics as surveys

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
    from planner.settings import load_settings
    from planner.uploads import UploadLimits

    bounds = UploadLimits.from_settings(load_settings(), "survey")  # the same as the page's
    try:
        if args.file.stat().st_size > bounds.max_bytes:  # refused before it is read
            raise si.FileRefused("survey.error.too_large", limit_mb=bounds.max_bytes // 2**20)
        data = args.file.read_bytes()
    except OSError as error:
        return _fail(f"cannot read {args.file}: {error.strerror or error}", 2)
    except si.FileRefused as refused:
        return _fail(f"{args.file.name}: {refused.message(LANG)} Nothing was imported.")
    try:
        table = si.read_table(data, args.file.name, limits=bounds)
    except si.FileRefused as refused:
        return _fail(f"{args.file.name}: {refused.message(LANG)} Nothing was imported.")
    preview = si.build_preview(table)
    try:
        with session_scope(engine) as session:
            try:
                site = surveys.find_site(session, args.site)
            except surveys.SiteNotFound as missing:
                hint = f" (matches: {', '.join(missing.matches)})" if missing.matches else ""
                raise _Abort(f"no single site named {args.site!r}{hint}", 2) from missing
            survey = surveys.get_or_create_survey(
                session,
                site_id=site.id,  # type: ignore[arg-type]
                title=args.survey or args.file.stem,
                channel=args.channel,
            )
            try:
                report = si.write_import(
                    session,
                    survey,
                    preview,
                    actor=args.actor,
                    only_valid=args.only_valid,
                    dry_run=args.dry_run,
                )
            except si.ImportRefused as refused:
                raise _Abort(_errors_text(args.file.name, refused.errors), 1) from refused
            survey_title, site_name = survey.title, site.name_zh
            if args.dry_run:
                session.rollback()  # not even the new survey is kept
    except _Abort as abort:
        if args.json:
            print(json.dumps({"ok": False, "error": str(abort)}, ensure_ascii=False))
        return _fail(str(abort), abort.code)
    if args.json:
        print(json.dumps({"ok": True, **report.to_json(LANG)}, ensure_ascii=False))
    else:
        verb = "would import" if report.dry_run else "imported"
        print(
            f"{verb} {report.added} responses ({report.suggestions_added} suggestions) into "
            f"“{survey_title}” at {site_name}; {report.already_present} already stored; "
            f"{report.skipped_invalid} invalid rows skipped"
        )
        for error in report.errors:
            print(f"  skipped: {error.message(LANG)}", file=sys.stderr)
    return 0


class _Abort(Exception):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def _errors_text(name: str, errors: tuple[si.RowError, ...]) -> str:
    lines = [f"{name}: {len(errors)} problem(s); nothing was imported:"]
    lines += [f"  {e.message(LANG)}" for e in errors[:200]]
    if len(errors) > 200:
        lines.append(f"  ... and {len(errors) - 200} more")
    return "\n".join(lines)


def _stats(args: argparse.Namespace, engine: Engine) -> int:
    with Session(engine) as session:
        if args.site:
            try:
                site = surveys.find_site(session, args.site)
            except surveys.SiteNotFound:
                return _fail(f"no single site named {args.site!r}", 2)
            stats, label = surveys.site_stats(session, site.id), site.name_zh  # type: ignore[arg-type]
        else:
            programme = session.exec(
                select(Programme).where(Programme.key == args.programme)
            ).first()
            if programme is None:
                return _fail(f"no programme with key {args.programme!r}", 2)
            stats = surveys.programme_stats(session, programme.id)  # type: ignore[arg-type]
            label = programme.name_zh
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
