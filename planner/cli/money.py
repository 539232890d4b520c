"""The money sub-commands of the ``planner`` command line (their arguments are declared in
planner/cli/commands.py; this module runs them).

- ``money summary --programme KEY [--json]``: the cost chain and the funds per source;
- ``money import-allocations FILE --programme KEY [--dry-run]`` and
  ``money import-payments FILE --programme KEY [--dry-run]``: funding files (CSV/XLSX), all or
  nothing, each refused row printed with its reason;
- ``report ministry --year Y [--month M] [--out FILE.xlsx] [--json]``: the ministry's 调度 report.

Its messages are in Chinese, as the figures and the files it writes are.
"""

from __future__ import annotations

import argparse
import json
import sys

from sqlalchemy.engine import Engine

from planner.audit import Actor
from planner.errors import Refused
from planner.i18n import t
from planner.money import actions, reads
from planner.money.report_files import ministry_json, ministry_xlsx
from planner.runtime.startup import ensure_database_ready
from planner.works.reads import programme_by_key

LANG = "zh"


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
    programme = programme_by_key(engine, key)
    return programme.id if programme else None


def _summary(args: argparse.Namespace, engine: Engine) -> int:
    programme_id = _programme_id(engine, args.programme)
    if programme_id is None:
        return _fail(f"no programme {args.programme}")
    data = {"programme": args.programme, **reads.money_summary(engine, programme_id)}
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
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return f"{sign}{','.join(groups) or '0'}" + (f".{cents}" if cents else "")


def _import(args: argparse.Namespace, engine: Engine) -> int:
    if not args.file.is_file():
        return _fail(f"no file {args.file}")
    programme_id = _programme_id(engine, args.programme)
    if programme_id is None:
        return _fail(f"no programme {args.programme}")
    try:
        report = actions.import_funding(
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
    if args.out is None and not args.json:
        return _fail("give --out FILE.xlsx, --json, or both")
    if args.out is not None and args.out.suffix.lower() != ".xlsx":
        return _fail("--out must name an .xlsx file")
    ensure_database_ready(engine)
    report = reads.ministry_report(engine, args.year, args.month)
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
