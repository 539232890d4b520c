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
from sqlmodel import Session, select

from db.models import Programme
from db.session import session_scope
from planner.i18n import t
from planner.runtime.startup import ensure_database_ready
from planner.surveys import imports as si
from planner.surveys import statistics as surveys

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
    try:
        data = args.file.read_bytes()
    except OSError as error:
        return _fail(f"cannot read {args.file}: {error.strerror or error}", 2)
    try:
        table = si.read_table(data, args.file.name)
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
                site_id=site.id,  # type: ignore[arg-type]  # stored rows: their ids are set
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
        for row_error in report.errors:
            print(f"  skipped: {row_error.message(LANG)}", file=sys.stderr)
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
            # stored rows: their ids are set:
            stats, label = surveys.site_stats(session, site.id), site.name_zh  # type: ignore[arg-type]
        else:
            programme = session.exec(
                select(Programme).where(Programme.key == args.programme)
            ).first()
            if programme is None:
                return _fail(f"no programme with key {args.programme!r}", 2)
            # stored rows: their ids are set:
            stats = surveys.programme_stats(session, programme.id)  # type: ignore[arg-type]
            label = programme.name_zh
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
