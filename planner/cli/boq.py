"""The boq sub-commands of the ``planner`` command line (see planner/cli/commands.py).

- ``export-boq --year YEAR [--site NAME [--building N ...]] [--edition 2013|2024] --out X.xlsx``
  writes the same workbook as the page
  (``planner.boq_workbook.workbook.export_bill``), optionally a CSV too;
- ``export-rates --programme KEY --out FILE.xlsx|.csv`` and
  ``import-rates --programme KEY FILE`` move a programme's rate set in and out.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy.engine import Engine

from db.models import ProgrammeKind
from db.session import session_scope
from planner import programmes
from planner.boq.bill import BoqError, BoqOptions, Numbering, QuantityBasis
from planner.boq.catalogue import CodeStatus, Edition
from planner.boq.rates import (
    RateValidationError,
    export_rates_csv,
    export_rates_xlsx,
    import_rates,
    load_rates,
)
from planner.boq.selection import resolve_selection
from planner.boq_workbook.workbook import csv_bytes, export_bill
from planner.i18n import t
from planner.runtime.startup import ensure_database_ready

LANG = "en"


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add this module's sub-commands to the command line."""
    boq = commands.add_parser(
        "export-boq", help="write a bill of quantities (GB 50500 form 08) as xlsx"
    )
    boq.add_argument("--year", type=int, required=True)
    boq.add_argument("--site", help="only this site (name in Chinese or English, or key)")
    boq.add_argument(
        "--building",
        action="append",
        default=[],
        metavar="NUMBER",
        help="with --site: only this building's work items (repeatable)",
    )
    boq.add_argument("--programme", help="programme key, when the year has several")
    boq.add_argument(
        "--kind",
        choices=[k.value for k in ProgrammeKind],
        help="programme kind (default for a whole programme: compound_renovation)",
    )
    boq.add_argument("--edition", choices=[e.value for e in Edition], default="2013")
    boq.add_argument(
        "--basis",
        choices=[b.value for b in QuantityBasis],
        default="planned",
        help="quantity exported: planned (default) or completed",
    )
    boq.add_argument(
        "--numbering",
        choices=[n.value for n in Numbering],
        default="bill",
        help="code digits 10-12 numbered over the whole bill (default) or per site",
    )
    boq.add_argument(
        "--fee",
        action="append",
        default=[],
        metavar="KEY=PERCENT",
        help="set a fee rate for this export, e.g. vat=9 or 01.management=12 (repeatable)",
    )
    boq.add_argument(
        "--groundwork",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="set a trench assumption, e.g. storm_drain.depth_m=3 (repeatable)",
    )
    boq.add_argument("--out", required=True, type=Path, help="the .xlsx file to write")
    boq.add_argument("--csv", type=Path, help="also write the lines as CSV to this file")

    export = commands.add_parser("export-rates", help="write a programme's rate set")
    export.add_argument("--programme", required=True, help="programme key, e.g. p2023")
    export.add_argument("--out", required=True, type=Path, help="a .xlsx or .csv file")

    imp = commands.add_parser("import-rates", help="import rates into a programme's rate set")
    imp.add_argument("--programme", required=True, help="programme key, e.g. p2023")
    imp.add_argument("--actor", default="cli", help="name recorded in the audit log")
    imp.add_argument("file", type=Path, help="a .xlsx or .csv file (see docs/boq.md)")


def run(args: argparse.Namespace, engine: Engine) -> int | None:
    """Run the command if it is one of this module's; else return None."""
    if args.command == "export-boq":
        return _export_boq(args, engine)
    if args.command == "export-rates":
        return _export_rates(args, engine)
    if args.command == "import-rates":
        return _import_rates(args, engine)
    return None


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def _export_boq(args: argparse.Namespace, engine: Engine) -> int:
    if args.out.suffix.lower() != ".xlsx":
        return _fail("--out must name an .xlsx file")
    if args.building and not args.site:
        return _fail("--building needs --site")
    try:
        fees, groundworks = _pairs(args.fee), _pairs(args.groundwork)
    except ValueError as error:
        return _fail(str(error))
    ensure_database_ready(engine)
    options = BoqOptions(
        edition=args.edition,
        basis=args.basis,
        numbering=args.numbering,
        fee_overrides=fees,
        groundwork_overrides=groundworks,
    )
    try:
        with session_scope(engine) as session:
            selection = resolve_selection(
                session,
                year=args.year,
                site_name=args.site,
                building_numbers=args.building,
                programme_key=args.programme,
                kind=args.kind,
            )
            bill, data = export_bill(session, selection, options)
    except BoqError as error:
        return _fail(t(error.message_key, LANG, **error.values))
    args.out.write_bytes(data)
    if args.csv:
        args.csv.write_bytes(csv_bytes(bill))
    print(
        f"wrote {args.out}: {len(bill.projects)} site(s), {len(bill.units)} unit(s) of work, "
        f"{len(bill.lines)} lines, tender ceiling CNY {bill.total:,.2f} "
        f"({args.basis} quantities, {args.edition} edition)"
    )
    unverified = sorted(
        {ln.item.base for ln in bill.lines if ln.item.status == CodeStatus.UNVERIFIED}
    )
    if unverified:
        print(f"UNVERIFIED codes (check before a tender): {', '.join(unverified)}", file=sys.stderr)
    if bill.notice is not None:
        print(bill.notice.en, file=sys.stderr)
    unverified_fees = sum(1 for r in bill.fees.rows() if r.status == "UNVERIFIED" and r.value)
    if unverified_fees:
        print(t("boq.fees_unverified", LANG, count=unverified_fees), file=sys.stderr)
    print(t("boq.edition_warning", LANG), file=sys.stderr)
    return 0


def _pairs(values: list[str]) -> tuple[tuple[str, float], ...]:
    """``KEY=NUMBER`` options as pairs (ValueError names the bad one)."""
    pairs = []
    for text in values:
        key, sep, number = text.partition("=")
        try:
            pairs.append((key.strip(), float(number)))
        except ValueError:
            sep = ""
        if not sep or not key.strip():
            raise ValueError(f"expected KEY=NUMBER, got {text!r}")
    return tuple(pairs)


def _programme_id(session, key: str) -> int | None:  # noqa: ANN001
    programme = programmes.programme_by_key(session, key)
    return programme.id if programme else None


def _export_rates(args: argparse.Namespace, engine: Engine) -> int:
    suffix = args.out.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        return _fail("--out must name a .xlsx or .csv file")
    ensure_database_ready(engine)
    with session_scope(engine) as session:
        programme_id = _programme_id(session, args.programme)
        if programme_id is None:
            return _fail(f"no programme {args.programme}")
        rows = load_rates(session, programme_id).rows()
    data = export_rates_xlsx(rows) if suffix == ".xlsx" else export_rates_csv(rows)
    args.out.write_bytes(data)
    print(f"wrote {args.out}: {len(rows)} rates")
    return 0


def _import_rates(args: argparse.Namespace, engine: Engine) -> int:
    from planner.settings import load_settings
    from planner.uploads import UploadLimits

    if not args.file.is_file():
        return _fail(f"no file {args.file}")
    limit_mb = load_settings().rates_max_upload_mb
    if args.file.stat().st_size > limit_mb * 2**20:  # refused before it is read
        return _fail(f"{args.file}: {t('upload.error.too_large', LANG, limit_mb=limit_mb)}")
    ensure_database_ready(engine)
    try:
        with session_scope(engine) as session:
            programme_id = _programme_id(session, args.programme)
            if programme_id is None:
                return _fail(f"no programme {args.programme}")
            changed = import_rates(
                session,
                programme_id,
                args.file.read_bytes(),
                args.file.name,
                actor=args.actor,
                limits=UploadLimits.from_settings(load_settings(), "rates"),  # as the page's
            )
    except RateValidationError as error:
        print("the file has errors; nothing was written:", file=sys.stderr)
        for e in error.errors:
            message = t(e.message_key, LANG, **dict(e.values))
            where = f"row {e.row}, {e.column}" if e.row else "file"
            print(f"  {where}: {message}", file=sys.stderr)
        return 1
    print(f"imported {args.file}: {changed} rate(s) changed")
    return 0
