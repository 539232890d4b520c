"""The sub-commands of the ``planner`` command line: the arguments of each, and who runs it.

Parsing comes first and is cheap: this module imports the standard library and a few modules
of plain data (the choices a command offers: :mod:`db.enums`, :mod:`planner.boq.choices`,
:mod:`geodata.formats`, ...), never SQLAlchemy, Alembic, the settings or a domain, so
``planner --help`` and ``planner <command> --help`` answer at once. The module that runs a
command (``RUNNERS``) is imported only when that command runs; it defines
``run(args, engine) -> int | None``, which runs the command when it is one of its own and
returns the exit code (``None`` for a command of another module).
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from db.enums import PhotoStage, ProgrammeKind, SurveyChannel
from geodata.formats import ACCEPTED_CRS, EXPORT_CRS, EXPORT_FORMATS
from planner.accounts.access import Role
from planner.boq.catalogue import Edition
from planner.boq.choices import Numbering, OutdoorUnit, Pricing, QuantityBasis
from planner.gis.fields import FIELDS, KINDS

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

#: The module that runs each command.
RUNNERS: dict[str, str] = {
    "db": "planner.cli.core",
    "seed": "planner.cli.core",
    "summary": "planner.cli.core",
    "export-boq": "planner.cli.boq",
    "export-rates": "planner.cli.boq",
    "import-rates": "planner.cli.boq",
    "import-quota": "planner.cli.boq",
    "import-survey": "planner.cli.surveys",
    "survey-stats": "planner.cli.surveys",
    "import-geodata": "planner.cli.gis",
    "export-geodata": "planner.cli.gis",
    "user": "planner.cli.users",
    "warm-map": "planner.cli.maps",
    "import-photos": "planner.cli.photos",
    "privacy": "planner.cli.privacy",
    "serve": "planner.cli.ops",
    "backup": "planner.cli.ops",
    "restore": "planner.cli.ops",
    "health": "planner.cli.ops",
    "money": "planner.cli.money",
    "report": "planner.cli.money",
    "schedule": "planner.cli.schedule",
    "works": "planner.cli.works",
}

#: The app's static folder (beside streamlit_app.py), where the map files are served from.
STATIC_DIR = Path(__file__).resolve().parents[2] / "static"

Commands = argparse._SubParsersAction


def add_commands(commands: Commands) -> None:
    """Add every sub-command to the command line, in the order ``planner --help`` lists them."""
    for add in (
        _core,
        _boq,
        _surveys,
        _gis,
        _users,
        _maps,
        _photos,
        _privacy,
        _ops,
        _money,
        _schedule,
        _works,
    ):
        add(commands)


def run(args: argparse.Namespace, engine: Engine) -> int | None:
    """Run ``args.command`` through the module that owns it (imported now); ``None`` if none."""
    name = RUNNERS.get(args.command)
    if name is None:
        return None
    code: int | None = importlib.import_module(name).run(args, engine)
    return code


def _core(commands: Commands) -> None:
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


def _boq(commands: Commands) -> None:
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
    boq.add_argument(
        "--pricing",
        choices=[p.value for p in Pricing],
        default="quota",
        help="quota (default): items mapped to 定额 priced through 定额 and 信息价, the rest at "
        "the all-in list prices (估算); estimate: all at the all-in list prices",
    )
    boq.add_argument(
        "--outdoor",
        choices=[o.value for o in OutdoorUnit],
        default="profession",
        help="profession (default): per profession as their codes say, as the programme's "
        "控制价 on the dashboard and in contracts; combined: outdoor pipes and their "
        "groundworks in one 室外配套 unit priced with the 市政 (04) fees",
    )
    boq.add_argument(
        "--unpriced",
        action="store_true",
        help="write the tender's bill without prices (招标工程量清单) instead of the 招标控制价",
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

    quota = commands.add_parser(
        "import-quota",
        help="import a 定额 library, 信息价 and/or the 清单→定额 mapping into a programme "
        "(all files checked first; nothing written on any error)",
    )
    quota.add_argument("--programme", required=True, help="programme key, e.g. p2023")
    quota.add_argument("--quota", type=Path, help="定额 file (.csv or .xlsx, see docs/boq.md)")
    quota.add_argument("--prices", type=Path, help="信息价 file (.csv or .xlsx)")
    quota.add_argument("--mapping", type=Path, help="清单→定额 mapping file (.csv or .xlsx)")
    quota.add_argument(
        "--illustrative",
        action="store_true",
        help="load the shipped illustrative 定额, prices and mapping (未核实, invented figures)",
    )
    quota.add_argument("--actor", default="cli", help="name recorded in the audit log")


def _surveys(commands: Commands) -> None:
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


def _gis(commands: Commands) -> None:
    imp = commands.add_parser(
        "import-geodata",
        help="import compounds or buildings from GeoJSON, GeoPackage, zipped Shapefile or KML",
    )
    imp.add_argument("file", help="the GIS file")
    imp.add_argument("--kind", required=True, choices=KINDS, help="what the layer holds")
    imp.add_argument("--layer", help="layer name (files with several layers)")
    imp.add_argument(
        "--crs",
        help="coordinate system of the coordinates, overriding the file's: "
        + ", ".join(ACCEPTED_CRS),
    )
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="attribute column of a field (empty COLUMN: leave the field out); fields: "
        "sites " + ", ".join(FIELDS["sites"]) + "; buildings " + ", ".join(FIELDS["buildings"]),
    )
    imp.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the valid features and leave the refused ones out",
    )
    imp.add_argument("--dry-run", action="store_true", help="preview only: write nothing")
    imp.add_argument("--actor", default="cli", help="who imports (audit log)")
    imp.add_argument("--json", action="store_true", help="print the preview as one JSON object")

    exp = commands.add_parser(
        "export-geodata", help="export sites and buildings with status and progress"
    )
    exp.add_argument("--format", required=True, choices=EXPORT_FORMATS, dest="fmt")
    exp.add_argument("--crs", default="EPSG:4326", choices=EXPORT_CRS)
    exp.add_argument("--out", required=True, help="file to write (replaced if it exists)")


def _users(commands: Commands) -> None:
    user = commands.add_parser("user", help="staff accounts: add, list, disable, enable")
    sub = user.add_subparsers(dest="user_command", required=True)
    add = sub.add_parser("add", help="add an account")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--display-name", default="", help="the name shown in the app and the log")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    listing = sub.add_parser("list", help="list the accounts")
    listing.add_argument("--json", action="store_true", help="print one JSON array")
    for name, text in (("disable", "disable an account"), ("enable", "enable it again")):
        sub.add_parser(name, help=text).add_argument("username")
    new_password = sub.add_parser("set-password", help="give an account a new password")
    new_password.add_argument("username")
    new_password.add_argument("--password-stdin", action="store_true")
    everywhere = sub.add_parser("logout-everywhere", help="end every login of an account")
    everywhere.add_argument("username")


def _works(commands: Commands) -> None:
    works = commands.add_parser(
        "works",
        help="one work item: set a quantity or pipe size, withdraw it, restore it (audited)",
    )
    sub = works.add_subparsers(dest="works_command", required=True)
    set_cmd = sub.add_parser("set", help="set a quantity or a pipe's DN (checked)")
    set_cmd.add_argument("item_id", type=int, metavar="ITEM_ID")
    set_cmd.add_argument("--planned", help="planned quantity, in the item's unit")
    set_cmd.add_argument("--completed", help="completed quantity, in the item's unit")
    set_cmd.add_argument(
        "--dn", help="a pipe item's nominal diameter (DN150 or 150; 'none' clears it)"
    )
    helps = (
        ("withdraw", "withdraw an item entered by mistake (restorable)"),
        ("restore", "bring a withdrawn item back"),
    )
    for name, text in helps:
        sub.add_parser(name, help=text).add_argument("item_id", type=int, metavar="ITEM_ID")
    for cmd in sub.choices.values():
        cmd.add_argument("--reason", help="why (kept in the audit log)")
        cmd.add_argument("--json", action="store_true", help="print one JSON object")


def _maps(commands: Commands) -> None:
    warm = commands.add_parser("warm-map", help="build the planning maps' files ahead of visitors")
    warm.add_argument("--programme", action="append", default=[], help="programme key (repeat)")
    warm.add_argument("--static-dir", type=Path, default=STATIC_DIR, help="the app's static folder")
    warm.add_argument("--json", action="store_true", help="print one JSON object")


def _photos(commands: Commands) -> None:
    cmd = commands.add_parser(
        "import-photos", help="import site photos from a zip archive or a folder"
    )
    cmd.add_argument("source", metavar="ZIP_OR_FOLDER", help="a .zip archive or a folder")
    cmd.add_argument("--site", required=True, metavar="KEY_OR_NAME", help="the compound")
    cmd.add_argument(
        "--stage",
        default="during",
        choices=[s.value for s in PhotoStage],
        help="stage of photos whose folders name none (default: during)",
    )
    cmd.add_argument("--actor", default="cli", help="who imports (audit log)")
    cmd.add_argument("--json", action="store_true", help="print the report as one JSON object")


def _privacy(commands: Commands) -> None:
    privacy = commands.add_parser("privacy", help="personal data kept only for a while")
    sub = privacy.add_subparsers(dest="privacy_command", required=True)
    purge = sub.add_parser("purge", help="delete contact data past its retention period")
    purge.add_argument("--days", type=int, help="retention in days (default: the setting)")
    purge.add_argument("--dry-run", action="store_true", help="count, delete nothing")
    purge.add_argument("--json", action="store_true", help="print the counts as JSON")


def _ops(commands: Commands) -> None:
    serve = commands.add_parser("serve", help="run N app processes on consecutive ports")
    serve.add_argument("--workers", type=int, default=1, help="app processes (default 1)")
    serve.add_argument("--port", type=int, default=8501, help="port of the first (default 8501)")
    serve.add_argument(
        "--address", default="127.0.0.1", help="listen address (default 127.0.0.1: the proxy's)"
    )
    serve.add_argument(
        "--dry-run", action="store_true", help="check the settings and print the commands only"
    )
    backup = commands.add_parser("backup", help="back up the database to a file")
    backup.add_argument("file", type=Path)
    restore = commands.add_parser("restore", help="replace the database with a backup")
    restore.add_argument("file", type=Path)
    restore.add_argument(
        "--yes", action="store_true", help="confirm: the database's current content is replaced"
    )
    health = commands.add_parser("health", help="check the database as the health endpoint does")
    health.add_argument("--json", action="store_true", help="print one JSON object")


def _money(commands: Commands) -> None:
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


def _schedule(commands: Commands) -> None:
    schedule = commands.add_parser("schedule", help="the works' dates against the seasons")
    sub = schedule.add_subparsers(dest="schedule_command", required=True)
    check = sub.add_parser(
        "check",
        help="list dates that break a season rule (building season, heating season, "
        "冬期施工, pre-heating tests); exit 1 when there are any",
    )
    check.add_argument("--programme", required=True, help="programme key, e.g. p2023_xiyu")
    check.add_argument("--json", action="store_true", help="print one JSON object")
