"""The boq sub-commands of the ``planner`` command line (see planner/cli/commands.py).

- ``export-boq --year YEAR [--site NAME [--building N ...]] [--edition 2013|2024] --out X.xlsx``
  writes the same workbook as the page
  (``planner.boq_workbook.workbook.export_bill``), optionally a CSV too; with ``--unpriced``
  the 招标工程量清单 (the tender's bill without prices) instead of the 招标控制价;
- ``export-rates --programme KEY --out FILE.xlsx|.csv`` and
  ``import-rates --programme KEY FILE`` move a programme's rate set in and out;
- ``import-quota --programme KEY [--quota F] [--prices F] [--mapping F] [--illustrative]``
  loads a 定额 library, its 信息价 and the 清单→定额 mapping (all or nothing).
"""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.engine import Engine

from planner.boq.actions import import_quota, import_rates
from planner.boq.bill import BoqOptions
from planner.boq.catalogue import CodeStatus
from planner.boq.rates import export_rates_csv, export_rates_xlsx
from planner.boq.reads import named_selection, rate_table
from planner.boq_workbook.actions import export_bill
from planner.boq_workbook.workbook import csv_bytes
from planner.cli.output import report_refusal
from planner.errors import Refused
from planner.i18n import t
from planner.runtime.startup import ensure_database_ready
from planner.works.reads import programme_by_key

LANG = "en"


def run(args: argparse.Namespace, engine: Engine) -> int | None:
    """Run the command if it is one of this module's; else return None."""
    if args.command == "export-boq":
        return _export_boq(args, engine)
    if args.command == "export-rates":
        return _export_rates(args, engine)
    if args.command == "import-rates":
        return _import_rates(args, engine)
    if args.command == "import-quota":
        return _import_quota(args, engine)
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
        pricing=args.pricing,
        outdoor=args.outdoor,
    )
    try:
        selection = named_selection(
            engine,
            year=args.year,
            site_name=args.site,
            building_numbers=args.building,
            programme_key=args.programme,
            kind=args.kind,
        )
        bill, data = export_bill(engine, selection, options, priced=not args.unpriced)
    except Refused as error:
        return report_refusal(error)
    args.out.write_bytes(data)
    if args.csv:
        args.csv.write_bytes(csv_bytes(bill))
    if args.unpriced:
        print(
            f"wrote {args.out}: the bill without prices (招标工程量清单), "
            f"{len(bill.projects)} site(s), {len(bill.units)} unit(s) of work, "
            f"{len(bill.lines)} lines ({args.basis} quantities, {args.edition} edition)"
        )
    else:
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
    estimated = sorted({ln.scope_key for ln in bill.lines if ln.analysis is None})
    if estimated:
        print(t("boq.quota.estimated", LANG, items=", ".join(estimated)), file=sys.stderr)
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


def _export_rates(args: argparse.Namespace, engine: Engine) -> int:
    suffix = args.out.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        return _fail("--out must name a .xlsx or .csv file")
    ensure_database_ready(engine)
    programme = programme_by_key(engine, args.programme)
    if programme is None:
        return report_refusal(
            Refused("error.programme_unknown", field="programme", key=args.programme)
        )
    programme_id = programme.id
    rows = rate_table(engine, programme_id).rows()
    data = export_rates_xlsx(rows) if suffix == ".xlsx" else export_rates_csv(rows)
    args.out.write_bytes(data)
    print(f"wrote {args.out}: {len(rows)} rates")
    return 0


def _import_rates(args: argparse.Namespace, engine: Engine) -> int:
    from planner.settings import load_settings
    from planner.uploads import UploadLimits, UploadRefused

    if not args.file.is_file():
        return _fail(f"no file {args.file}")
    bounds = UploadLimits.from_settings(load_settings(), "rates")  # the same as the page's
    if args.file.stat().st_size > bounds.max_bytes:  # refused before it is read
        refused = UploadRefused("upload.error.too_large", limit_mb=bounds.max_bytes // 2**20)
        return report_refusal(refused, prefix=f"{args.file}: ")
    ensure_database_ready(engine)
    programme = programme_by_key(engine, args.programme)
    if programme is None:
        return report_refusal(
            Refused("error.programme_unknown", field="programme", key=args.programme)
        )
    programme_id = programme.id
    try:
        changed = import_rates(
            engine,
            programme_id,
            args.file.read_bytes(),
            args.file.name,
            actor=args.actor,
            limits=bounds,
        )
    except Refused as error:
        return report_refusal(error)
    print(f"imported {args.file}: {changed} rate(s) changed")
    return 0


def _import_quota(args: argparse.Namespace, engine: Engine) -> int:
    from planner.boq.quota import illustrative_files
    from planner.settings import load_settings
    from planner.uploads import UploadLimits

    bounds = UploadLimits.from_settings(load_settings(), "rates")  # the same as the page's
    files = illustrative_files() if args.illustrative else {}
    for kind in ("quota", "prices", "mapping"):
        path = getattr(args, kind)
        if path is None:
            continue
        if not path.is_file():
            return _fail(f"no file {path}")
        if path.stat().st_size > bounds.max_bytes:
            return _fail(f"{path}: larger than {bounds.max_bytes // 2**20} MB")
        files[kind] = (path.read_bytes(), path.name)
    if not files:
        return _fail("give --quota, --prices, --mapping or --illustrative")
    ensure_database_ready(engine)
    programme = programme_by_key(engine, args.programme)
    if programme is None:
        return report_refusal(
            Refused("error.programme_unknown", field="programme", key=args.programme)
        )
    try:
        written = import_quota(engine, programme.id, files, actor=args.actor, limits=bounds)
    except Refused as error:
        return report_refusal(error)
    counts = {kind: written.get(kind, "-") for kind in ("quota", "prices", "mapping")}
    print(t("boq.quota.imported", LANG, **counts))
    return 0
