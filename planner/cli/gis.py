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

from db.migrate import upgrade_to_head
from db.session import session_scope
from planner.catalogue_table import sync_scope_catalogue
from planner.cli.output import report_refusal
from planner.errors import Refused
from planner.gis.actions import import_geodata
from planner.gis.apply import (
    FIELDS,
    ImportError_,
    ImportPlan,
    issue_text,
    load_file,
    summarise,
)
from planner.gis.export import export_file
from planner.gis.reads import plan_import
from planner.i18n import t
from planner.runtime.startup import ensure_database_ready

LANG = "en"


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
        plan = plan_import(engine, parsed, progress=_progress(show_progress))
    except Refused as error:
        return report_refusal(error)
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
        result = import_geodata(
            engine,
            parsed,
            plan,
            actor=args.actor,
            skip_refused=args.skip_invalid,
            progress=_progress(show_progress),
        )
    except Refused as error:
        return report_refusal(error)
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
