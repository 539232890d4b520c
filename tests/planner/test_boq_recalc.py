"""The form set in a real spreadsheet program: LibreOffice recalculates every formula after a
rate change and every total follows; printed to PDF, each sheet has its own A4 pages."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import Session

from planner.boq.bill import BoqOptions
from planner.boq.selection import resolve_selection
from planner.boq_workbook.workbook import export_bill

IN_CI = os.environ.get("CI") == "true"
CENT = Decimal("0.01")

RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice(source: Path, workdir: Path, target: str) -> Path:
    """Open ``source`` in headless LibreOffice (recalculating every formula) and save it as
    ``target`` ("xlsx" or "pdf")."""
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        message = "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui"
        if IN_CI:
            pytest.fail(message + " (CI=true: this test must run)")
        pytest.skip(message)
    profile = workdir / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    # Recalculate on load always (by default LibreOffice trusts the values a file carries).
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
    out = workdir / f"out-{target}"
    out.mkdir(exist_ok=True)
    result = subprocess.run(
        [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
        + ["--convert-to", target, "--outdir", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    converted = out / (source.stem + "." + target)
    assert result.returncode == 0 and converted.exists(), result.stderr
    return converted


def _bill(engine, site: str | None, **options):
    with Session(engine) as session:
        selection = resolve_selection(session, year=2023, site_name=site)
        return export_bill(session, selection, BoqOptions(**options))


def _rate_cell(ws, profession: str, name: str) -> str:
    for r in range(1, ws.max_row + 1):
        if str(ws.cell(r, 1).value).startswith(profession + " ") and ws.cell(r, 2).value == name:
            return f"C{r}"
    raise AssertionError(f"no rate {profession} {name}")


def _unit_totals(wb) -> dict[str, Decimal]:
    totals, name = {}, None
    for ws in (s for s in wb.worksheets if s.title.startswith("表-04")):
        for r in range(1, ws.max_row + 1):
            value = ws.cell(r, 1).value
            if isinstance(value, str) and value.startswith("工程名称："):
                name = value.removeprefix("工程名称：")
            elif value == "招标控制价合计 = 1 + 2 + 3 + 4 + 5":
                totals[name] = Decimal(str(ws.cell(r, 3).value)).quantize(CENT)
    return totals


def test_libreoffice_recalculates_the_whole_set_after_a_rate_change(seeded_engine, tmp_path):
    bill, data = _bill(seeded_engine, None)
    source = tmp_path / "bill.xlsx"
    source.write_bytes(data)
    # Unchanged, LibreOffice computes what the planner computed, unit by unit.
    done = load_workbook(soffice(source, tmp_path, "xlsx"), data_only=True)
    assert _unit_totals(done) == {u.name: u.total for u in bill.units}

    # An engineer raises VAT to 10 %, the 01 management rate to 20 % and the 04 safety fee to
    # 5 % in the 取费及参数 sheet: every form follows, as the planner computes those rates.
    changes = {("01", "企业管理费"): 20.0, ("04", "安全文明施工费"): 5.0}
    wb = load_workbook(source)
    fees = wb["取费及参数"]
    for profession in ("01", "03", "04"):
        fees[_rate_cell(fees, profession, "增值税（一般计税方法）")].value = 10.0
    for (profession, name), value in changes.items():
        fees[_rate_cell(fees, profession, name)].value = value
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)  # openpyxl keeps the formulas and drops their values
    expected, _ = _bill(
        seeded_engine,
        None,
        fee_overrides=(("vat", 10.0), ("01.management", 20.0), ("04.safety", 5.0)),
    )
    done = load_workbook(soffice(edited, tmp_path, "xlsx"), data_only=True)
    assert _unit_totals(done) == {u.name: u.total for u in expected.units}
    assert expected.total != bill.total
    grand = Decimal(str(done["扉页"]["B3"].value)).quantize(CENT)
    assert grand == expected.total
    table02 = done["表-02 建设项目汇总"]
    total02 = next(
        table02.cell(r, 3).value for r in range(1, table02.max_row + 1)
        if table02.cell(r, 1).value == "合计"
    )  # fmt: skip
    assert Decimal(str(total02)).quantize(CENT) == expected.total
    # The amount in words follows too: yuan, jiao and fen, numbers shown in capitals (a zero
    # jiao before fen is -1, shown as 零). The fen digit was once a number fixed at export.
    cents = int(expected.total * 100)
    jiao, fen = (cents // 10) % 10, cents % 10
    assert (cents % 10) != int(bill.total * 100) % 10  # the change moves the fen digit
    assert done["扉页"]["B4"].value == int(expected.total)
    assert done["扉页"]["C4"].value == (jiao if jiao else (-1 if fen else 0))
    assert done["扉页"]["D4"].value == fen


def test_printed_each_sheet_has_its_own_a4_pages(seeded_engine, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    bill, data = _bill(seeded_engine, "广汇小区")
    source = tmp_path / "guanghui.xlsx"
    source.write_bytes(data)
    wb = load_workbook(source)
    planned = {ws.title: int(re.search(r"共 (\d+) 页", ws.oddFooter.center.text)[1]) for ws in wb}
    reader = pypdf.PdfReader(soffice(source, tmp_path, "pdf"))
    assert len(reader.pages) == sum(planned.values())
    seen: dict[str, list[int]] = {}
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert sorted((round(width), round(height))) == [595, 842]  # A4
        text = page.extract_text()
        match = re.search(r"(\S[^\n]*?)　第 (\d+) 页 共 (\d+) 页", text)
        assert match, text[:200]
        name, number, count = match[1].strip(), int(match[2]), int(match[3])
        assert planned[name] == count
        seen.setdefault(name, []).append(number)
    assert seen == {name: list(range(1, n + 1)) for name, n in planned.items()}
    assert any("本页小计" in page.extract_text() for page in reader.pages)
