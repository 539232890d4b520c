"""Importing real-shaped survey files: encodings, 问卷星 layout, errors, duplicates, no PII."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from db.models import AuditEntry, Site, Suggestion, Survey, SurveyImport, SurveyResponse
from db.session import session_scope
from planner.surveys import imports as si
from planner.surveys.statistics import get_or_create_survey

DATA = Path(__file__).resolve().parents[1] / "data" / "surveys"


def _read(name: str) -> si.RawTable:
    return si.read_table((DATA / name).read_bytes(), name)


def _counts(engine) -> tuple[int, int, int, int]:
    with Session(engine) as session:
        return tuple(
            session.exec(select(func.count()).select_from(model)).one()
            for model in (Survey, SurveyResponse, Suggestion, SurveyImport)
        )


def _import(engine, name: str, *, only_valid: bool = False, title: str = "入户问卷"):
    """Import a test file into a survey of 广汇小区 in one transaction."""
    preview = si.build_preview(_read(name))
    with session_scope(engine) as session:
        site = session.exec(select(Site).where(Site.name_zh == "广汇小区")).one()
        survey = get_or_create_survey(session, site_id=site.id, title=title)
        return si.write_import(session, survey, preview, actor="tester", only_valid=only_valid)


def test_gbk_file_is_really_gbk():
    data = (DATA / "wjx_gbk.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "来自IP" in data.decode("gbk")


def test_read_gbk_wenjuanxing_csv_and_suggest_roles():
    table = _read("wjx_gbk.csv")
    assert table.encoding == "gb18030"
    assert len(table.rows) == 6 and table.rows[0][0] == 2  # row 1 is the header
    roles = si.suggest_mapping(table.columns)
    assert roles["序号"] == "response_id"
    assert roles["提交答卷时间"] == "submitted_at"
    assert roles["所用时间"] == roles["来源"] == roles["来源详情"] == "ignore"
    assert roles["来自IP"] == "personal"
    assert roles["1、您是否支持本小区改造？"] == "support"
    assert roles["2、您所在楼栋"] == "building"
    assert roles["3、单元"] == "unit"
    assert roles["4、房屋建筑面积（㎡）"] == "floor_area"
    assert roles["5、您最关心哪些方面？（多选）"] == "question"
    assert roles["6、您的意见和建议"] == "suggestion"


def test_import_gbk_csv_stores_responses_and_suggestions_without_ip(seeded_engine):
    before = _counts(seeded_engine)
    report = _import(seeded_engine, "wjx_gbk.csv")
    assert (report.added, report.already_present, report.skipped_invalid) == (6, 0, 0)
    assert report.suggestions_added == 4  # "(空)" and an empty cell are no suggestion
    after = _counts(seeded_engine)
    assert after == (before[0] + 1, before[1] + 6, before[2] + 4, before[3] + 1)
    with Session(seeded_engine) as session:
        rows = session.exec(select(SurveyResponse).order_by(SurveyResponse.id)).all()[-6:]
        assert [r.support for r in rows] == ["yes", "no", "abstain", "yes", "yes", "yes"]
        assert [r.building_number for r in rows] == ["1", "2", "2", "3", "3", "1"]
        assert [r.unit_number for r in rows] == ["1", "2", "1", "2", "3", "2"]
        assert rows[0].floor_area_m2 == Decimal("72.50") and rows[3].floor_area_m2 is None
        assert rows[0].submitted_at == datetime(2023, 2, 3, 9, 15, 2)
        assert "┋" in rows[0].answers and "(空)" not in rows[1].answers
        stored = " ".join(r.answers for r in rows) + " ".join(
            s.text for s in session.exec(select(Suggestion)).all()
        )
        for ip in ("192.0.2", "198.51.100", "203.0.113"):
            assert ip not in stored
        categories = session.exec(
            select(Suggestion.category).where(Suggestion.text.like("%太暗%"))
        ).all()
        assert categories == ["lighting"]
        assert session.exec(select(AuditEntry).where(AuditEntry.action == "import")).first()


def test_import_utf8_bom_csv(seeded_engine):
    table = _read("simple_utf8_bom.csv")
    assert table.encoding == "utf-8-sig" and table.columns[0] == "是否支持"
    report = _import(seeded_engine, "simple_utf8_bom.csv")
    assert (report.added, report.suggestions_added) == (4, 2)


def test_import_wenjuanxing_xlsx_matches_its_csv_twin(seeded_engine):
    table = _read("wjx_layout.xlsx")
    assert table.encoding == "xlsx" and table.columns == _read("wjx_gbk.csv").columns
    first = _import(seeded_engine, "wjx_layout.xlsx")
    assert first.added == 6
    # The same export saved as CSV: same 序号 and times, so nothing is added twice.
    second = _import(seeded_engine, "wjx_gbk.csv")
    assert (second.added, second.already_present) == (0, 6)


def test_importing_the_same_file_twice_adds_nothing(seeded_engine):
    _import(seeded_engine, "wjx_gbk.csv")
    before = _counts(seeded_engine)
    report = _import(seeded_engine, "wjx_gbk.csv")
    assert (report.added, report.already_present, report.previous_imports) == (0, 6, 1)
    after = _counts(seeded_engine)
    assert after[:3] == before[:3]  # no survey, response or suggestion added
    assert after[3] == before[3] + 1  # the attempt is recorded


def test_missing_support_column_is_refused_and_database_unchanged(seeded_engine):
    preview = si.build_preview(_read("missing_support_column.csv"))
    assert [e.key for e in preview.mapping_errors] == ["survey.error.missing_column"]
    assert "缺少必需的列：是否支持" in preview.errors[0].message("zh")
    before = _counts(seeded_engine)
    with pytest.raises(si.ImportRefused):
        _import(seeded_engine, "missing_support_column.csv", only_valid=True)
    assert _counts(seeded_engine) == before


def test_bad_values_are_listed_by_row_and_nothing_is_written(seeded_engine):
    preview = si.build_preview(_read("bad_values.csv"))
    found = [(e.row, e.column, e.key) for e in preview.errors]
    assert found == [
        (3, "是否支持", "survey.error.support_value"),
        (4, "面积", "survey.error.area"),
        (5, "提交答卷时间", "survey.error.datetime"),
        (6, "是否支持", "survey.error.support_empty"),
    ]
    assert preview.errors[0].message("en") == (
        "Row 3, column “是否支持”: unknown value “也许吧” (expected yes / no / abstain)"
    )
    before = _counts(seeded_engine)
    with pytest.raises(si.ImportRefused) as refused:
        _import(seeded_engine, "bad_values.csv")
    assert len(refused.value.errors) == 4
    assert _counts(seeded_engine) == before


def test_only_valid_rows_are_imported_when_asked_and_reported(seeded_engine):
    before = _counts(seeded_engine)
    report = _import(seeded_engine, "bad_values.csv", only_valid=True)
    assert (report.added, report.skipped_invalid, report.invalid_rows) == (1, 4, (3, 4, 5, 6))
    assert _counts(seeded_engine)[1] == before[1] + 1


@pytest.mark.parametrize(
    ("name", "data", "key"),
    [
        ("empty.csv", None, "survey.error.empty_file"),
        ("header_only.csv", None, "survey.error.no_rows"),
        ("blank.csv", b"\r\n \r\n", "survey.error.empty_file"),
        ("old.xls", b"\xd0\xcf\x11\xe0rest", "survey.error.xls"),
        ("broken.xlsx", b"PK\x03\x04not a zip", "survey.error.xlsx"),
        ("latin.csv", "a,b\n\xff\xfe".encode("latin-1") + b"\x80\x81", "survey.error.encoding"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(name, data, key):
    raw = (DATA / name).read_bytes() if data is None else data
    with pytest.raises(si.FileRefused) as refused:
        si.read_table(raw, name)
    assert refused.value.key == key
    assert refused.value.message("en")


def test_dry_run_counts_but_writes_nothing(seeded_engine):
    before = _counts(seeded_engine)
    preview = si.build_preview(_read("wjx_gbk.csv"))
    with Session(seeded_engine) as session:
        survey = session.exec(select(Survey)).first()
        report = si.write_import(session, survey, preview, actor="t", dry_run=True)
        session.commit()
    assert report.added == 6 and report.dry_run
    assert _counts(seeded_engine) == before


def test_a_remapped_column_and_duplicate_ids_in_one_file():
    table = si.read_table("编号,态度,备注\r\n1,同意,\r\n1,反对,\r\n".encode(), "x.csv")
    mapping = si.suggest_mapping(table.columns)
    assert mapping["态度"] == "question"  # no keyword: staff choose the role
    mapping["态度"] = "support"
    preview = si.build_preview(table, mapping)
    assert [(e.row, e.key, e.value) for e in preview.errors] == [
        (3, "survey.error.duplicate_in_file", "2")
    ]
    assert [r.support for r in preview.responses] == ["yes"]


def test_preview_hides_personal_and_ignored_columns():
    preview = si.build_preview(_read("wjx_gbk.csv"))
    shown = preview.preview_rows()
    assert len(shown) == 6
    assert "来自IP" not in shown[0] and "所用时间" not in shown[0]
    assert "192.0.2" not in str(shown)


def test_a_row_with_more_fields_than_the_header_is_refused_with_its_row_number():
    data = "序号,是否支持,建议\n1,支持,加装路灯\n2,支持,路面,开口,太多\n3,反对,\n".encode()
    table = si.read_table(data, "extra.csv")
    preview = si.build_preview(table)
    assert [(e.row, e.key) for e in preview.errors] == [(3, "survey.error.extra_fields")]
    assert preview.errors[0].message("zh").startswith("第 3 行：该行比表头多 2 个字段")
    assert [r.row for r in preview.responses] == [2, 4]  # the others are kept, none dropped


def test_files_over_the_limits_are_refused_before_they_are_parsed():
    with pytest.raises(si.FileRefused) as big:
        si.read_table(b"a,b\n" + b"x" * 2048, "big.csv", max_bytes=1024)
    assert big.value.key == "survey.error.too_large"
    with pytest.raises(si.FileRefused) as rows:
        si.read_table("序号,是否支持\n".encode() + b"1,yes\n" * 11, "rows.csv", max_rows=10)
    assert rows.value.key == "survey.error.too_many_rows"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("broken.xlsx", b"PK\x03\x04not a zip"),
        ("renamed.xlsx", b"just text renamed to .xlsx"),
        ("long.csv", b'a,b\n1,"' + b"x" * 140_000 + b'"\n'),
    ],
)
def test_a_broken_file_is_refused_in_plain_words_and_logged(name, data, caplog):
    """No exception class (``BadZipFile``) nor library wording reaches the person; the
    log keeps the original."""
    import re

    with caplog.at_level("WARNING", logger="planner.uploads"):
        with pytest.raises(si.FileRefused) as refused:
            si.read_table(data, name)
    for lang in ("zh", "en"):
        shown = refused.value.message(lang)
        assert not re.search(r"\b[A-Z][a-z]+[A-Z]\w*|field limit", shown), shown
    assert "已损坏" in refused.value.message("zh") or "不是有效的表格" in refused.value.message(
        "zh"
    )
    assert caplog.records  # the library's own words are in the log
