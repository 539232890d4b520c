"""Attribute columns of a GIS layer: which column holds which field, and reading its values.

:func:`suggest_mapping` proposes a column per field from the column names (Chinese and Latin
spellings, pinyin abbreviations); :func:`_parse_values` reads a feature's attributes through a
mapping into checked values (numbers such as ``6层`` or ``1989年``, plausible ranges, lengths),
with an issue for every value it cannot use.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from db.models import WorkStatus
from geodata.validation import Issue
from planner.gis.fields import FIELDS, KINDS
from planner.sites import TEXT_LENGTHS

#: Column names suggested for each field (compared lower-case, without spaces and "_").
_SUGGESTIONS: dict[str, tuple[str, ...]] = {
    "key": ("key", "sitekey", "code", "小区编号", "编码"),
    "id": ("id", "siteid"),
    "name_zh": ("namezh", "name", "名称", "小区名称", "小区名", "小区", "xqmc", "mc"),
    "name_en": ("nameen", "englishname", "ename", "英文名称"),
    "sub_district": ("subdistrict", "街道", "街道办", "所属街道", "jd", "street"),
    "community": ("community", "社区", "所属社区", "sq"),
    "year_built": (
        "yearbuilt",
        "year",
        "建成年份",
        "建成年代",
        "建设年代",
        "竣工年份",
        "年代",
        "jcnd",
        "nd",
    ),
    "households": ("households", "hh", "户数", "住户数", "总户数", "hs"),
    "status": ("status", "状态"),
    "number": (
        "number",
        "no",
        "楼号",
        "楼栋号",
        "幢号",
        "栋号",
        "bldgno",
        "building",
        "name",
        "名称",
    ),
    "floors": ("floors", "floor", "层数", "楼层", "楼层数", "cs", "storeys", "levels"),
    "units": ("units", "单元", "单元数", "dys", "entrances"),
}

#: Plausible values of numeric attributes, (min, max) per kind.
_RANGES: dict[str, tuple[int, int]] = {
    "floors": (1, 60),
    "units": (0, 50),
    "households": (0, 100_000),
    "year_built": (1900, 2100),
}
_INT_FIELDS = ("id", "floors", "units", "households", "year_built")


def _norm(name: str) -> str:
    return re.sub(r"[\s_\-:：()（）]", "", str(name)).lower()


def _contains(column: str, candidate: str) -> bool:
    # Short Latin abbreviations ("nd", "cs") only match exactly: "end" is not a year.
    long_enough = len(candidate) >= 4 or not candidate.isascii()
    return long_enough and candidate in column


def suggest_mapping(columns: Sequence[str], kind: str) -> dict[str, str | None]:
    """Suggest which attribute column holds each field of ``kind`` (None when none fits).

    An exact match of a known name wins over a column that merely contains one; each column is
    used once.

    Examples
    --------
    >>> suggest_mapping(["楼号", "层数（层）", "户数", "geometry_note"], "buildings")["floors"]
    '层数（层）'
    """
    if kind not in FIELDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    normalised = {col: _norm(col) for col in columns}
    taken: set[str] = set()
    result: dict[str, str | None] = {}
    for exact in (True, False):
        for name in FIELDS[kind]:
            if result.get(name):
                continue
            result[name] = None
            for candidate in _SUGGESTIONS[name]:
                found = next(
                    (
                        col
                        for col, norm in normalised.items()
                        if col not in taken
                        and (norm == candidate if exact else _contains(norm, candidate))
                    ),
                    None,
                )
                if found:
                    result[name] = found
                    taken.add(found)
                    break
    return {name: result.get(name) for name in FIELDS[kind]}


def _parse_int(value: Any) -> int | None:
    """An integer from 6, 6.0, "6", "6层", "1989年", "1989-05-01"; None when there is none."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(round(value)) if value == value else None
    match = re.search(r"-?\d+(?:\.\d+)?", str(value))
    if not match:
        return None
    return int(round(float(match.group())))


def _parse_values(
    attributes: Mapping[str, Any], field_map: Mapping[str, str | None]
) -> tuple[dict[str, Any], list[Issue]]:
    values: dict[str, Any] = {}
    issues: list[Issue] = []
    for name, column in field_map.items():
        if not column or column not in attributes:
            continue
        raw = attributes[column]
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        if name in _INT_FIELDS:
            number = _parse_int(raw)
            low, high = _RANGES.get(name, (1, 2**31 - 1))
            if number is None or not low <= number <= high:
                issues.append(Issue("bad_value", False, {"field": name, "value": str(raw)[:40]}))
                continue
            values[name] = number
        elif name == "status":
            text = str(raw).strip()
            if text in {s.value for s in WorkStatus}:
                values[name] = text
            else:
                issues.append(Issue("bad_value", False, {"field": name, "value": text[:40]}))
        else:
            text = str(raw).strip()
            if isinstance(raw, float) and raw.is_integer():
                text = str(int(raw))
            values[name] = text[: TEXT_LENGTHS.get(name, 200)]
    return values, issues
