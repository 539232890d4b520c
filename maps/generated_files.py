"""Files the app writes for the browser: named by their content, written atomically.

A file's name carries the SHA-256 of its content (``<stem>-<16 hex>.json``), so it is written
once per version and never changes; a new file goes through a temporary file and
``os.replace``, so a reader (or another app process writing the same file at the same time)
never sees half a file. Older versions of a stem beyond the newest few are removed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# --------------------------------------------------------------------------------------------
# Generated files
# --------------------------------------------------------------------------------------------

#: Folder of generated files, relative to the app's static folder (gitignored).
GENERATED_DIR = Path("generated") / "map"
#: URL of that folder as Streamlit serves it.
GENERATED_URL = "/app/static/generated/map"

_KEEP_PER_STEM = 3
_STEM = re.compile(r"^[a-z0-9][a-z0-9_-]{0,80}$")
_write_lock = threading.Lock()


@dataclass(frozen=True)
class GeneratedFile:
    """A file written under ``static/generated/map/``.

    Attributes
    ----------
    path : pathlib.Path
        Where it is on disk.
    url : str
        Where the browser fetches it, with ``?v=<version>``.
    version : str
        16 hex digits of the SHA-256 of the content (also part of the file name).
    size : int
        Bytes on disk (uncompressed; Streamlit gzips it on the way).
    gz_url : str or None
        URL of a gzip-compressed copy (``<name>.gz``), when one was written. Streamlit serves
        it as ``application/gzip`` without compressing it again; the layer script inflates it
        with the browser's ``DecompressionStream``. Large files get one: compressing 5 MB at
        level 9 for every request costs the server about half a second here.
    """

    path: Path
    url: str
    version: str
    size: int
    gz_url: str | None = None


def _dump(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _prune(directory: Path, stem: str, suffix: str, keep: Path) -> None:
    """Keep the newest few files of a stem (sessions may still hold a recent URL)."""
    files = [p for p in directory.glob(f"{stem}-*{suffix}") if p != keep]
    files.sort(key=lambda p: p.stat().st_mtime if p.exists() else 0, reverse=True)
    for old in files[_KEEP_PER_STEM - 1 :]:
        old.unlink(missing_ok=True)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` through a temporary file and ``os.replace``: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def write_generated_file(
    static_dir: Path, stem: str, data: bytes, suffix: str = ".json", *, gzipped: bool = False
) -> GeneratedFile:
    """Write ``data`` to ``static_dir/generated/map/<stem>-<hash><suffix>``.

    Idempotent: the name carries the content hash, so an existing file is reused, not rewritten.
    A new file goes through a temporary file and ``os.replace`` (readers never see half a file);
    older files of the same stem beyond the newest few are removed.

    Parameters
    ----------
    static_dir : pathlib.Path
        The app's static folder (next to the main script; served at ``/app/static/``).
    stem : str
        Lower-case name prefix, e.g. ``"p3-wgs84"``.
    data : bytes
        The content.
    suffix : {".json", ".js"}
        File type (Streamlit picks the content type from it).
    gzipped : bool
        Also write ``<name>.gz``, compressed once here at the highest level.

    Returns
    -------
    GeneratedFile
    """
    if not _STEM.match(stem):
        raise ValueError(f"bad file stem {stem!r}")
    if suffix not in (".json", ".js"):
        raise ValueError(f"bad suffix {suffix!r}")
    version = hashlib.sha256(data).hexdigest()[:16]
    directory = Path(static_dir) / GENERATED_DIR
    path = directory / f"{stem}-{version}{suffix}"
    with _write_lock:
        if not path.is_file() or path.stat().st_size != len(data):
            atomic_write(path, data)
            _prune(directory, stem, suffix, path)
        gz_path = path.with_name(path.name + ".gz")
        if gzipped and not gz_path.is_file():
            atomic_write(gz_path, gzip.compress(data, compresslevel=9, mtime=0))
            _prune(directory, stem, suffix + ".gz", gz_path)
    return GeneratedFile(
        path=path,
        url=f"{GENERATED_URL}/{path.name}?v={version}",
        version=version,
        size=len(data),
        gz_url=f"{GENERATED_URL}/{gz_path.name}?v={version}" if gzipped else None,
    )


def write_json_file(
    static_dir: Path, stem: str, obj: Any, *, gzipped: bool = False
) -> GeneratedFile:
    """Write ``obj`` as compact UTF-8 JSON (see :func:`write_generated_file`)."""
    return write_generated_file(static_dir, stem, _dump(obj), ".json", gzipped=gzipped)


# --------------------------------------------------------------------------------------------
# Files found by what they were made from (so a new process need not make them again)
# --------------------------------------------------------------------------------------------

_KEEP_MANIFESTS = 6


def source_key(*parts: Any) -> str:
    """16 hex digits naming the inputs of a generated file, the same in every process.

    (Python's own ``hash`` of a string differs from process to process; this does not.)
    """
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _manifest_path(static_dir: Path, stem: str, key: str) -> Path:
    if not _STEM.match(stem) or not re.fullmatch(r"[0-9a-f]{16}", key):
        raise ValueError(f"bad manifest name {stem!r} / {key!r}")
    return Path(static_dir) / GENERATED_DIR / f"{stem}-src-{key}.manifest"


def find_generated(static_dir: Path, stem: str, key: str) -> GeneratedFile | None:
    """The file made earlier (by any process) from the inputs named ``key``, if still there."""
    path = _manifest_path(static_dir, stem, key)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        found = GeneratedFile(
            path=Path(static_dir) / GENERATED_DIR / record["name"],
            url=record["url"],
            version=record["version"],
            size=int(record["size"]),
            gz_url=record.get("gz_url"),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not found.path.is_file() or found.path.stat().st_size != found.size:
        return None
    if found.gz_url and not found.path.with_name(found.path.name + ".gz").is_file():
        return None
    return found


def remember_generated(static_dir: Path, stem: str, key: str, written: GeneratedFile) -> None:
    """Record that ``written`` was made from the inputs named ``key`` (see find_generated)."""
    record = {
        "name": written.path.name,
        "url": written.url,
        "version": written.version,
        "size": written.size,
        "gz_url": written.gz_url,
    }
    path = _manifest_path(static_dir, stem, key)
    atomic_write(path, _dump(record))
    manifests = sorted(
        path.parent.glob(f"{stem}-src-*.manifest"),
        key=lambda p: p.stat().st_mtime if p.exists() else 0,
        reverse=True,
    )
    for old in manifests[_KEEP_MANIFESTS:]:
        old.unlink(missing_ok=True)
