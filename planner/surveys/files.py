"""Reading survey files: CSV in UTF-8 (with or without BOM) or GBK/GB18030, and XLSX.

Chinese Excel saves "CSV" in GBK; GB18030 is its superset, tried after UTF-8 (a simple ordered
try is more predictable than guessing). The first non-empty row is the header; row numbers
are kept as the user sees them in Excel (the header is row 1), blank rows skipped.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from planner.i18n import t

ENCODINGS = ("utf-8-sig", "gb18030")  # tried in this order; GB18030 is a superset of GBK
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
MAX_ROWS = 100_000


class FileRefused(ValueError):
    """The file cannot be read at all (empty, not CSV/XLSX, unknown encoding)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values

    def message(self, lang: str | None) -> str:
        """The reason in ``lang``."""
        return t(self.key, lang, **self.values)


@dataclass(frozen=True)
class RawTable:
    """A decoded file: header, data rows with their row numbers (header = row 1)."""

    file_name: str
    sha256: str
    encoding: str  # "utf-8-sig", "gb18030" or "xlsx"
    columns: tuple[str, ...]
    rows: tuple[tuple[int, tuple[object, ...]], ...]


def read_table(data: bytes, file_name: str) -> RawTable:
    """Decode a CSV or XLSX survey export.

    Raises
    ------
    FileRefused
        Empty file, no data rows, an old binary .xls, a damaged XLSX, or text that is
        neither UTF-8 nor GB18030.
    """
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise FileRefused("survey.error.empty_file")
    if data.startswith(XLS_MAGIC) or file_name.lower().endswith(".xls"):
        raise FileRefused("survey.error.xls")
    if data.startswith(XLSX_MAGIC) or file_name.lower().endswith(".xlsx"):
        encoding, grid = "xlsx", _xlsx_rows(data)
    else:
        encoding, text = _decode(data)
        grid = _csv_rows(text)
    numbered = [(n, row) for n, row in enumerate(grid, start=1) if any(_text(c) for c in row)]
    if not numbered:
        raise FileRefused("survey.error.empty_file")
    (_, header), body = numbered[0], numbered[1:]
    if not body:
        raise FileRefused("survey.error.no_rows")
    if len(body) > MAX_ROWS:
        raise FileRefused("survey.error.too_many_rows", limit=MAX_ROWS)
    columns = _unique_headers(header)
    width = len(columns)
    rows = tuple((n, tuple(row[:width]) + ("",) * (width - len(row))) for n, row in body)
    return RawTable(file_name, sha, encoding, columns, rows)


def _decode(data: bytes) -> tuple[str, str]:
    for encoding in ENCODINGS:
        try:
            return encoding, data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefused("survey.error.encoding")


def _csv_rows(text: str) -> list[list[str]]:
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as error:
        raise FileRefused("survey.error.csv", detail=str(error)) from error


def _xlsx_rows(data: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise FileRefused("survey.error.xlsx", detail=type(error).__name__) from error
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _text(value: object) -> str:
    """A cell as trimmed text (integral floats without ".0", dates in ISO form)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return str(value).strip()


def _unique_headers(header: Sequence[object]) -> tuple[str, ...]:
    names: list[str] = []
    seen: Counter[str] = Counter()
    for index, cell in enumerate(header, start=1):
        name = _text(cell) or f"#{index}"
        seen[name] += 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return tuple(names)
