"""The bill's own worksheet writer (planner.boq_workbook.fastsheet) against the plain one
(planner.boq_workbook.plainsheet, xlsxwriter's public cell API: the fallback outside the tested
xlsxwriter versions): the same calls give the same workbook, a sheet of every kind of row and
the whole sample bill; every cell and row carries its reference; misuse is refused rather than
written wrong; and which writer is used follows the xlsxwriter version, both ways."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook
from sqlmodel import Session
from xlsxwriter.format import Format

from planner.boq.bill import BoqOptions, build_bill
from planner.boq.selection import resolve_selection
from planner.boq_workbook import workbook as boq_workbook
from planner.boq_workbook import xlsxwriter_compat as compat
from planner.boq_workbook.fastsheet import MAX_STRING, FastWorkbook, RowTemplate
from planner.boq_workbook.plainsheet import PlainWorkbook
from planner.spreadsheets import write_cell
from planner.versions import TestedRange

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _write(workbook_class: type, every_cell_ref: bool = False) -> bytes:
    """One sheet of every kind of row the forms write, through ``workbook_class``."""
    buffer = io.BytesIO()
    wb = workbook_class(buffer, every_cell_ref=every_cell_ref)
    ws = wb.add_worksheet("表-08 分部分项")
    other = wb.add_worksheet("取费及参数")
    money = wb.add_format({"border": 1, "num_format": "#,##0.00"})
    text = wb.add_format({"border": 1, "text_wrap": True})
    head = wb.add_format({"bold": True, "align": "center", "bg_color": "#F2F2F2", "border": 1})
    ws.set_column(0, 0, 6)
    page = RowTemplate.stack(
        ws,
        [
            ([(3, "s", "分部分项工程和单价措施项目清单与计价表", head)], 26.0),
            ([(0, "t", None, None), (4, "t", None, None)], 18.0),
            ([(c, "s", f"列{c}", head) if c != 2 else (c, "b", None, head) for c in range(6)], 33),
        ],
    )
    item = RowTemplate(
        ws,
        [
            (0, "n", None, text),
            (1, "t", None, text),
            (2, "t", None, text),
            (3, "n", None, money),
            (4, "f", None, money),
            (5, "b", None, money),
        ],
    )
    total = RowTemplate(ws, [(0, "s", "合计", head), (4, "f", None, money)], height=20)
    ws.put(0, page, "工程名称：广汇小区 & <新华路>", "第 1 页 共 2 页")
    ws.merged_ranges([(2, 0, 3, 0), (2, 1, 2, 1)])
    for r in range(3, 8):
        ws.height(r, 18.5 + r)
        typed = '=HYPERLINK("http://x","点")' if r == 4 else f"项目特征 {r}\n第二行"
        ws.put(r, item, r - 2, f"0109020010{r:02d}", typed, Decimal("12.50") * r, f"=D{r + 1}*2",
               float(Decimal("25.00") * r))  # fmt: skip
    ws.merged(8, 0, 8, 3)
    ws.put(8, total, "=SUM(E4:E8)", 375.0)
    ws.height(9, 40)  # a row with a height and no cells
    ws.write_string(10, 1, "free text", text)
    write_cell(ws, 10, 3, "+1 typed", text)
    ws.write_number(11, 0, 3)
    ws.write_formula(11, 2, "=IF(A12>0,A12,0)", money, 3)
    ws.write_formula(11, 3, '="a"&"b"', None, "ab")
    other.write_number(0, 0, 9.0, money)
    other.write_blank(0, 1, None, None)  # no format: no cell, as xlsxwriter
    wb.close()
    return buffer.getvalue()


@pytest.fixture(scope="module", params=[False, True], ids=["refs where needed", "every ref"])
def every_ref(request) -> bool:
    """Whether the fast sheet writes r on every cell (FastWorkbook(every_cell_ref=True))."""
    return request.param


@pytest.fixture(scope="module")
def both(every_ref):
    return _write(FastWorkbook, every_ref), _write(PlainWorkbook)


def _cells(data: bytes) -> dict:
    """What a reader sees of a workbook: every cell's value (a formula's text), type, number
    format, font, borders, fill and alignment; its computed value; row heights, column widths,
    merges, used range, print area and page breaks of every sheet."""
    wb = load_workbook(io.BytesIO(data))
    computed = load_workbook(io.BytesIO(data), data_only=True)
    found = {}
    for ws in wb.worksheets:
        values = computed[ws.title]
        for row in ws.iter_rows():
            for c in row:
                if c.value is None and not c.has_style:
                    continue
                border = c.border
                found[ws.title, c.coordinate] = (
                    c.value,
                    values[c.coordinate].value,
                    c.data_type,
                    c.number_format,
                    (c.font.name, c.font.sz, c.font.b, c.font.i, c.font.u),
                    tuple(s.style for s in (border.left, border.right, border.top, border.bottom)),
                    (c.fill.fill_type, c.fill.fgColor.rgb),
                    (c.alignment.horizontal, c.alignment.vertical, c.alignment.wrap_text),
                )
        for r, dim in ws.row_dimensions.items():
            if dim.height is not None:  # in pixels: xlsxwriter rounds points to them
                found[ws.title, f"row {r}"] = round(dim.height / 0.75)
        for letter, dim in ws.column_dimensions.items():
            found[ws.title, f"column {letter}"] = dim.width
        found[ws.title, "merged"] = sorted(str(m) for m in ws.merged_cells.ranges)
        found[ws.title, "dimension"] = ws.calculate_dimension()
        found[ws.title, "print area"] = ws.print_area
        found[ws.title, "breaks"] = [b.id for b in ws.row_breaks.brk]
    return found


def test_the_same_calls_give_the_same_workbook_as_xlsxwriter(both):
    fast, plain = both
    got, expected = _cells(fast), _cells(plain)
    assert got == expected
    values = load_workbook(io.BytesIO(fast), data_only=True)["表-08 分部分项"]
    assert values["E9"].value == 375.0 and values["E5"].value == 100.0  # the computed values
    assert values["D12"].value == "ab"


def test_shared_strings_are_counted_as_xlsxwriter_counts_them(both):
    counts = []
    for data in both:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            sst = ElementTree.fromstring(z.read("xl/sharedStrings.xml"))
        counts.append((sst.get("count"), sst.get("uniqueCount")))
    assert counts[0] == counts[1]


def test_typed_text_stays_text_and_labels_escape(both):
    fast, _ = both
    ws = load_workbook(io.BytesIO(fast))["表-08 分部分项"]
    assert ws["C5"].value == '=HYPERLINK("http://x","点")' and ws["C5"].data_type == "s"
    assert ws["D11"].value == "+1 typed" and ws["D11"].data_type == "s"
    assert ws["A2"].value == "工程名称：广汇小区 & <新华路>"
    assert ws["E5"].value == "=D5*2" and ws["B12"].value is None


def _positions(data: bytes, part: str) -> tuple[list[str], str]:
    """Cell references of a sheet part as a reader finds them: a cell without ``r`` is the one
    after its left neighbour (ECMA-376 Part 1, 18.3.1.4); the first cell of a row must have
    ``r`` here. Also the dimension."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = ElementTree.fromstring(z.read(part))  # well-formed
    found, numbers = [], []
    for row in root.iter(f"{NS}row"):
        number = row.get("r")
        numbers.append(int(number))
        col = None
        for c in row.iter(f"{NS}c"):
            ref = c.get("r")
            if ref is None:
                assert col is not None, f"row {number}: first cell without r"
                col += 1
            else:
                letters = re.fullmatch(rf"([A-Z]+){number}", ref)[1]
                col = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(letters)))
            found.append(f"{col}:{number}")
    assert numbers == sorted(numbers) and len(numbers) == len(set(numbers))
    return found, root.find(f"{NS}dimension").get("ref")


def test_every_cell_is_where_xlsxwriter_puts_it(both, every_ref):
    fast, plain = both
    for part in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"):
        assert _positions(fast, part) == _positions(plain, part)
    cells, dimension = _positions(fast, "xl/worksheets/sheet1.xml")
    assert dimension == "A1:F12" and "1:5" in cells and "6:5" in cells
    with zipfile.ZipFile(io.BytesIO(fast)) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    # Cells that follow their neighbour go without r (half the bytes of a city-scale bill),
    # unless the workbook asks for every reference.
    assert bool(re.search(r"<c(?! r=)[ >/]", xml)) is not every_ref


def test_long_text_is_cut_to_excels_limit():
    buffer = io.BytesIO()
    wb = FastWorkbook(buffer)
    ws = wb.add_worksheet("a")
    template = RowTemplate(ws, [(0, "t", None, None)])
    ws.put(0, template, "x" * (MAX_STRING + 10))
    assert ws.write_string(1, 0, "y" * (MAX_STRING + 1)) == -2
    wb.close()
    sheet = load_workbook(io.BytesIO(buffer.getvalue()))["a"]
    assert len(sheet["A1"].value) == MAX_STRING == len(sheet["A2"].value)


def test_misuse_is_refused():
    wb = FastWorkbook(io.BytesIO())
    ws = wb.add_worksheet("a")
    row = RowTemplate(ws, [(0, "n", None, None), (1, "f", None, None)])
    ws.put(2, row, 1, "=A3", 1)
    with pytest.raises(ValueError, match="after row 3"):
        ws.put(1, row, 1, "=A2", 1)
    with pytest.raises(ValueError, match="3 values expected"):
        ws.put(5, row, 1)
    with pytest.raises(ValueError, match="height of row 3"):
        ws.height(2, 20)
    ws.write_number(6, 2, 1)
    with pytest.raises(ValueError, match="out of column order"):
        ws.write_number(6, 1, 1)
    with pytest.raises(ValueError, match="columns out of order"):
        RowTemplate(ws, [(1, "b", None, None), (0, "b", None, None)])
    two = RowTemplate.stack(ws, [([(0, "b", None, None)], None), ([(0, "b", None, None)], 20)])
    with pytest.raises(ValueError, match="2 heights expected"):
        ws.put_rows(8, two, [None], [])
    ws.height(9, 30)
    with pytest.raises(ValueError, match="heights given twice"):
        ws.put_rows(8, two, [None, None], [])
    ws.merge_range(9, 0, 9, 1, "xlsxwriter's own call", None)
    with pytest.raises(RuntimeError, match="does not render"):
        wb.close()


# --- the whole bill, and which writer writes it -------------------------------------------------

#: A range the installed xlsxwriter is never in: the plain writer is chosen.
UNTESTED = TestedRange("xlsxwriter", (0,), (0, 1))


@pytest.fixture(scope="module")
def sample_bill(tmp_path_factory):
    """The 2023 compound programme's bill from the seeded sample (SQLite)."""
    from db.session import make_engine
    from planner.runtime.startup import ensure_database_ready

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('bill') / 'planner.db'}")
    ensure_database_ready(engine)
    with Session(engine) as session:
        selection = resolve_selection(session, year=2023)
        bill = build_bill(session, selection, BoqOptions())
    engine.dispose()
    return bill


def _bill_bytes(bill, workbook_class=None) -> bytes:
    buffer = io.BytesIO()
    boq_workbook.write_xlsx(bill, buffer, workbook_class=workbook_class)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def fast_bill(sample_bill) -> dict:
    """What a reader sees of the sample bill written by the fast writer."""
    return _cells(_bill_bytes(sample_bill, FastWorkbook))


@pytest.fixture
def chosen_writer():
    """Forget the process's choice of writer before and after the test."""
    compat.fast_writer_usable.cache_clear()
    yield
    compat.fast_writer_usable.cache_clear()


@pytest.mark.slow
def test_both_writers_write_the_same_bill(sample_bill, fast_bill):
    got, expected = fast_bill, _cells(_bill_bytes(sample_bill, PlainWorkbook))
    assert len(got) > 5_000  # every form of the sample bill, not an empty book
    assert sorted(k for k in got if k not in expected) == []
    assert sorted(k for k in expected if k not in got) == []
    assert {k: v for k, v in got.items() if expected[k] != v} == {}
    formulas = [v for v in got.values() if isinstance(v, tuple) and str(v[0]).startswith("=")]
    assert len(formulas) > 500 and all(isinstance(v[1], (int, float)) for v in formulas)


def test_the_tested_xlsxwriter_gets_the_fast_writer(chosen_writer):
    assert compat.XLSXWRITER.holds(), (
        f"xlsxwriter {compat.XLSXWRITER.installed()} is outside "
        f"{compat.XLSXWRITER.specifier()}: run these tests on it, then widen the range here and "
        "in pyproject.toml"
    )
    assert compat.missing_internals() == []
    assert compat.workbook_class() is FastWorkbook


@pytest.mark.slow
def test_outside_the_tested_versions_the_plain_writer_writes_the_bill(
    sample_bill, fast_bill, monkeypatch, chosen_writer
):
    monkeypatch.setattr(compat, "XLSXWRITER", UNTESTED)
    assert compat.workbook_class() is PlainWorkbook
    written: list[type] = []
    monkeypatch.setattr(PlainWorkbook, "close", _recording(PlainWorkbook.close, written))
    assert _cells(_bill_bytes(sample_bill)) == fast_bill  # export_bill's default writer
    assert written == [PlainWorkbook]


def _recording(close, written: list):
    def wrapped(self):  # noqa: ANN001, ANN202
        written.append(type(self))
        return close(self)

    return wrapped


def test_a_missing_internal_means_the_plain_writer(monkeypatch, chosen_writer):
    monkeypatch.delattr(Format, "_get_xf_index")
    assert compat.missing_internals() == ["Format._get_xf_index"]
    assert compat.workbook_class() is PlainWorkbook
