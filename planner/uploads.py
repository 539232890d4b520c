"""Reading uploaded tables within bounds: bytes, unpacked bytes, rows, columns, cells, time.

A staff member's upload (a survey export, a rate library) is parsed by code that would happily
spend a gigabyte and a minute on a file of a few hundred kilobytes: a CSV whose line ends are
lone CRs, one line of nine million commas, an XLSX whose sheet unpacks to 168 MB. Every table
parser therefore runs under :class:`UploadLimits` (one settings object, ``PlannerSettings``'
``upload_*`` fields, the same for the pages and the command line), checked **before** it runs
wherever the file tells enough, and again while it runs:

- the file's bytes (before anything is decoded);
- CSV: the line ends of every kind (CR, LF, CRLF) against the row limit, and the separators
  against the cell limit, counted on the raw bytes; then, row by row, the fields of one row
  (counted as the reader is fed, so one huge row is refused before it is built);
- XLSX: the zip's entries, their declared unpacked sizes (each and in all) and the sheet's
  actual unpacked bytes, its rows and cells counted on the stream of its XML before any cell
  is parsed, its declared dimension; then, while parsing, rows, columns and cells again;
- time: a deadline checked between rows, so a slow file ends with a refusal, not a hang.

Damaged input (``BadZipFile``, an XML ``ParseError``, a CSV error) is a refusal with the
reason in plain words, never an error number. Refusals are :class:`UploadRefused`
(``planner.errors.Refused``).
"""

from __future__ import annotations

import csv
import io
import logging
import re
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import ParseError

from planner.errors import Refused

_log = logging.getLogger(__name__)

MB = 1024 * 1024
#: Parts of an XLSX read to find its first sheet (small XML: the workbook and its links).
_SMALL_PART_BYTES = 2 * MB
_CHUNK = 1 << 20
_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?\""
)


class UploadRefused(Refused):
    """An uploaded file refused before or while it was read (nothing was written)."""


@dataclass(frozen=True)
class UploadLimits:
    """What one uploaded table may cost: bytes, unpacked bytes, rows, columns, cells, seconds."""

    max_bytes: int = 20 * MB
    max_unpacked_bytes: int = 100 * MB
    max_rows: int = 100_000
    max_columns: int = 500
    max_cells: int = 2_000_000
    max_seconds: float = 30.0

    @classmethod
    def from_settings(cls, settings: Any, kind: str = "survey") -> UploadLimits:
        """The limits of ``PlannerSettings`` for an upload of ``kind`` ("survey", "rates",
        "gis": only the file size differs)."""
        megabytes = {
            "survey": settings.survey_max_upload_mb,
            "rates": settings.rates_max_upload_mb,
            "gis": settings.gis_max_upload_mb,
        }[kind]
        return cls(
            max_bytes=megabytes * MB,
            max_unpacked_bytes=settings.upload_max_unpacked_mb * MB,
            max_rows=settings.upload_max_rows,
            max_columns=settings.upload_max_columns,
            max_cells=settings.upload_max_cells,
            max_seconds=float(settings.upload_max_seconds),
        )


class Deadline:
    """Refuses (``upload.error.too_slow``) once ``seconds`` have passed since it was made."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise UploadRefused("upload.error.too_slow", seconds=f"{self.seconds:g}")


def check_size(size: int, limits: UploadLimits) -> None:
    """Refuse a file larger than ``limits.max_bytes`` (before it is read)."""
    if size > limits.max_bytes:
        raise UploadRefused("upload.error.too_large", limit_mb=limits.max_bytes // MB)


# ---------------------------------------------------------------------------------------------
# CSV


def line_ends(data: bytes) -> int:
    """How many line ends ``data`` holds, of every kind (LF, CR, CRLF each count once)."""
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def precheck_csv(data: bytes, limits: UploadLimits) -> None:
    """Rows and cells of a CSV bounded from its raw bytes, before it is decoded.

    Lines bound the rows from above (a quoted cell may span lines); the most frequent of the
    usual separators plus the lines bounds the cells.
    """
    check_size(len(data), limits)
    lines = line_ends(data) + 1
    if lines > limits.max_rows + 2:  # the header and a last line without its line end
        raise UploadRefused("upload.error.too_many_rows", limit=limits.max_rows)
    separators = max(data.count(b","), data.count(b"\t"), data.count(b";"))
    if separators + lines > limits.max_cells:
        raise UploadRefused("upload.error.too_many_cells", limit=limits.max_cells)


def csv_rows(
    text: str, limits: UploadLimits, *, deadline: Deadline | None = None
) -> list[list[str]]:
    """The rows of a decoded CSV (dialect sniffed: comma, tab or semicolon), within limits.

    The reader is fed line by line; the separators it is fed since its last row are counted,
    so a row with more fields than ``limits.max_columns`` is refused before it is built.
    """
    deadline = deadline or Deadline(limits.max_seconds)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:4096], delimiters=",\t;"
        )
    except csv.Error:
        dialect = csv.excel
    separator = dialect.delimiter
    pending = [0]  # separators fed since the last row came out

    def lines() -> Iterator[str]:
        for line in io.StringIO(text, newline=""):
            pending[0] += line.count(separator)
            if pending[0] > limits.max_columns:
                raise UploadRefused("upload.error.too_many_columns", limit=limits.max_columns)
            yield line

    rows: list[list[str]] = []
    cells = 0
    try:
        for row in csv.reader(lines(), dialect):
            pending[0] = 0
            if len(rows) > limits.max_rows:  # the header and one row too many: stop reading
                raise UploadRefused("upload.error.too_many_rows", limit=limits.max_rows)
            cells += len(row)
            if cells > limits.max_cells:
                raise UploadRefused("upload.error.too_many_cells", limit=limits.max_cells)
            rows.append(row)
            if len(rows) % 1000 == 0:
                deadline.check()
    except csv.Error as error:
        raise _refused("upload.error.csv", error) from error
    return rows


# ---------------------------------------------------------------------------------------------
# XLSX (and any zip)


def _refused(key: str, error: BaseException) -> UploadRefused:
    """The plain refusal ``key`` for a library's error, whose own words are only logged.

    A library's message or class name (``BadZipFile``, ``line contains NUL``) means nothing
    to the person who uploaded the file; the log keeps it for whoever looks into it.
    """
    _log.warning("upload refused (%s): %s: %s", key, type(error).__name__, error)
    return UploadRefused(key)


def open_zip(data: bytes, limits: UploadLimits) -> zipfile.ZipFile:
    """The zip in ``data`` after its declared sizes were checked (each and in all)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError) as error:
        raise _refused("upload.error.bad_zip", error) from error
    if len(entries) > 10_000:
        raise UploadRefused("upload.error.too_many_entries", limit=10_000)
    if sum(info.file_size for info in entries) > limits.max_unpacked_bytes:
        archive.close()
        raise UploadRefused("upload.error.unpacked", limit_mb=limits.max_unpacked_bytes // MB)
    return archive


def read_member(
    archive: zipfile.ZipFile, name: str, limit: int, deadline: Deadline | None = None
) -> bytes:
    """One member read whole, refused past ``limit`` unpacked bytes (whatever it declared)."""
    chunks, size = [], 0
    try:
        with archive.open(name) as member:
            while chunk := member.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise UploadRefused("upload.error.unpacked", limit_mb=max(1, limit // MB))
                chunks.append(chunk)
                if deadline is not None:
                    deadline.check()
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, KeyError) as error:
        raise _refused("upload.error.bad_zip", error) from error
    return b"".join(chunks)


def _first_sheet(archive: zipfile.ZipFile) -> str:
    """The zip name of a workbook's first sheet (the one openpyxl calls ``worksheets[0]``)."""
    names = set(archive.namelist())
    workbook = read_member(archive, "xl/workbook.xml", _SMALL_PART_BYTES)
    links = read_member(archive, "xl/_rels/workbook.xml.rels", _SMALL_PART_BYTES)
    first = re.search(rb"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]+)\"", workbook) or re.search(
        rb"<(?:\w+:)?sheet\b[^>]*?\bid=\"([^\"]+)\"", workbook
    )
    if first is None:
        raise UploadRefused("upload.error.xlsx")
    for relation in re.finditer(rb"<(?:\w+:)?Relationship\b[^>]*>", links):
        text = relation.group(0)
        ident = re.search(rb"\bId=\"([^\"]+)\"", text)
        target = re.search(rb"\bTarget=\"([^\"]+)\"", text)
        if ident and target and ident.group(1) == first.group(1):
            path = target.group(1).decode("utf-8", "replace").lstrip("/")
            path = path if path.startswith("xl/") else f"xl/{path}"
            if path in names:
                return path
    raise UploadRefused("upload.error.xlsx")


def scan_sheet(
    archive: zipfile.ZipFile, name: str, limits: UploadLimits, deadline: Deadline
) -> None:
    """Count a sheet's rows and cells on the stream of its XML, before any cell is parsed.

    Refuses more unpacked bytes, rows or cells than the limits allow, and a declared
    dimension (``<dimension ref="A1:ZZ900000">``) beyond the rows or columns allowed.
    """
    size = rows = cells = 0
    tail = b""
    seen_dimension = False
    try:
        with archive.open(name) as member:
            while chunk := member.read(_CHUNK):
                size += len(chunk)
                if size > limits.max_unpacked_bytes:
                    raise UploadRefused(
                        "upload.error.unpacked", limit_mb=limits.max_unpacked_bytes // MB
                    )
                window = tail + chunk
                if not seen_dimension:
                    found = _DIMENSION.search(window)
                    if found:
                        seen_dimension = True
                        _check_dimension(found, limits)
                # Tags split over two chunks are counted once: the window keeps 8 bytes back.
                rows += window.count(b"<row") - tail.count(b"<row")
                cells += window.count(b"<c ") + window.count(b"<c>")
                cells -= tail.count(b"<c ") + tail.count(b"<c>")
                tail = window[-8:]
                if rows > limits.max_rows + 1:
                    raise UploadRefused("upload.error.too_many_rows", limit=limits.max_rows)
                if cells > limits.max_cells:
                    raise UploadRefused("upload.error.too_many_cells", limit=limits.max_cells)
                deadline.check()
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, KeyError) as error:
        raise _refused("upload.error.bad_zip", error) from error


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - ord("A") + 1)
    return number


def _check_dimension(found: re.Match[bytes], limits: UploadLimits) -> None:
    last_col, last_row = found.group(3) or found.group(1), found.group(4) or found.group(2)
    if int(last_row) > limits.max_rows + 1:
        raise UploadRefused("upload.error.too_many_rows", limit=limits.max_rows)
    if _column_number(last_col) > limits.max_columns:
        raise UploadRefused("upload.error.too_many_columns", limit=limits.max_columns)


def xlsx_rows(
    data: bytes, limits: UploadLimits, *, deadline: Deadline | None = None
) -> list[list[object]]:
    """The first sheet's rows of an XLSX (values, not formulas), within limits.

    The zip's declared sizes and the sheet's XML are checked first (:func:`scan_sheet`); the
    parse that follows is bounded again row by row (rows, columns, cells, time).
    """
    check_size(len(data), limits)
    deadline = deadline or Deadline(limits.max_seconds)
    archive = open_zip(data, limits)
    try:
        scan_sheet(archive, _first_sheet(archive), limits, deadline)
    finally:
        archive.close()
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, ParseError, EOFError) as error:
        raise _refused("upload.error.xlsx", error) from error
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the file's own dimension is not trusted for padding rows
        rows: list[list[object]] = []
        cells = 0
        for row in sheet.iter_rows(values_only=True):
            if len(row) > limits.max_columns:
                raise UploadRefused("upload.error.too_many_columns", limit=limits.max_columns)
            cells += len(row)
            if cells > limits.max_cells:
                raise UploadRefused("upload.error.too_many_cells", limit=limits.max_cells)
            rows.append(list(row))
            if len(rows) > limits.max_rows + 1:  # the header and one row too many
                raise UploadRefused("upload.error.too_many_rows", limit=limits.max_rows)
            if len(rows) % 500 == 0:
                deadline.check()
        return rows
    except (ParseError, zipfile.BadZipFile, zlib.error, KeyError, OSError, ValueError) as error:
        raise _refused("upload.error.xlsx", error) from error
    finally:
        workbook.close()
