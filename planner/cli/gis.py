"""The gis sub-commands of the ``planner`` command line (see planner/cli/commands.py).

``planner import-geodata FILE --kind sites|buildings [--layer NAME] [--crs EPSG:XXXX]
[--map FIELD=COLUMN] [--skip-invalid] [--dry-run] [--json]`` previews an import and, unless
``--dry-run``, writes it in one transaction. ``planner export-geodata --format geojson|gpkg
[--crs EPSG:4542] --out FILE`` writes every site and building.

An import migrates the database and syncs the scope catalogue but does not seed the
illustrative sample into a new database: the bureau's own data should not be mixed with it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from db.migrate import upgrade_to_head
from db.seed import sync_scope_catalogue
from db.session import session_scope
from geodata.io import ACCEPTED_CRS, EXPORT_CRS
from planner.gis.apply import (
    FIELDS,
    KINDS,
    ImportError_,
    ImportPlan,
    apply_import,
    issue_text,
    load_file,
    plan_import,
    summarise,
)
from planner.gis.export import FORMATS, export_file
from planner.i18n import t
from planner.runtime.startup import ensure_database_ready

LANG = "en"


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add this module's sub-commands to the command line."""
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
    exp.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
    exp.add_argument("--crs", default="EPSG:4326", choices=EXPORT_CRS)
    exp.add_argument("--out", required=True, help="file to write (replaced if it exists)")


def _progress(enabled: bool):  # noqa: ANN202
    last = [-1]

    def report(fraction: float, key: str) -> None:
        step = int(fraction * 10)
        if enabled and step != last[0]:
            last[0] = step
            print(f"{t(key, LANG)} {fraction:4.0%}", file=sys.stderr)

    return report


def _field_map(args: argparse.Namespace, columns: tuple[str, ...]) -> dict[str, str | None] | None:
    if not args.map:
        return None
    from planner.gis.apply import suggest_mapping

    mapping = suggest_mapping(columns, args.kind)
    for item in args.map:
        name, sep, column = item.partition("=")
        if not sep or name not in FIELDS[args.kind]:
            raise ImportError_("gis.error.column_unknown", column=item, columns=", ".join(columns))
        mapping[name] = column or None
    return mapping


def _print_plan(plan: ImportPlan, parsed_columns: dict[str, str | None]) -> None:
    print(f"{plan.source}  ({plan.kind}, {t('gis.import.crs_used', LANG, crs=plan.crs_name)})")
    used = ", ".join(f"{k}={v}" for k, v in parsed_columns.items() if v)
    print(f"mapping: {used or '-'}")
    for row in plan.rows:
        if row.action == "unchanged" and not row.issues:
            continue
        where = f" [{row.site_label}]" if row.site_label and row.site_label not in row.label else ""
        changes = f" ({', '.join(row.changes)})" if row.changes else ""
        print(f"  #{row.feature:<5} {row.action:<10} {row.label}{where}{changes}")
        for issue in row.issues:
            print(f"         - {issue_text(issue, LANG)}")
    print(summarise(plan, LANG))


def _import(args: argparse.Namespace, engine: Engine) -> int:
    upgrade_to_head(engine)
    with session_scope(engine) as session:
        sync_scope_catalogue(session)
    show_progress = sys.stderr.isatty() and not args.json
    from planner.gis.reading import read_limits
    from planner.settings import load_settings

    settings = load_settings()
    limits = read_limits(settings)  # the same as the page's
    try:
        source = Path(args.file)
        if source.is_file() and source.stat().st_size > settings.gis_max_upload_mb * 2**20:
            raise ImportError_(
                "gis.error.too_large", name=source.name, limit_mb=settings.gis_max_upload_mb
            )
        parsed = load_file(args.file, args.kind, layer=args.layer, crs=args.crs, limits=limits)
        field_map = _field_map(args, parsed.columns)
        if field_map is not None:
            parsed = load_file(
                args.file,
                args.kind,
                layer=args.layer,
                crs=args.crs,
                field_map=field_map,
                limits=limits,
            )
        with Session(engine) as session:
            plan = plan_import(session, parsed, progress=_progress(show_progress))
    except ImportError_ as error:
        print(error.text(LANG), file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(plan.to_json_dict(LANG) | {"dry_run": args.dry_run}, ensure_ascii=False))
    else:
        _print_plan(plan, parsed.field_map)
    refused = plan.counts["refused"]
    if refused and not args.skip_invalid:
        print(t("gis.error.refused", LANG, n=refused), file=sys.stderr)
        return 1
    if args.dry_run:
        if not args.json:
            print(t("gis.dry_run", LANG))
        return 0
    try:
        result = apply_import(
            engine,
            parsed,
            plan,
            actor=args.actor,
            skip_refused=args.skip_invalid,
            progress=_progress(show_progress),
        )
    except ImportError_ as error:
        print(error.text(LANG), file=sys.stderr)
        return 1
    if not args.json:
        print(t("gis.done", LANG, summary=t("gis.summary", LANG, **result.counts)))
    return 0


def _export(args: argparse.Namespace, engine: Engine) -> int:
    ensure_database_ready(engine)
    try:
        result = export_file(engine, args.out, fmt=args.fmt, crs=args.crs)
    except OSError as error:
        print(f"cannot write {args.out}: {error}", file=sys.stderr)
        return 1
    counts = t(
        "gis.export.counts",
        LANG,
        sites=result.counts.get("sites", 0),
        buildings=result.counts.get("buildings", 0),
        unassigned=result.counts.get("unassigned_buildings", 0),
    )
    print(t("gis.export.written", LANG, path=result.path, counts=counts))
    return 0


def run(args: argparse.Namespace, engine: Engine) -> int | None:
    """Run the command if it is one of this module's; else return None."""
    if args.command == "import-geodata":
        return _import(args, engine)
    if args.command == "export-geodata":
        return _export(args, engine)
    return None
