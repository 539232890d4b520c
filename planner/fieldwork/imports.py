"""Bulk import of site photos from a zip archive, a folder or a batch of uploaded files.

Two passes. The first reads each file, checking its size and type before reading it whole,
then decodes it and makes its copies (``images.process_photo``); refused files are named with
their reason, and the checked results wait in a temporary spool file (memory stays bounded by
one photo, whatever the number). The second (``planner.fieldwork.actions.import_photos``)
writes every accepted photo in one transaction, so a database error leaves nothing
half-imported, and the write lock is held only while writing, not while decoding.

Folder names in the archive say what a photo shows, in any order: a stage (施工前 / before,
施工中 / during, 完工后 / after, 验收 / acceptance), a scope type (屋面防水 or roof_waterproofing)
and a building (3号楼, 3栋 or building-3). The work item is the site's item of that scope type
(on that building, or the building nearest the photo's GPS fix) in the newest programme that
holds the site; without a scope the photo belongs to the site (or the building) only.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from typing import IO, Any

from sqlmodel import Session, col, select

from db.models import Building, PhotoStage, Programme, ProgrammeSite, Site
from planner.audit import Actor
from planner.catalogue import SCOPE_TYPES
from planner.fieldwork.images import (
    ExifFacts,
    PhotoLimits,
    PhotoRefused,
    ProcessedPhoto,
    process_photo,
    read_checked,
)
from planner.fieldwork.locate import BuildingLocator
from planner.fieldwork.photos import PhotoTarget, store_photo
from planner.works.queries import items_with_scope

_log = logging.getLogger(__name__)

STAGE_WORDS: dict[str, str] = {
    "before": PhotoStage.BEFORE,
    "施工前": PhotoStage.BEFORE,
    "改造前": PhotoStage.BEFORE,
    "during": PhotoStage.DURING,
    "施工中": PhotoStage.DURING,
    "after": PhotoStage.AFTER,
    "完工后": PhotoStage.AFTER,
    "改造后": PhotoStage.AFTER,
    "施工后": PhotoStage.AFTER,
    "acceptance": PhotoStage.ACCEPTANCE,
    "验收": PhotoStage.ACCEPTANCE,
}
SCOPE_WORDS: dict[str, str] = {
    word.lower(): s.key for s in SCOPE_TYPES for word in (s.key, s.name_zh, s.name_en)
}
BUILDING_WORD = re.compile(r"^(?:(\w+?)\s*(?:号楼|栋|号)|building[-_ ]?(\w+))$", re.IGNORECASE)


@dataclass(frozen=True)
class PathHints:
    """What the folders of a file's path say about the photo."""

    stage: str | None = None
    scope_key: str | None = None
    building_number: str | None = None


def path_hints(name: str) -> PathHints:
    """Stage, scope type and building number from the folder names of ``name``."""
    stage = scope = building = None
    for part in PurePosixPath(name.replace("\\", "/")).parts[:-1]:
        word = part.strip().lower()
        stage = STAGE_WORDS.get(word, stage)
        scope = SCOPE_WORDS.get(word, scope)
        found = BUILDING_WORD.match(part.strip())
        if found:
            building = found.group(1) or found.group(2)
    return PathHints(stage, scope, building)


@dataclass(frozen=True)
class SourceFile:
    """One file to import: its name (path inside the archive or folder), size and opener."""

    name: str
    size: int
    open: Callable[[], AbstractContextManager[IO[bytes]]]
    encrypted: bool = False
    packed_size: int | None = None  # in a zip: the member's compressed size


def _skipped(name: str) -> bool:
    """macOS resource forks, hidden files and folder entries are not photos anyone took."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return not parts or any(p.startswith(".") or p == "__MACOSX" for p in parts)


def zip_sources(archive: zipfile.ZipFile) -> Iterator[SourceFile]:
    """The files of a zip archive (read member by member, nothing extracted to disk)."""
    for info in archive.infolist():
        if info.is_dir() or _skipped(info.filename):
            continue
        yield SourceFile(
            info.filename,
            info.file_size,
            partial(archive.open, info),
            encrypted=bool(info.flag_bits & 0x1),
            packed_size=info.compress_size,
        )


def _opener(path: Path) -> Callable[[], IO[bytes]]:
    return lambda: path.open("rb")


def folder_sources(folder: Path) -> Iterator[SourceFile]:
    """The files under a folder, in name order (symbolic links are not followed)."""
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            path = Path(root) / name
            relative = path.relative_to(folder).as_posix()
            if _skipped(relative) or path.is_symlink():
                continue
            yield SourceFile(relative, path.stat().st_size, _opener(path))


@dataclass(frozen=True)
class RefusedFile:
    """A file not imported and why (a message key and its values)."""

    name: str
    key: str
    values: dict[str, Any] = field(default_factory=dict)

    def reason(self, lang: str | None) -> str:
        """Why, in ``lang``."""
        return PhotoRefused(self.key, **self.values).message(lang)


@dataclass(frozen=True)
class ImportedPhoto:
    """A photo imported: its new id and where it went."""

    name: str
    photo_id: int
    stage: str
    building_id: int | None
    work_item_id: int | None
    located_by: str


@dataclass
class ImportReport:
    """What an import did: the photos stored, the files refused (each with its reason)."""

    imported: list[ImportedPhoto] = field(default_factory=list)
    refused: list[RefusedFile] = field(default_factory=list)

    def to_json_dict(self, lang: str | None) -> dict[str, Any]:
        """The report as plain JSON values."""
        return {
            "imported": [vars(p) for p in self.imported],
            "refused": [{"file": r.name, "reason": r.reason(lang)} for r in self.refused],
        }


@dataclass(frozen=True)
class _Spooled:
    name: str
    hints: PathHints
    offsets: tuple[int, int, int, int]  # original, public, thumb, end
    meta: tuple[str, int, int, str, ExifFacts]


class _Spool:
    """Checked photos waiting for the write pass, in a temporary file (spills to disk)."""

    def __init__(self) -> None:
        self.file = tempfile.SpooledTemporaryFile(max_size=64 * 1024 * 1024)  # noqa: SIM115
        self.entries: list[_Spooled] = []

    def add(self, name: str, hints: PathHints, photo: ProcessedPhoto) -> None:
        self.file.seek(0, os.SEEK_END)
        start = self.file.tell()
        for part in (photo.original, photo.public, photo.thumb):
            self.file.write(part)
        o, p = start, start + len(photo.original)
        t = p + len(photo.public)
        meta = (photo.content_type, photo.width, photo.height, photo.sha256, photo.facts)
        self.entries.append(_Spooled(name, hints, (o, p, t, t + len(photo.thumb)), meta))

    def photo(self, entry: _Spooled) -> ProcessedPhoto:
        o, p, t, end = entry.offsets
        self.file.seek(o)
        data = self.file.read(end - o)
        content_type, width, height, sha256, facts = entry.meta
        return ProcessedPhoto(
            original=data[: p - o],
            content_type=content_type,
            width=width,
            height=height,
            sha256=sha256,
            facts=facts,
            public=data[p - o : t - o],
            thumb=data[t - o :],
        )

    def close(self) -> None:
        self.file.close()


def check_packing(source: SourceFile, limits: PhotoLimits) -> None:
    """Refuse, before it is read, a zip member that unpacks to far more than it is packed:
    JPEG, PNG and WebP are compressed already and barely shrink in a zip, so such a member is
    a header padded to look like a large photo (each would cost a full decode)."""
    packed = source.packed_size
    if packed is None or source.size < 1_000_000:
        return
    if source.size > max(packed, 1) * limits.zip_max_ratio:
        raise PhotoRefused("photo.error.padded", ratio=f"{source.size / max(packed, 1):,.0f}")


def check_files(
    sources: Iterable[SourceFile],
    limits: PhotoLimits,
    *,
    max_files: int,
    progress: Callable[[int, str], None] | None = None,
) -> tuple[_Spool, list[RefusedFile]]:
    """The first pass: check and process every file; the accepted ones go to a spool."""
    spool, refused, seen = _Spool(), [], set()
    count = 0
    for source in sources:
        count += 1
        if count > max_files:  # name the first file left out; the rest are not read
            refused.append(
                RefusedFile(source.name, "photo.error.too_many_files", {"limit": max_files})
            )
            break
        if progress is not None:
            progress(count, source.name)
        try:
            if source.encrypted:
                raise PhotoRefused("photo.error.encrypted")
            check_packing(source, limits)
            with source.open() as stream:
                data = read_checked(stream, source.size, limits)
            photo = process_photo(data, limits)
            if photo.sha256 in seen:
                raise PhotoRefused("photo.error.duplicate")
        except PhotoRefused as refusal:
            refused.append(RefusedFile(source.name, refusal.key, dict(refusal.values)))
            continue
        except (zipfile.BadZipFile, OSError, RuntimeError):  # a damaged member, a CRC error
            refused.append(RefusedFile(source.name, "photo.error.damaged"))
            continue
        except Exception:  # a file no rule foresaw: named and left out, never the whole batch
            _log.warning("photo %r could not be read", source.name, exc_info=True)
            refused.append(RefusedFile(source.name, "photo.error.damaged"))
            continue
        seen.add(photo.sha256)
        spool.add(source.name, path_hints(source.name), photo)
    return spool, refused


def newest_programme_id(session: Session, site_id: int) -> int | None:
    """The newest programme that holds the site (whose work items photos are filed under)."""
    return session.exec(
        select(Programme.id)
        .join(ProgrammeSite, col(ProgrammeSite.programme_id) == col(Programme.id))
        .where(ProgrammeSite.site_id == site_id)
        .order_by(col(Programme.year).desc(), col(Programme.id).desc())
    ).first()


def find_site(session: Session, key_or_name: str) -> Site | None:
    """A site by its key, else by its Chinese or English name (exact)."""
    text = key_or_name.strip()
    for column in (Site.key, Site.name_zh, Site.name_en):
        found = session.exec(select(Site).where(column == text)).first()
        if found is not None:
            return found
    return None


class _WorkFinder:
    """The work item of a scope type on a site or building, in the site's newest programme."""

    def __init__(self, session: Session, site_id: int) -> None:
        programme_id = newest_programme_id(session, site_id)
        items = (
            items_with_scope(session, site_id=site_id, programme_ids=[programme_id])
            if programme_id is not None
            else []
        )
        self.items = {(i.scope_key, i.item.building_id): i.id for i in items}
        numbers = session.exec(
            select(Building.number, Building.id).where(Building.site_id == site_id)
        ).all()
        self.buildings = dict(numbers)

    def building(self, number: str | None) -> int | None:
        return self.buildings.get(number) if number else None

    def item(self, scope_key: str | None, building_id: int | None) -> int | None:
        if scope_key is None:
            return None
        return self.items.get((scope_key, building_id)) or self.items.get((scope_key, None))


def write_photos(
    session: Session,
    site_id: int,
    spool: _Spool,
    *,
    actor: Actor | str,
    locator: BuildingLocator,
    default_stage: str,
) -> tuple[list[ImportedPhoto], list[RefusedFile]]:
    """The second pass: store the spooled photos in the caller's transaction."""
    finder = _WorkFinder(session, site_id)
    imported: list[ImportedPhoto] = []
    refused: list[RefusedFile] = []
    for entry in spool.entries:
        photo = spool.photo(entry)
        building_id = finder.building(entry.hints.building_number)
        if building_id is None and entry.hints.scope_key is not None:
            match = locator.nearest(photo.facts.lon, photo.facts.lat)
            building_id = match.building_id if match else None
        target = PhotoTarget(
            site_id=site_id,
            stage=entry.hints.stage or default_stage,
            work_item_id=finder.item(entry.hints.scope_key, building_id),
            building_id=building_id,
        )
        try:
            row = store_photo(
                session, photo, target, actor=actor, file_name=entry.name, locator=locator
            )
        except PhotoRefused as refusal:
            refused.append(RefusedFile(entry.name, refusal.key, dict(refusal.values)))
            continue
        session.flush()
        imported.append(
            ImportedPhoto(
                entry.name,
                row.id,  # type: ignore[arg-type]  # stored rows: their ids are set
                row.stage,
                row.building_id,
                row.work_item_id,
                row.located_by,
            )
        )
        session.expunge(row)  # keep the session small: the bytes are written
    return imported, refused


def zip_or_folder_sources(
    path: Path | IO[bytes],
) -> tuple[Iterator[SourceFile], Callable[[], None]]:
    """The files of a zip archive (a path or an open file) or a folder, and a function that
    closes the archive.

    Raises ``PhotoRefused("photo.error.bad_zip")`` for a file that is not a zip archive.
    """
    if isinstance(path, Path) and path.is_dir():
        return folder_sources(path), lambda: None
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise PhotoRefused("photo.error.bad_zip") from None
    return zip_sources(archive), archive.close
