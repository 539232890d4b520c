"""Forms cut into A4 pages: every page carries the form's title, the 工程名称 / 标段 /
第 X 页 共 Y 页 line and the column header; a form's blocks (one per 单位工程 or 单项工程) each
start on a new page and number their own pages; a sheet holds at most
``layout.MAX_PAGES_PER_SHEET`` pages and a longer form continues on the next sheet.

Three passes, so that any form can refer to any other's cells: ``paginate`` (rows into pages,
by height), ``place`` (pages onto sheets and rows: every body row learns its sheet and row),
then each form writes its pages (``write_form``), asking the placed rows of other forms for
the cells it refers to. A form's row writers put each body row with one row template; the
page (head rows, body rows, 本页小计) is then written as one stacked template, made once for
each sequence of row templates (``planner.boq_workbook.fastsheet``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from planner.boq_workbook.fastsheet import FastWorksheet, RowTemplate
from planner.boq_workbook.layout import (
    BODY_PT,
    MAX_PAGES_PER_SHEET,
    ROW_PT,
    Formats,
    cell,
    page_setup,
    ref,
    row_height,
    sheet_name,
)

TITLE_PT = 26.0
INFO_PT = 18.0


@dataclass(eq=False)
class Row:
    """A body row of a form: what it shows (``kind``, ``data``), its height, and where it
    landed (``sheet``, 0-based ``row``) once placed."""

    kind: str
    height: float = ROW_PT
    data: Any = None
    sheet: str = ""
    row: int = -1

    def ref(self, col: int, absolute: bool = True) -> str:
        """A formula reference to column ``col`` of this row (from another sheet too)."""
        return ref(self.sheet, cell(self.row, col, absolute))

    def local(self, col: int) -> str:
        """A same-sheet reference to column ``col`` of this row."""
        return cell(self.row, col)


@dataclass(eq=False)
class Page:
    """One printed page of a block: its body rows, and where its header and 本页小计 went."""

    rows: list[Row]
    first_row: int = -1
    subtotal_row: int = -1


@dataclass(eq=False)
class Block:
    """One 单位工程's (or 单项工程's) part of a form: its 工程名称 and pages."""

    name: str
    rows: list[Row]
    key: Any = None
    pages: list[Page] = field(default_factory=list)
    sheet: str = ""


@dataclass(eq=False)
class Form:
    """A GB 50500 form: its number, title, page orientation, columns and header rows."""

    code: str
    title: str
    label: str  # sheet name
    orientation: str
    widths: tuple[float, ...]
    header: Sequence[tuple[float, Sequence[tuple[int, int, int, int, str]]]]
    page_subtotal: bool = False
    section: str = ""  # the 标段 text
    blocks: list[Block] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    sheet_pages: dict[str, int] = field(default_factory=dict)
    breaks: dict[str, list[int]] = field(default_factory=dict)
    info_pt: float = INFO_PT  # the info line's height: the longest 工程名称 wraps

    @property
    def split(self) -> int:
        """The column where the info line's 标段 starts (工程名称 spans the columns before)."""
        return max(2, len(self.widths) - 4)

    @property
    def header_pt(self) -> float:
        """Height of the rows every page repeats (title, info line, column header)."""
        return TITLE_PT + self.info_pt + sum(h for h, _ in self.header)

    def info_merges(self) -> list[tuple[int, int, int, int]]:
        """The info line's merged cells (relative to a page's first row): 工程名称 over the
        columns before ``split`` and 标段 from ``split`` to the column before the page number's
        neighbour (the page number, right-aligned, may run into that empty neighbour)."""
        last, split = len(self.widths) - 1, self.split
        merges = [(1, 0, 1, split - 1)] if split > 1 else []
        section_last = last - 2 if last - 2 >= split else split
        if section_last > split:
            merges.append((1, split, 1, section_last))
        return merges

    def fit_info(self) -> None:
        """Make the info line as tall as the longest 工程名称 and 标段 wrap to: names are
        wrapped, never cut."""
        split = self.split
        name_width = sum(self.widths[:split])
        merges = self.info_merges()
        section_width = (
            sum(self.widths[merges[-1][1] : merges[-1][3] + 1])
            if merges and merges[-1][1] == split
            else self.widths[split]
        )
        cells = [(f"工程名称：{block.name}", name_width) for block in self.blocks]
        cells.append((f"标段：{self.section or '—'}", section_width))
        self.info_pt = max(INFO_PT, row_height(cells))

    @property
    def capacity(self) -> float:
        """Points a page leaves for body rows."""
        extra = ROW_PT if self.page_subtotal else 0.0
        return BODY_PT[self.orientation] - self.header_pt - extra


def paginate(form: Form) -> None:
    """Cut each block's rows into pages that fit the form's page."""
    form.fit_info()
    capacity = form.capacity
    for block in form.blocks:
        pages: list[Page] = []
        current: list[Row] = []
        used = 0.0
        for row in block.rows:
            row.height = min(row.height, capacity)
            if current and used + row.height > capacity:
                carried: list[Row] = []
                if row.kind in ("subtotal", "total") and any(r.kind == "item" for r in current):
                    # A (sub)total starts no page: its last item goes over with it.
                    while len(current) > 1 and current[-1].kind != "item":
                        carried.insert(0, current.pop())
                    if len(current) > 1:
                        carried.insert(0, current.pop())
                while len(current) > 1 and current[-1].kind == "division":
                    carried.insert(0, current.pop())  # no heading alone at a page's foot
                pages.append(Page(current))
                current, used = carried, sum(r.height for r in carried)
            current.append(row)
            used += row.height
        pages.append(Page(current))
        block.pages = pages


def place(form: Form, used_names: set[str]) -> None:
    """Give every page and body row its sheet and row; name the form's sheets."""
    sheet, row, pages_on_sheet = "", 0, 0
    header_rows = 2 + len(form.header)
    for block in form.blocks:
        if not sheet or pages_on_sheet + len(block.pages) > MAX_PAGES_PER_SHEET and pages_on_sheet:
            base = form.label if not form.sheets else f"{form.label}({len(form.sheets) + 1})"
            sheet = sheet_name(base, used_names)
            form.sheets.append(sheet)
            form.breaks[sheet] = []
            row, pages_on_sheet = 0, 0
        block.sheet = sheet
        for page in block.pages:
            page.first_row = row
            row += header_rows
            for body in page.rows:
                body.sheet, body.row = sheet, row
                row += 1
            if form.page_subtotal:
                page.subtotal_row = row
                row += 1
            form.breaks[sheet].append(row)
            pages_on_sheet += 1
        form.sheet_pages[sheet] = pages_on_sheet


RowWriter = Callable[[FastWorksheet, Row, Block], None]
PageWriter = Callable[[FastWorksheet, Page, Block], None]


def write_form(
    form: Form,
    sheets: dict[str, FastWorksheet],
    f: Formats,
    write_row: RowWriter,
    write_subtotal: PageWriter | None = None,
    progress: Callable[[str], None] | None = None,
) -> None:
    """Write every page of ``form``: repeated header rows, body rows through ``write_row``,
    本页小计 through ``write_subtotal``; then page breaks, widths and the page set-up.

    The writers get a stand-in for the sheet (``put`` one row with a template, ``merged``,
    what a template needs); each page's rows are then written in one call."""
    last = len(form.widths) - 1
    split = form.split
    middle = _middle(form.widths)
    merges = form.info_merges() + [
        (offset, first, offset + down, last_col)
        for offset, (_, cells) in enumerate(form.header, start=2)
        for first, last_col, down, _, text in cells
        if text and (down or last_col > first)
    ]
    section = f"标段：{form.section or '—'}"
    for name in form.sheets:
        ws = sheets[name]
        for col, width in enumerate(form.widths):
            ws.set_column(col, col, width)
    head: RowTemplate | None = None
    page_templates: dict[tuple[RowTemplate, ...], RowTemplate] = {}
    for index, block in enumerate(form.blocks):
        ws = sheets[block.sheet]
        if head is None:
            head = _page_head(ws, form, f, middle, split, last)
        count = len(block.pages)
        name = f"工程名称：{block.name}"
        rows = _PageRows(ws)
        for number, page in enumerate(block.pages, start=1):
            ws.merged_ranges(
                [(page.first_row + a, b, page.first_row + c, d) for a, b, c, d in merges]
            )
            rows.start(page.first_row + head.rows)
            for body in page.rows:
                write_row(rows, body, block)  # type: ignore[arg-type]  # stands in for the sheet
            heights = [None] * head.rows + [body.height for body in page.rows]
            if write_subtotal is not None:
                write_subtotal(rows, page, block)  # type: ignore[arg-type]  # as write_row
                heights.append(ROW_PT)
            key = tuple(rows.templates)
            template = page_templates.get(key)
            if template is None:
                spec = head.spec + tuple(row for t in rows.templates for row in t.spec)
                template = page_templates[key] = RowTemplate.stack(ws, spec)
            values = [name, section, f"第 {number} 页 共 {count} 页", *rows.values]
            ws.put_rows(page.first_row, template, heights, values)
        if progress and index % 200 == 0:
            progress(form.label)
    for name in form.sheets:
        ws = sheets[name]
        pages = form.sheet_pages[name]
        ws.set_h_pagebreaks(form.breaks[name][:-1])
        page_setup(ws, form.orientation, name, pages)
        ws.print_area(0, 0, form.breaks[name][-1] - 1, last)


class _PageRows:
    """Stands in for the sheet while the rows of one page are written: it keeps each row's
    template and values, and the page is then written as one stacked template (a form's page
    repeats a few row layouts: one call a page instead of one a row)."""

    def __init__(self, ws: FastWorksheet):
        self.ws = ws
        self.prepare = ws.prepare  # the row templates the writers make are the sheet's
        self.merged = ws.merged
        self.templates: list[RowTemplate] = []
        self.values: list[Any] = []
        self.next_row = 0

    def start(self, first_row: int) -> None:
        """A new page whose body starts at ``first_row``."""
        self.templates, self.values, self.next_row = [], [], first_row

    def put(self, row: int, template: RowTemplate, *values: Any) -> None:
        if row != self.next_row or template.rows != 1:
            raise ValueError(f"page rows are written one by one from row {self.next_row + 1}")
        if len(values) != template.values:
            raise ValueError(f"{template.values} values expected, {len(values)} given")
        self.templates.append(template)
        self.values += values
        self.next_row += 1


def _page_head(
    ws: FastWorksheet, form: Form, f: Formats, middle: int, split: int, last: int
) -> RowTemplate:
    """The rows every page of ``form`` repeats, as one template: the title (centred on the
    middle column, spilling over its empty neighbours), the info line (工程名称, 标段 and
    第 X 页 共 Y 页 given per page; texts spill to the right: no merged cells, a form has
    thousands of pages) and the column header. A header cell is (first col, last col, rows
    down, 0, text); a column no cell names is the lower part of a cell merged from above."""
    info = [
        (0, "t", None, f.info_wrap),
        (split, "t", None, f.info_wrap),
        (last, "t", None, f.info_right),
    ]
    rows: list[tuple[list, float]] = [
        ([(middle, "s", form.title, f.title)], TITLE_PT),
        (info, form.info_pt),
    ]
    for height, cells in form.header:
        texts = {first: text for first, _, _, _, text in cells}
        header = [
            (col, "s", texts[col], f.header) if texts.get(col) else (col, "b", None, f.header)
            for col in range(last + 1)
        ]
        rows.append((header, height))
    return RowTemplate.stack(ws, rows)


def _middle(widths: tuple[float, ...]) -> int:
    """The column under the middle of the page (for a centred title)."""
    half, run = sum(widths) / 2, 0.0
    for col, width in enumerate(widths):
        run += width
        if run >= half:
            return col
    return 0
