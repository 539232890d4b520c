"""Reading survey files: CSV in UTF-8 (with or without BOM) or GBK/GB18030, and XLSX.

Chinese Excel saves "CSV" in GBK; GB18030 is its superset, tried after UTF-8 (a simple ordered
try is more predictable than guessing). The first non-empty row is the header; row numbers
are kept as the user sees them in Excel (the header is row 1), blank rows skipped.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from planner.errors import Refused
from planner.i18n import t
from planner.uploads import (
    Deadline,
    UploadLimits,
    UploadRefused,
    check_size,
    csv_rows,
    precheck_csv,
    xlsx_rows,
)

ENCODINGS = ("utf-8-sig", "gb18030")  # tried in this order; GB18030 is a superset of GBK
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
MAX_ROWS = 100_000
#: Largest file read (``PLANNER_SURVEY_MAX_UPLOAD_MB``): refused before anything is decoded.
MAX_BYTES = 20 * 1024 * 1024


class FileRefused(Refused):
    """The file cannot be read at all (empty, not CSV/XLSX, unknown encoding)."""


_ROLE_MESSAGES = frozenset({"survey.error.missing_column", "survey.error.role_twice"})


@dataclass(frozen=True)
class RowError:
    """Why one row (or a whole column, ``row`` None) cannot be imported."""

    row: int | None
    column: str
    key: str
    value: str = ""

    def message(self, lang: str | None) -> str:
        """ "第 5 行，列「是否支持」：无法识别的值「也许」" and its English twin."""
        value = self.value
        if self.key in _ROLE_MESSAGES:
            value = t(f"survey.role.{value}", lang)
        reason = t(self.key, lang, value=value)
        if self.row is None:
            if not self.column:
                return reason
            return t("survey.error.at_column", lang, column=self.column, reason=reason)
        if not self.column:
            return t("survey.error.at_row_only", lang, row=self.row, reason=reason)
        return t("survey.error.at_row", lang, row=self.row, column=self.column, reason=reason)

    def to_json(self, lang: str | None = "en") -> dict[str, object]:
        """For ``--json``: row, column, reason (message key) and the text."""
        return {
            "row": self.row,
            "column": self.column,
            "reason": self.key,
            "message": self.message(lang),
        }


class RowRefused(Refused):
    """One reason of an :class:`ImportRefused`: a row or a column that cannot be imported,
    said as :meth:`RowError.message` says it (the field is the column)."""

    def message(self, lang: str | None) -> str:
        """ "第 5 行，列「是否支持」：无法识别的值「也许」" and its English twin."""
        row = self.values.get("row")
        value = self.values.get("value", "")
        return RowError(
            row if isinstance(row, int) else None, self.field or "", self.key, str(value)
        ).message(lang)


class ImportRefused(Refused):
    """Nothing was written: the file has errors and the caller did not ask for valid rows.

    Its reasons name each row and column; ``errors`` keeps them as :class:`RowError` (for
    tables and ``--json``). Make one with :meth:`of_errors`.
    """

    errors: tuple[RowError, ...] = ()

    @classmethod
    def of_errors(cls, errors: Sequence[RowError]) -> ImportRefused:
        """The refusal of a file with these errors."""
        refused = cls(
            "survey.import.errors",
            field="file",
            reasons=[RowRefused(e.key, field=e.column, row=e.row, value=e.value) for e in errors],
            count=len(errors),
        )
        refused.errors = tuple(errors)
        return refused


@dataclass(frozen=True)
class RawTable:
    """A decoded file: header, data rows with their row numbers (header = row 1)."""

    file_name: str
    sha256: str
    encoding: str  # "utf-8-sig", "gb18030" or "xlsx"
    columns: tuple[str, ...]
    rows: tuple[tuple[int, tuple[object, ...]], ...]
    #: Rows with more (non-empty) fields than the header has columns: row number → how many.
    extra_fields: dict[int, int] = field(default_factory=dict)


def read_table(
    data: bytes,
    file_name: str,
    *,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    limits: UploadLimits | None = None,
) -> RawTable:
    """Decode a CSV or XLSX survey export, within ``limits`` (``planner.uploads``).

    The file's size, its lines of every kind (CR, LF, CRLF) and its separators are checked
    before it is decoded; an XLSX's zip and sheet before a cell is parsed; rows, columns,
    cells and time again while it is read. ``limits`` defaults to ``max_bytes`` and
    ``max_rows`` with the other limits' defaults (the page and the command line pass
    ``UploadLimits.from_settings``).

    Raises
    ------
    FileRefused
        Too large, too many rows, columns or cells, too slow, empty, no data rows, an old
        binary .xls, a damaged XLSX, or text that is neither UTF-8 nor GB18030.
    """
    if limits is None:
        limits = UploadLimits(max_bytes=max_bytes, max_rows=max_rows)
    try:
        return _read_table(data, file_name, limits)
    except UploadRefused as refused:
        if refused.key == "upload.error.bad_zip":  # an .xlsx is a zip: say which file it is
            raise FileRefused("survey.error.xlsx") from refused
        key = _SURVEY_KEYS.get(refused.key, refused.key)
        raise FileRefused(key, **refused.values) from refused


#: Refusals of the bounded readers that the survey catalogue words for itself.
_SURVEY_KEYS = {
    "upload.error.too_large": "survey.error.too_large",
    "upload.error.too_many_rows": "survey.error.too_many_rows",
    "upload.error.xlsx": "survey.error.xlsx",
    "upload.error.csv": "survey.error.csv",
}


def _read_table(data: bytes, file_name: str, limits: UploadLimits) -> RawTable:
    check_size(len(data), limits)
    is_xlsx = data.startswith(XLSX_MAGIC) or file_name.lower().endswith(".xlsx")
    if not is_xlsx:
        precheck_csv(data, limits)
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise FileRefused("survey.error.empty_file")
    if data.startswith(XLS_MAGIC) or file_name.lower().endswith(".xls"):
        raise FileRefused("survey.error.xls")
    encoding, grid = _grid(data, is_xlsx, limits)
    numbered = [(n, row) for n, row in enumerate(grid, start=1) if any(_text(c) for c in row)]
    if not numbered:
        raise FileRefused("survey.error.empty_file")
    (_, header), body = numbered[0], numbered[1:]
    if not body:
        raise FileRefused("survey.error.no_rows")
    if len(body) > limits.max_rows:
        raise FileRefused("survey.error.too_many_rows", limit=limits.max_rows)
    columns = _unique_headers(header)
    width = len(columns)
    rows = tuple((n, tuple(row[:width]) + ("",) * (width - len(row))) for n, row in body)
    # Cells beyond the header are not dropped silently: such a row is refused (row number).
    extra = {n: k for n, row in body if (k := sum(1 for c in row[width:] if _text(c)))}
    return RawTable(file_name, sha, encoding, columns, rows, extra)


def _grid(
    data: bytes, is_xlsx: bool, limits: UploadLimits
) -> tuple[str, Sequence[Sequence[object]]]:
    """The encoding ("xlsx" for a workbook) and the cells of the file, read within limits."""
    deadline = Deadline(limits.max_seconds)
    if is_xlsx:
        return "xlsx", xlsx_rows(data, limits, deadline=deadline)
    encoding, text = _decode(data)
    return encoding, csv_rows(text, limits, deadline=deadline)


def _decode(data: bytes) -> tuple[str, str]:
    for encoding in ENCODINGS:
        try:
            return encoding, data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefused("survey.error.encoding")


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
