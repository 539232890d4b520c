"""The money sub-commands of the ``planner`` command line (see planner/cli/commands.py).

- ``money summary --programme KEY [--json]``: the cost chain and the funds per source;
- ``money import-allocations FILE --programme KEY [--dry-run]`` and
  ``money import-payments FILE --programme KEY [--dry-run]``: funding files (CSV/XLSX), all or
  nothing, each refused row printed with its reason;
- ``report ministry --year Y [--month M] [--out FILE.xlsx] [--json]``: the ministry's 调度 report.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sqlalchemy.engine import Engine

from db.session import read_session
from planner import programmes
from planner.audit import Actor
from planner.errors import Refused
from planner.i18n import t
from planner.runtime.startup import ensure_database_ready

LANG = "zh"


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add this module's sub-commands to the command line."""
    money = commands.add_parser("money", help="the programme's money: chain, funding, imports")
    sub = money.add_subparsers(dest="money_command", required=True)
    summary = sub.add_parser("summary", help="the cost chain and the funds per source")
    summary.add_argument("--programme", required=True, help="programme key, e.g. p2023")
    summary.add_argument("--json", action="store_true", help="print one JSON object")
    for name, what in (("import-allocations", "下达/到位"), ("import-payments", "拨付")):
        imp = sub.add_parser(name, help=f"import {what} funds from a CSV or XLSX file")
        imp.add_argument("file", type=Path)
        imp.add_argument("--programme", required=True, help="programme key, e.g. p2023")
        imp.add_argument("--dry-run", action="store_true", help="check the file, write nothing")
        imp.add_argument("--actor", default="cli", help="name recorded in the audit log")

    report = commands.add_parser("report", help="reports to the province and the ministry")
    kinds = report.add_subparsers(dest="report_command", required=True)
    ministry = kinds.add_parser("ministry", help="the ministry's monthly 调度 figures")
    ministry.add_argument("--year", type=int, required=True)
    ministry.add_argument("--month", type=int, choices=range(1, 13), metavar="M")
    ministry.add_argument("--out", type=Path, help="the .xlsx file to write")
    ministry.add_argument("--json", action="store_true", help="print the report as JSON")


def run(args: argparse.Namespace, engine: Engine) -> int | None:
    """Run the command if it is one of this module's; else return None."""
    if args.command == "money":
        ensure_database_ready(engine)
        if args.money_command == "summary":
            return _summary(args, engine)
        return _import(args, engine)
    if args.command == "report":
        return _ministry(args, engine)
    return None


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def _programme_id(engine: Engine, key: str) -> int | None:
    with read_session(engine) as session:
        programme = programmes.programme_by_key(session, key)
        return programme.id if programme else None


def _summary(args: argparse.Namespace, engine: Engine) -> int:
    from planner.money.summary import money_summary

    programme_id = _programme_id(engine, args.programme)
    if programme_id is None:
        return _fail(f"no programme {args.programme}")
    with read_session(engine) as session:
        data = {"programme": args.programme, **money_summary(session, programme_id)}
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
        return 0
    print(f"{args.programme}")
    for stage, value in data["chain"].items():
        shown = "—" if value is None else _grouped(value)
        print(f"  {t('money.stage.' + stage, LANG):<20} {shown:>22}")
    if data["control_above_budget"] and not data["control_above_budget_approved"]:
        print("  " + t("money.chain.over_budget", LANG, control=data["chain"]["control"],
                       budget=data["chain"]["budget"]))  # fmt: skip
    print(
        "  " + t("money.chain.contracts", LANG, n=data["contracts"],
                 settled=data["settled_contracts"], audited=data["audited_contracts"])
    )  # fmt: skip
    print(f"  {t('money.col.source', LANG)}: 下达 / 到位 / 拨付")
    for source, sums in data["funding"].items():
        if any(v != "0.00" for v in sums.values()):
            figures = " / ".join(_grouped(v) for v in sums.values())
            print(f"    {t('money.source.' + source, LANG)}: {figures}")
    return 0


def _grouped(text: str) -> str:
    """An exact decimal string with thousands separators ("1234567.80" → "1,234,567.80")."""
    whole, _, cents = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return f"{sign}{','.join(groups) or '0'}" + (f".{cents}" if cents else "")


def _import(args: argparse.Namespace, engine: Engine) -> int:
    from planner.money.actions import import_funding

    if not args.file.is_file():
        return _fail(f"no file {args.file}")
    programme_id = _programme_id(engine, args.programme)
    if programme_id is None:
        return _fail(f"no programme {args.programme}")
    try:
        report = import_funding(
            engine, programme_id, args.file.read_bytes(), args.file.name,
            Actor.system(args.actor), payments=args.money_command == "import-payments",
            dry_run=args.dry_run,
        )  # fmt: skip
    except Refused as refused:
        for line in refused.messages(LANG):
            print(line, file=sys.stderr)
        return 1
    key = "money.import.checked" if args.dry_run else "money.import.done"
    total = t("money.yuan", LANG, amount=_grouped(f"{report.total:.2f}"))
    print(t(key, LANG, rows=report.rows, total=total))
    return 0


def _ministry(args: argparse.Namespace, engine: Engine) -> int:
    from planner.money.report import ministry_report
    from planner.money.report_files import ministry_json, ministry_xlsx

    if args.out is None and not args.json:
        return _fail("give --out FILE.xlsx, --json, or both")
    if args.out is not None and args.out.suffix.lower() != ".xlsx":
        return _fail("--out must name an .xlsx file")
    ensure_database_ready(engine)
    with read_session(engine) as session:
        report = ministry_report(session, args.year, args.month)
    if not report.programme_keys:
        return _fail(f"no compound_renovation programme for {args.year}")
    if args.out is not None:
        args.out.write_bytes(ministry_xlsx(report))
    if args.json:
        print(json.dumps(ministry_json(report), ensure_ascii=False))
    else:
        print(f"wrote {args.out}: {len(report.rows)} compounds, as of {report.as_of.isoformat()}")
    for column, reason in report.unfilled:
        print(f"{t('money.report.unfilled', LANG)} {column}: {reason}", file=sys.stderr)
    return 0
