"""The bill's standard texts on the English bill page (issue #20): every name, 项目特征, note,
fee, base, unit and default source the page can show has an English rendering; the workbook and
what is saved stay Chinese; a text with no rendering shows as it is, where the page walk finds
it."""

from __future__ import annotations

import re

from sqlmodel import Session

from planner.boq import catalogue, view
from planner.boq.bill import BoqOptions
from planner.boq.catalogue import DEFAULT_DESCRIPTIONS, Edition
from planner.boq.english import english, standard_text, untranslated
from planner.boq.fees import PROFESSION_UNITS, FeeTable
from planner.boq.generated import (
    GENERATED_RATES,
    GROUNDWORK_FIELDS,
    MAIN_NAMES,
    generated_item,
)
from planner.boq.rates import DEFAULT_RATES, default_entries
from planner.boq.selection import resolve_selection
from planner.boq.units import COUNTED_UNITS, bill_unit
from planner.boq_workbook.workbook import csv_bytes, export_bill
from planner.i18n import t

CJK = re.compile(r"[\u3001-\u303f\u3400-\u9fff\uff01-\uff5e]")
# A Chinese name after the English one, as the walk allows it: "Plastic pipe (塑料管)".
GLOSS = re.compile(r"(?<=[A-Za-z)] )\([\u4e00-\u9fff][\u4e00-\u9fff/、]+\)")


def chinese_left(text: str) -> bool:
    return bool(CJK.search(GLOSS.sub(" ", text)))


def standard_texts() -> set[str]:
    """Every Chinese text of the standard the bill page can show."""
    texts: set[str] = set()
    for edition in Edition:
        items = [*catalogue.catalogue_rows(edition)]
        items += [generated_item(key, edition) for key in GENERATED_RATES]
        for item in items:
            texts |= {item.std_name, bill_unit(item.unit), item.appendix, item.note, item.source}
    texts |= set(DEFAULT_DESCRIPTIONS.values())
    texts |= {e.source for e in DEFAULT_RATES.values()}
    texts |= {r.source for r in GENERATED_RATES.values()}
    for rate in FeeTable.defaults().rows():
        texts |= {rate.name, rate.base, rate.source}
    texts |= set(PROFESSION_UNITS.values()) | set(COUNTED_UNITS)
    texts |= {f"{name}管道" for name in MAIN_NAMES.values()}
    texts |= {text for pair in GROUNDWORK_FIELDS.values() for text in pair}
    return {text for text in texts if CJK.search(text)}


def test_every_standard_text_has_an_english_rendering():
    texts = standard_texts()
    assert len(texts) > 150  # names, descriptions, notes, fees, units and sources
    assert untranslated(texts) == []
    for text in texts:
        assert standard_text(text, "zh") == text  # the Chinese page shows the standard's words


def test_renderings_read_as_the_standard_means_them():
    assert english("塑料管") == "Plastic pipe (塑料管)"
    assert english("套") == "sets"  # the catalogue's counting units, as the rest of the app
    assert english("天") == "days"
    assert english("暂列金额") == "Provisional sum (暂列金额)"
    assert english("分部分项工程费 + 单价措施项目费") == "Measured works + unit-rate measures"
    # A 2024 note names the 2013 item in English, its code as it is
    note = catalogue.CATALOGUE[Edition.GB2024]["heating_main"].note
    assert english(note).endswith("in the 2013 edition 031001008 Pre-insulated directly buried "
                                  "pipe (直埋式预制保温管)")  # fmt: skip
    # A default's source: the price list named in words, no internal citation
    source = english(DEFAULT_RATES["roof_waterproofing"].source)
    assert source.startswith("Guilin Medical University's maintenance price list")
    assert "gh:" not in source and ".md" not in source


def test_a_text_without_a_rendering_shows_as_it_is_and_the_walk_finds_it(sqlite_seeded_template):
    from tests.pages.test_page_walk import data_pattern, problems_in

    new_item = "新增防坠网"  # a catalogue row added without its English
    assert english(new_item) == new_item
    assert untranslated([new_item]) == [new_item]
    data = data_pattern(str(sqlite_seeded_template))
    assert problems_in(standard_text(new_item, "en"), "en", data)
    # A known text with an unknown part keeps the unknown part visible
    note = "2024 版编码未知，按补充项目列出；2013 版为 011609001 新增防坠网"
    assert english(note).endswith("011609001 新增防坠网")
    assert problems_in(english(note), "en", data)
    assert not problems_in(english("塑料管"), "en", data)


def test_the_english_catalogue_and_settings_tables_have_no_chinese_but_glosses():
    for edition in Edition:
        rows = view.catalogue_rows(edition, "en")
        for row in rows:
            assert not any(chinese_left(str(v)) for v in row.values()), row
        zh = view.catalogue_table(edition)
        assert [r[t("boq.col.std_name", "zh")] for r in view.catalogue_rows(edition, "zh")] == [
            r["std_name"] for r in zh
        ]
    for row in view.shown_settings(view.settings_rows("en")):
        assert not any(chinese_left(str(v)) for v in row.values()), row
    heating = [r for r in view.settings_rows("en") if r["id"] == "gw:heating_main.depth_m"]
    assert heating[0]["profession"] == "04 Heating pipes"
    assert heating[0]["name"] == "Average trench depth"
    # The override keys are the same in both languages
    assert [r["id"] for r in view.settings_rows("en")] == [
        r["id"] for r in view.settings_rows("zh")
    ]


def test_rates_edited_on_the_english_page_are_saved_in_chinese():
    entries = default_entries()
    shown = view.rate_rows_shown(entries, "en")
    for row in shown:
        assert not chinese_left(str(row["description"])) and not chinese_left(str(row["unit"]))
        assert not chinese_left(str(row["source"]))
    edited = [dict(row) for row in shown]
    roof = next(i for i, e in enumerate(entries) if e.scope_key == "roof_waterproofing")
    edited[roof]["description"] = "1. 2 layers of membrane"  # the engineer's own words
    records = view.rate_records(entries, edited, "en")
    by_key = {r["scope_key"]: r for r in records}
    lights = by_key["street_lights"]
    assert lights["unit"] == "套"
    assert lights["description"] == DEFAULT_DESCRIPTIONS["street_lights"]
    assert lights["source"] == DEFAULT_RATES["street_lights"].source
    assert by_key["roof_waterproofing"]["description"] == "1. 2 layers of membrane"


def test_the_english_preview_names_items_in_english_and_the_workbook_stays_chinese(
    seeded_engine,
):
    with Session(seeded_engine) as session:
        selection = resolve_selection(session, year=2023, site_name="广汇小区")
        bill, data = export_bill(session, selection, BoqOptions())
    csv = csv_bytes(bill)
    result = view.export_result(bill, data, csv, signature="", file_name="x.xlsx", lang="en")
    name, unit, site = (t(f"boq.col.{c}", "en") for c in ("name", "unit", "site"))
    names = {row[name] for row in result["preview"]}
    units = {row[unit] for row in result["preview"]}
    assert "Plastic pipe (塑料管)" in names or "Membrane roof waterproofing (屋面卷材防水)" in names
    for row in result["preview"]:
        assert not any(chinese_left(str(v)) for k, v in row.items() if k != site), row
        assert row[site].startswith("广汇小区 ")  # the site's name is data
        assert not chinese_left(row[site].removeprefix("广汇小区 "))
    assert not any(CJK.search(u) for u in units)
    assert {line.name for line in bill.lines} & {"塑料管", "屋面卷材防水"}  # the bill: Chinese
    assert "屋面卷材防水".encode() in csv or "塑料管".encode() in csv
