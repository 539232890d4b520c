"""Import of survey files: read, map columns, validate every row, then write all or nothing.

Files come as Chinese offices save them: CSV in UTF-8 (with or without BOM) or GBK/GB18030
(Excel's "CSV" on a Chinese Windows), or XLSX; 问卷星 (Wenjuanxing) exports put metadata
columns (序号, 提交答卷时间, 所用时间, 来源, 来源详情, 来自IP, ...) before the questions and
write skipped answers as "(跳过)" and multiple choices joined with "┋".

The flow is preview → confirm: ``read_table`` decodes the file, ``suggest_mapping`` proposes
a role for each column (staff may change it), ``build_preview`` parses every row and lists the
errors with their row numbers (row 1 is the header, as in Excel), and ``write_import`` writes
the responses in the caller's transaction, only when the whole file is valid or when the
caller asks to import just the valid rows. A response's key (from 序号 and the submission
time, else from its content) makes a second import of the same file add nothing.

Columns with personal data (IP address, name, telephone, ID number, room number) are mapped to
``personal`` and never stored, nor shown in the preview.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from sqlmodel import Session, col, select

from db.models import (
    Suggestion,
    SuggestionStatus,
    Support,
    Survey,
    SurveyImport,
    SurveyResponse,
)
from planner import audit
from planner.audit import Actor
from planner.surveys.files import (
    MAX_ROWS,
    FileRefused,
    ImportRefused,
    RawTable,
    RowError,
    RowRefused,
    _text,
    read_table,
)
from planner.surveys.suggestions import suggest_category

__all__ = [  # reading lives in planner.surveys.files; callers use this module for both
    "MAX_ROWS",
    "ROLES",
    "FileRefused",
    "ImportPreview",
    "ImportRefused",
    "ImportReport",
    "ParsedResponse",
    "RawTable",
    "RowError",
    "RowRefused",
    "build_preview",
    "question_title",
    "read_table",
    "suggest_mapping",
    "write_import",
]

SUGGESTION_MAX_LENGTH = 4000
FLOOR_AREA_MAX_M2 = Decimal(10_000)

ROLES: tuple[str, ...] = (
    "response_id",
    "submitted_at",
    "support",
    "building",
    "unit",
    "floor_area",
    "suggestion",
    "question",
    "ignore",
    "personal",
)
SINGLE_ROLES = frozenset(ROLES) - {"question", "ignore", "personal"}
REQUIRED_ROLES = ("support",)

# Header keywords, tried in this order (the first role that matches wins). Personal data
# first, so that "来自IP" or "联系电话" never end up stored as an answer.
_ROLE_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "personal",
        (
            "ip",
            "姓名",
            "名字",
            "name",
            "电话",
            "手机",
            "phone",
            "mobile",
            "微信",
            "wechat",
            "身份证",
            "联系方式",
            "邮箱",
            "email",
            "房号",
            "门牌",
            "户号",
        ),
    ),
    ("ignore", ("所用时间", "来源", "总分", "duration", "source", "用户id")),
    ("response_id", ("序号", "答卷编号", "编号", "response id", "respondent id")),
    ("submitted_at", ("提交答卷时间", "提交时间", "答题时间", "submitted", "timestamp")),
    ("support", ("支持", "同意", "赞成", "support")),
    ("floor_area", ("面积", "area", "m²", "㎡")),
    ("unit", ("单元", "unit")),
    ("building", ("楼栋", "楼号", "栋", "building")),
    ("suggestion", ("建议", "意见", "诉求", "suggestion", "comment")),
)
_EXACT_ROLE = {
    "id": "response_id",
    "时间": "submitted_at",
    "楼": "building",
    "time": "submitted_at",
}

_SUPPORT_WORDS: dict[str, tuple[str, ...]] = {
    Support.YES: ("支持", "是", "同意", "赞成", "非常支持", "比较支持", "yes", "y", "1", "true"),
    Support.NO: ("不支持", "否", "不同意", "反对", "非常不支持", "比较不支持", "no", "n", "0"),
    Support.ABSTAIN: (
        "弃权",
        "无所谓",
        "不确定",
        "中立",
        "说不清",
        "不清楚",
        "不好说",
        "abstain",
        "neutral",
        "unsure",
        "don't know",
    ),
}
_SUPPORT = {word: value for value, words in _SUPPORT_WORDS.items() for word in words}
_BLANKS = {"", "(空)", "（空）", "(跳过)", "（跳过）", "-3", "n/a"}
_NUMBERING = re.compile(r"^\s*(?:[QqＱ]?\d+[、.．:：)）]|\d+\s)\s*")
_OPTION_PREFIX = re.compile(r"^[A-Za-z][.、．]\s*")
_DATETIME_FORMATS = (
    "%Y/%m/%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d",
    "%Y-%m-%d",
    "%Y年%m月%d日 %H:%M:%S",
    "%Y年%m月%d日",
)


def question_title(header: str) -> str:
    """A header without the questionnaire's numbering ("1、您是否支持…" → "您是否支持…")."""
    return _NUMBERING.sub("", header).strip() or header


def suggest_mapping(columns: Sequence[str]) -> dict[str, str]:
    """A role for each column from its header (a starting point; staff may change it)."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for column in columns:
        role = _role_of(question_title(column).lower())
        if role in SINGLE_ROLES and role in taken:
            role = "question"
        taken.add(role)
        mapping[column] = role
    return mapping


def _role_of(header: str) -> str:
    if header in _EXACT_ROLE:
        return _EXACT_ROLE[header]
    for role, keywords in _ROLE_KEYWORDS:
        for word in keywords:
            # Short Latin keywords ("ip", "id") must stand alone, not inside other words.
            if word.isascii() and len(word) <= 3:
                if re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", header):
                    return role
            elif word in header:
                return role
    return "question"


@dataclass(frozen=True)
class ParsedResponse:
    """A valid row, ready to store."""

    row: int
    key: str
    support: str
    submitted_at: datetime | None
    building_number: str
    unit_number: str
    floor_area_m2: Decimal | None
    answers: dict[str, str]
    suggestion: str


@dataclass(frozen=True)
class ImportPreview:
    """Everything the confirm step shows: the mapping, the parsed rows, the errors."""

    table: RawTable
    mapping: dict[str, str]
    responses: tuple[ParsedResponse, ...]
    errors: tuple[RowError, ...]

    @property
    def mapping_errors(self) -> tuple[RowError, ...]:
        """Errors about columns (a required role missing, a role given twice)."""
        return tuple(e for e in self.errors if e.row is None)

    @property
    def invalid_rows(self) -> tuple[int, ...]:
        """Row numbers with at least one error."""
        return tuple(sorted({e.row for e in self.errors if e.row is not None}))

    @property
    def is_valid(self) -> bool:
        """True when every row can be imported."""
        return not self.errors

    @property
    def can_import_valid_rows(self) -> bool:
        """True when the columns are right and at least one row is valid."""
        return not self.mapping_errors and bool(self.responses)

    def questions(self) -> list[str]:
        """The question titles the import adds to the survey, in column order."""
        return [
            question_title(c)
            for c in self.table.columns
            if self.mapping.get(c) in ("question", "support")
        ]

    def preview_rows(self, limit: int = 20) -> list[dict[str, str]]:
        """The first rows as text, without the columns marked personal or ignored."""
        shown = [c for c in self.table.columns if self.mapping.get(c) not in ("personal", "ignore")]
        index = {c: i for i, c in enumerate(self.table.columns)}
        return [
            {"#": str(n), **{c: _text(cells[index[c]]) for c in shown}}
            for n, cells in self.table.rows[:limit]
        ]


def build_preview(table: RawTable, mapping: Mapping[str, str] | None = None) -> ImportPreview:
    """Parse every row of ``table`` with ``mapping`` (default: ``suggest_mapping``)."""
    roles = dict(mapping) if mapping is not None else suggest_mapping(table.columns)
    errors: list[RowError] = []
    for column, role in roles.items():
        if column not in table.columns:
            errors.append(RowError(None, column, "survey.error.unknown_column"))
        elif role not in ROLES:
            errors.append(RowError(None, column, "survey.error.unknown_role", role))
    for column in table.columns:
        roles.setdefault(column, "ignore")
    counts = Counter(r for r in roles.values() if r in SINGLE_ROLES)
    for role, count in counts.items():
        if count > 1:
            errors.append(RowError(None, "", "survey.error.role_twice", role))
    for role in REQUIRED_ROLES:
        if role not in roles.values():
            errors.append(RowError(None, "", "survey.error.missing_column", role))
    if errors:
        return ImportPreview(table, roles, (), tuple(errors))

    by_role = {role: c for c, role in roles.items() if role in SINGLE_ROLES}
    index = {c: i for i, c in enumerate(table.columns)}
    answer_columns = [c for c in table.columns if roles[c] in ("question", "support")]
    responses: list[ParsedResponse] = []
    seen_keys: dict[str, int] = {}
    content_seen: Counter[str] = Counter()
    for number, cells in table.rows:
        raw = {c: cells[i] for c, i in index.items()}
        row_errors: list[RowError] = []
        if number in table.extra_fields:
            extra = str(table.extra_fields[number])
            errors.append(RowError(number, "", "survey.error.extra_fields", extra))
            continue
        values = _parse_row(number, raw, by_role, row_errors)
        answers = {
            question_title(c): text
            for c in answer_columns
            if (text := _text(raw[c])) and text not in _BLANKS
        }
        if row_errors:
            errors.extend(row_errors)
            continue
        if "response_id" in by_role:
            # The parsed time, so that the CSV and the XLSX of one export give the same keys.
            when = values["submitted_at"]
            submitted = when.isoformat() if isinstance(when, datetime) else ""
            ident = f"id\x1f{values['response_id']}\x1f{submitted}"
        else:
            content = json.dumps([values, answers], ensure_ascii=False, sort_keys=True, default=str)
            content_seen[content] += 1  # identical rows in one file are distinct responses
            ident = f"row\x1f{content}\x1f{content_seen[content]}"
        key = hashlib.sha256(ident.encode("utf-8")).hexdigest()
        if key in seen_keys:
            errors.append(
                RowError(
                    number,
                    by_role.get("response_id", ""),
                    "survey.error.duplicate_in_file",
                    str(seen_keys[key]),
                )
            )
            continue
        seen_keys[key] = number
        responses.append(
            ParsedResponse(
                row=number,
                key=key,
                support=values["support"],
                submitted_at=values["submitted_at"],
                building_number=values["building"],
                unit_number=values["unit"],
                floor_area_m2=values["floor_area"],
                answers=answers,
                suggestion=values["suggestion"],
            )
        )
    return ImportPreview(table, roles, tuple(responses), tuple(errors))


def _parse_row(
    number: int, raw: Mapping[str, object], by_role: Mapping[str, str], errors: list[RowError]
) -> dict[str, Any]:
    def cell(role: str) -> str:
        column = by_role.get(role)
        text = _text(raw[column]) if column else ""
        return "" if text in _BLANKS else text

    def fail(role: str, key: str, value: str = "") -> None:
        errors.append(RowError(number, by_role[role], key, value))

    values: dict[str, Any] = {"response_id": cell("response_id")}
    if "response_id" in by_role and not values["response_id"]:
        fail("response_id", "survey.error.missing_id")
    support_text = cell("support")
    support = _SUPPORT.get(_OPTION_PREFIX.sub("", support_text).lower().replace(" ", ""))
    if not support_text:
        fail("support", "survey.error.support_empty")
    elif support is None:
        fail("support", "survey.error.support_value", support_text)
    values["support"] = support
    values["submitted_at"] = None
    column = by_role.get("submitted_at")
    if column is not None and isinstance(raw[column], datetime):
        values["submitted_at"] = raw[column]
    elif cell("submitted_at"):
        parsed = _parse_datetime(cell("submitted_at"))
        if parsed is None:
            fail("submitted_at", "survey.error.datetime", cell("submitted_at"))
        values["submitted_at"] = parsed
    values["building"] = re.sub(r"(号楼|号|栋|幢|楼|#)$", "", cell("building")).strip()
    if len(values["building"]) > 32:
        fail("building", "survey.error.too_long", cell("building")[:40])
    values["unit"] = re.sub(r"(单元|门)$", "", cell("unit")).strip()
    if len(values["unit"]) > 16:
        fail("unit", "survey.error.too_long", cell("unit")[:40])
    values["floor_area"] = None
    if cell("floor_area"):
        area = _parse_area(cell("floor_area"))
        if area is None:
            fail("floor_area", "survey.error.area", cell("floor_area"))
        values["floor_area"] = area
    values["suggestion"] = cell("suggestion")
    if len(values["suggestion"]) > SUGGESTION_MAX_LENGTH:
        fail("suggestion", "survey.error.too_long", values["suggestion"][:40])
    return values


def _parse_datetime(text: str) -> datetime | None:
    for pattern in _DATETIME_FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _parse_area(text: str) -> Decimal | None:
    cleaned = re.sub(r"(平方米|平米|㎡|m²|m2)$", "", text.replace(",", "")).strip()
    try:
        area = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not area.is_finite() or area <= 0 or area > FLOOR_AREA_MAX_M2:
        return None
    return area.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ImportReport:
    """What an import wrote (or, for a dry run, would write)."""

    rows_in_file: int
    added: int
    already_present: int
    skipped_invalid: int
    suggestions_added: int
    invalid_rows: tuple[int, ...] = ()
    previous_imports: int = 0
    dry_run: bool = False
    errors: tuple[RowError, ...] = field(default=(), repr=False)

    def to_json(self, lang: str | None = "en") -> dict[str, object]:
        """For ``--json``."""
        return {
            "rows_in_file": self.rows_in_file,
            "added": self.added,
            "already_present": self.already_present,
            "skipped_invalid": self.skipped_invalid,
            "suggestions_added": self.suggestions_added,
            "invalid_rows": list(self.invalid_rows),
            "previous_imports_of_this_file": self.previous_imports,
            "dry_run": self.dry_run,
            "errors": [e.to_json(lang) for e in self.errors],
        }


def write_import(
    session: Session,
    survey: Survey,
    preview: ImportPreview,
    *,
    actor: Actor | str,
    only_valid: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Store the preview's responses (and their suggestions) in the caller's transaction.

    With errors in the file nothing is written unless ``only_valid`` (then the invalid rows
    are reported as skipped). Responses already stored (same key) are counted, not added.

    Raises
    ------
    ImportRefused
        Column errors, or row errors without ``only_valid``.
    """
    if preview.mapping_errors or (preview.errors and not only_valid):
        raise ImportRefused.of_errors(preview.errors)
    keys = [r.key for r in preview.responses]
    existing: set[str] = set()
    for start in range(0, len(keys), 500):
        existing |= set(
            session.exec(
                select(SurveyResponse.response_key).where(
                    SurveyResponse.survey_id == survey.id,
                    col(SurveyResponse.response_key).in_(keys[start : start + 500]),
                )
            ).all()
        )
    new = [r for r in preview.responses if r.key not in existing]
    previous = len(
        session.exec(
            select(SurveyImport.id).where(
                SurveyImport.survey_id == survey.id,
                SurveyImport.file_sha256 == preview.table.sha256,
            )
        ).all()
    )
    report = ImportReport(
        rows_in_file=len(preview.table.rows),
        added=len(new),
        already_present=len(preview.responses) - len(new),
        skipped_invalid=len(preview.invalid_rows),
        suggestions_added=sum(1 for r in new if r.suggestion),
        invalid_rows=preview.invalid_rows,
        previous_imports=previous,
        dry_run=dry_run,
        errors=preview.errors,
    )
    if dry_run:
        return report
    for parsed in new:
        response = SurveyResponse(
            survey_id=survey.id,  # type: ignore[arg-type]  # stored rows: their ids are set
            response_key=parsed.key,
            submitted_at=parsed.submitted_at,
            support=parsed.support,
            building_number=parsed.building_number,
            unit_number=parsed.unit_number,
            floor_area_m2=parsed.floor_area_m2,
            answers=json.dumps(parsed.answers, ensure_ascii=False),
        )
        session.add(response)
        if parsed.suggestion:
            session.flush()
            session.add(
                Suggestion(
                    site_id=survey.site_id,
                    survey_id=survey.id,
                    response_id=response.id,
                    text=parsed.suggestion,
                    category=suggest_category(parsed.suggestion),
                    status=SuggestionStatus.RECEIVED,
                )
            )
    questions = json.loads(survey.questions or "[]")
    questions += [q for q in preview.questions() if q not in questions]
    survey.questions = json.dumps(questions, ensure_ascii=False)
    session.add(survey)
    record = SurveyImport(
        survey_id=survey.id,  # type: ignore[arg-type]  # stored rows: their ids are set
        file_name=preview.table.file_name[-255:],
        file_sha256=preview.table.sha256,
        encoding=preview.table.encoding,
        rows_in_file=report.rows_in_file,
        added=report.added,
        already_present=report.already_present,
        skipped_invalid=report.skipped_invalid,
        actor=Actor.coerce(actor).label[:100],
    )
    session.add(record)
    session.flush()
    audit.record(
        session,
        Actor.coerce(actor),
        "import",
        survey,
        after=report.to_json(),
        note=preview.table.file_name[-255:],
    )
    session.flush()
    return report
