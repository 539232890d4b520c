"""An uploaded GIS file as the import page handles it: a safe name, its layers, its parse,
the preview table, and the compounds an unassigned building can be attached to.

GDAL reads files, not bytes: each step writes the upload to a private temporary folder, reads
it and removes it again. The page keeps what a step returns, so a file is read once per choice
of layer, coordinate system and column mapping, not on every click.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from geodata import io as gio
from planner import sites
from planner.gis.plan import ImportPlan
from planner.gis.reading import (
    ImportError_,
    ParsedFile,
    issue_text,
    load_file,
    preview_file,
    read_limits,
)
from planner.i18n import localised_name, t

if TYPE_CHECKING:
    from planner.settings import PlannerSettings


def safe_name(name: str) -> str:
    """The upload's file name reduced to a harmless base name (keeps its suffix)."""
    base = Path(name).name
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in Path(base).stem)[:80]
    return f"{stem or 'upload'}{Path(base).suffix.lower()}"


def digest(data: bytes) -> str:
    """A short fingerprint of the upload's bytes (to key what the page keeps)."""
    return hashlib.sha256(data).hexdigest()[:16]


def _staged(data: bytes, name: str) -> tuple[tempfile.TemporaryDirectory, Path]:
    folder = tempfile.TemporaryDirectory(prefix="planner_gis_")
    path = Path(folder.name) / safe_name(name)
    path.write_bytes(data)
    return folder, path


def upload_layers(
    data: bytes, name: str, limits: gio.ReadLimits | None = None
) -> list[gio.LayerInfo]:
    """The layers of an uploaded file; raises ``ImportError_`` when it cannot be read."""
    folder, path = _staged(data, name)
    with folder:
        return preview_file(path, limits)


def parse_upload(
    data: bytes,
    name: str,
    kind: str,
    *,
    layer: str | None = None,
    crs: str | None = None,
    field_map: Mapping[str, str | None] | None = None,
    max_features: int = gio.MAX_FEATURES,
    limits: gio.ReadLimits | None = None,
) -> ParsedFile:
    """Read and check one layer of an uploaded file (``planner.gis.reading.load_file``)."""
    folder, path = _staged(data, name)
    with folder:
        return load_file(
            path,
            kind,
            layer=layer,
            crs=crs,
            field_map=field_map,
            source_name=name,
            max_features=max_features,
            limits=limits,
        )


def preview_table(plan: ImportPlan, lang: str) -> list[dict[str, Any]]:
    """One row per planned feature, with localised column names, for the preview table."""
    col = {
        k: t(f"gis.import.col.{k}", lang)
        for k in ("feature", "action", "label", "site", "matched_by", "changes", "messages")
    }
    return [
        {
            col["feature"]: row.feature,
            col["action"]: t(f"gis.action.{row.action}", lang),
            col["label"]: row.label,
            col["site"]: row.site_label,
            col["matched_by"]: row.matched_by,
            col["changes"]: ", ".join(row.changes),
            col["messages"]: " ".join(issue_text(i, lang) for i in row.issues),
        }
        for row in plan.rows
    ]


def compound_names(session: Session, lang: str) -> dict[int, str]:
    """Every compound's name in ``lang``, by id, in name order."""
    return {
        s.id: localised_name(s, lang)  # type: ignore[misc]  # stored rows: their ids are set
        for s in sites.list_sites(session, kind=sites.SiteKind.COMPOUND.value)
    }


def unassigned_labels(rows: list[Any], lang: str) -> dict[int, str]:
    """ "#3 楼号 7 · 812 m² · file.geojson" per unassigned building, by id."""
    return {
        u.id: t(
            "gis.unassigned.label",
            lang,
            id=u.id,
            number=u.number or "-",
            area=u.footprint_area_m2,
            source=u.source,
        )
        for u in rows
    }


class KeptUpload:
    """One uploaded file and what has been read of it, so that it is read once per choice.

    The page keeps one of these per browser session; a rerun (any click) asks it again and
    gets the layers and the parse it already has. A failed read is kept too (it would fail
    the same way again).
    """

    def __init__(
        self,
        data: bytes,
        name: str,
        *,
        max_bytes: int = 50 * 2**20,
        max_features: int = gio.MAX_FEATURES,
        limits: gio.ReadLimits | None = None,
    ) -> None:
        self.data, self.name, self.digest = data, name, digest(data)
        self.max_bytes, self.max_features = max_bytes, max_features
        self.limits = limits or gio.ReadLimits(max_features=max_features)
        self._layers: list[gio.LayerInfo] | ImportError_ | None = None
        self._parsed: dict[tuple, ParsedFile | ImportError_] = {}

    @classmethod
    def for_settings(cls, data: bytes, name: str, settings: PlannerSettings) -> KeptUpload:
        """An upload with the limits of the settings (``PLANNER_GIS_MAX_*``)."""
        return cls(
            data,
            name,
            max_bytes=settings.gis_max_upload_mb * 2**20,
            max_features=settings.gis_max_features,
            limits=read_limits(settings),
        )

    def layers(self) -> list[gio.LayerInfo]:
        """The file's layers (``ImportError_`` when it cannot be read)."""
        if self._layers is None:
            try:
                if len(self.data) > self.max_bytes:
                    raise ImportError_(
                        "gis.error.too_large", name=self.name, limit_mb=self.max_bytes // 2**20
                    )
                self._layers = upload_layers(self.data, self.name, self.limits)
            except ImportError_ as error:
                self._layers = error
        if isinstance(self._layers, ImportError_):
            raise self._layers
        return self._layers

    def parse(
        self,
        kind: str,
        *,
        layer: str | None,
        crs: str | None,
        field_map: Mapping[str, str | None] | None = None,
    ) -> ParsedFile:
        """One layer read and checked with these choices (``ImportError_`` as ``load_file``)."""
        key = (kind, layer, crs, tuple(sorted(field_map.items())) if field_map else None)
        if key not in self._parsed:
            try:
                self._parsed[key] = parse_upload(
                    self.data,
                    self.name,
                    kind,
                    layer=layer,
                    crs=crs,
                    field_map=field_map,
                    max_features=self.max_features,
                    limits=self.limits,
                )
            except ImportError_ as error:
                self._parsed[key] = error
        found = self._parsed[key]
        if isinstance(found, ImportError_):
            raise found
        return found
