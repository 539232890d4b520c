"""The photo sub-command of the ``planner`` command line (see planner/cli/commands.py).

``planner import-photos ZIP_OR_FOLDER --site KEY_OR_NAME [--stage before|during|after|
acceptance] [--actor NAME] [--json]`` checks every file (size and type before reading it
whole, pixel count, decoding), stores the accepted photos in one transaction and names each
refused file with its reason. Exit code 0 when every file was imported, 1 when none could be
(or the site or archive is unknown), 2 when some were refused and the rest imported.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sqlalchemy.engine import Engine

from planner.cli.output import report_refusal
from planner.errors import Refused
from planner.fieldwork.actions import import_photos
from planner.fieldwork.images import PhotoLimits, PhotoRefused
from planner.fieldwork.imports import zip_or_folder_sources
from planner.fieldwork.reads import find_site
from planner.runtime.startup import ensure_database_ready
from planner.settings import load_settings

LANG = "en"


def _progress(enabled: bool):  # noqa: ANN202
    def report(count: int, name: str) -> None:
        if enabled and count % 50 == 0:
            print(f"checked {count} files ({name})", file=sys.stderr)

    return report


def run(args: argparse.Namespace, engine: Engine) -> int | None:
    """Run the command if it is this module's; else None."""
    if args.command != "import-photos":
        return None
    ensure_database_ready(engine)
    settings = load_settings()
    site = find_site(engine, args.site)
    if site is None:
        return report_refusal(PhotoRefused("photo.error.no_site", field="site", site=args.site))
    path = Path(args.source)
    if not path.exists():
        print(f"no such file or folder: {path}", file=sys.stderr)
        return 1
    try:
        sources, close = zip_or_folder_sources(path)
    except Refused as error:
        return report_refusal(error, prefix=f"{path}: ")
    try:
        report = import_photos(
            engine,
            site.id,
            sources,
            actor=args.actor,
            limits=PhotoLimits.from_settings(settings),
            max_files=settings.photo_import_max_files,
            building_match_m=settings.photo_building_match_m,
            default_stage=args.stage,
            progress=_progress(sys.stderr.isatty() and not args.json),
        )
    except Refused as error:  # a busy database: nothing was stored
        return report_refusal(error)
    finally:
        close()
    if args.json:
        print(json.dumps(report.to_json_dict(LANG), ensure_ascii=False, default=str))
    else:
        for photo in report.imported:
            where = f"building {photo.building_id}" if photo.building_id else "site"
            print(f"imported  {photo.name}  (#{photo.photo_id}, {photo.stage}, {where})")
        for refused_file in report.refused:
            print(f"refused   {refused_file.name}: {refused_file.reason(LANG)}", file=sys.stderr)
        print(f"{len(report.imported)} imported, {len(report.refused)} refused")
    if report.refused:
        return 2 if report.imported else 1
    return 0
