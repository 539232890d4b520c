"""Zipped Shapefiles checked before GDAL reads them: sizes, attribute tables, member paths.

A zip of 0.47 MB may hold a 394 MB attribute table (DBF): GDAL would read it whole into
memory. :func:`extract_shapefiles` checks what the zip declares, each ``.dbf``'s header
against its size and the limits (``geodata.io.ReadLimits``), and only then unpacks the
members into a private folder, which GDAL opens instead of the zip.
"""

from __future__ import annotations

import shutil
import struct
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from geodata.io import GeodataFileError, ReadLimits, unreadable

#: A DBF may end with an end-of-file byte and some padding beyond its records, not more.
_DBF_SLACK_BYTES = 4096


def _dbf_header(head: bytes) -> tuple[int, int, int] | None:
    """(records, header length, record length) of a dBASE file's first 12 bytes."""
    if len(head) < 12:
        return None
    records, header_length, record_length = struct.unpack("<IHH", head[4:12])
    return records, header_length, record_length


def _check_dbf(name: str, head: bytes, size: int, limits: ReadLimits) -> None:
    """A Shapefile's attribute table checked from its header against its size and limits.

    The records it declares bound the features; records × record length bound the
    attributes read; a file much larger than its records say is refused (GDAL would read
    what the header says, but such a file is not what any GIS program writes).
    """
    header = _dbf_header(head)
    if header is None:
        raise GeodataFileError("gis.error.attribute_table", name=name)
    records, header_length, record_length = header
    if records > limits.max_features:
        raise GeodataFileError("gis.error.too_many_features", n=records, limit=limits.max_features)
    table = records * record_length
    if table > limits.max_attribute_bytes:
        raise GeodataFileError(
            "gis.error.attributes_too_large",
            name=name,
            size_mb=f"{table / 2**20:.0f}",
            limit_mb=limits.max_attribute_bytes // 2**20,
        )
    if size > header_length + table + _DBF_SLACK_BYTES:
        raise GeodataFileError(
            "gis.error.dbf_size",
            name=name,
            size_mb=f"{size / 2**20:.1f}",
            records=records,
        )


def _safe_member(name: str) -> PurePosixPath | None:
    """A zip member's path if it stays inside the folder it is extracted to, else None."""
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or not path.parts:
        return None
    return path


def extract_shapefiles(path: Path, folder: Path, limits: ReadLimits) -> Path:
    """Extract a zipped Shapefile into ``folder`` after every check; returns the folder that
    holds its ``.shp`` files (what GDAL then opens).

    Checked before anything is unpacked: the zip opens, holds a ``.shp``, its declared sizes
    stay within ``limits.max_unpacked_bytes``, each ``.dbf`` header agrees with its size and
    limits. Unpacking then stops at the declared sizes (Python's zip reader), so a member that
    lies about its size is refused by its checksum. GDAL never reads the zip itself.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            entries = [i for i in archive.infolist() if not i.is_dir()]
            if not any(i.filename.lower().endswith(".shp") for i in entries):
                raise GeodataFileError("gis.error.zip_no_shp", name=path.name)
            if sum(i.file_size for i in entries) > limits.max_unpacked_bytes:
                raise GeodataFileError(
                    "gis.error.too_large",
                    name=path.name,
                    limit_mb=limits.max_unpacked_bytes // 2**20,
                )
            for info in entries:
                if info.filename.lower().endswith(".dbf"):
                    with archive.open(info) as member:
                        head = member.read(32)
                    _check_dbf(info.filename, head, info.file_size, limits)
            shp_folders = set()
            for info in entries:
                inside = _safe_member(info.filename)
                if inside is None:
                    continue
                target = folder.joinpath(*inside.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as source, target.open("wb") as out:
                    shutil.copyfileobj(source, out, 1 << 20)
                if inside.suffix.lower() == ".shp":
                    shp_folders.add(target.parent)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise unreadable(path.name, path, error) from error
    if len(shp_folders) != 1:  # Shapefiles in several folders: one layer source at a time
        raise GeodataFileError("gis.error.zip_no_shp", name=path.name)
    return shp_folders.pop()
