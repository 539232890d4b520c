"""The rate library: seeded indicative rates, edits, import (all or nothing) and export."""

from __future__ import annotations

import ast
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlmodel import Session, select

from db.models import AuditEntry, BoqRate, Programme, RateSet
from planner.boq.bill import BoqOptions, build_bill
from planner.boq.rates import (
    DEFAULT_RATES,
    RateValidationError,
    export_rates_csv,
    export_rates_xlsx,
    import_rates,
    load_rates,
    save_rates,
)
from planner.boq.selection import resolve_selection
from planner.catalogue import SCOPE_TYPES


def _programme_id(session: Session, key: str = "p2023") -> int:
    return session.exec(select(Programme.id).where(Programme.key == key)).one()


def test_every_scope_type_has_a_default_rate_that_names_a_source():
    assert {s.key for s in SCOPE_TYPES} == set(DEFAULT_RATES)
    for entry in DEFAULT_RATES.values():
        assert entry.indicative and entry.source


#: Change every figure of the one source before anything reads it, then show what each reader
#: took: the rate library's defaults, next year's templates, the sample's rate sets and the
#: sample builder's work items.
_READERS = """
import json
from decimal import Decimal
from geodata.sample import rates as source

for table in (source.RATES, source.LIBRARY_RATES, source.SITE_RATE_OVERRIDES):
    for key, rate in list(table.items()):
        table[key] = source.Rate(rate.value + Decimal("0.01"), rate.unit, rate.source)

from geodata.sample import builder
from planner.boq.rates import DEFAULT_RATES
from planner.boq.sample import PROGRAMME_OVERRIDES
from planner.works.templates import DEFAULT_RATES as TEMPLATE_RATES

print(json.dumps({
    "library": {k: e.unit_rate for k, e in DEFAULT_RATES.items()},
    "templates": TEMPLATE_RATES,
    "sample_sets": {k[1]: f["unit_rate"] for k, f in PROGRAMME_OVERRIDES.items()},
    "builder": {k: float(builder._rate("c2023_01", k)) for k in source.RATES},
    "builder_xiyu": float(builder._rate("xiyu_garden", "parking_spaces")),
    "source": {k: str(r.value) for k, r in {**source.RATES, **source.LIBRARY_RATES}.items()},
    "source_xiyu": str(source.SITE_RATE_OVERRIDES["xiyu_garden", "parking_spaces"].value),
}))
"""


def test_every_reader_takes_the_figures_of_the_one_source():
    result = subprocess.run(
        [sys.executable, "-c", _READERS], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    source = {k: float(v) for k, v in seen["source"].items()}
    assert source["roof_waterproofing"] == 52.57  # the changed figure, not the written one
    library = {k: v for k, v in seen["library"].items() if v is not None}
    assert library == source  # every default figure, and only smart_security has none
    assert set(seen["library"]) - set(library) == {"smart_security"}
    assert seen["templates"] == {k: source[k] for k in seen["templates"]}
    assert seen["builder"] == {k: source[k] for k in seen["builder"]}
    assert seen["sample_sets"] == {"parking_spaces": float(seen["source_xiyu"])}
    assert seen["builder_xiyu"] == float(seen["source_xiyu"]) == 107.29


#: Figures of the source distinctive enough that another module writing one down is a copy.
_DISTINCT_FIGURES = {52.56, 71.03, 61.10, 165.40, 1325.88, 81.94, 87.70, 107.28, 2456.70, 12283.50}


def test_no_module_writes_a_rate_of_the_source_down_again():
    root = Path(__file__).resolve().parents[2]
    copies = []
    for package in ("planner", "db", "geodata", "maps", "pages"):
        for path in sorted((root / package).rglob("*.py")):
            if path.relative_to(root).as_posix() == "geodata/sample/rates.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and type(node.value) is float:
                    if node.value in _DISTINCT_FIGURES:
                        copies.append(f"{path.relative_to(root)}:{node.lineno} {node.value}")
    assert copies == []


def test_every_sample_programme_has_its_own_indicative_rate_set(seeded_engine):
    with Session(seeded_engine) as session:
        programmes = session.exec(select(Programme)).all()
        sets = session.exec(select(RateSet)).all()
        assert {s.programme_id for s in sets} == {p.id for p in programmes}
        table = load_rates(session, _programme_id(session))
        assert table.stored
        assert table.entries["roof_waterproofing"].unit_rate == 52.56
        assert "gh:43256481842" in table.entries["roof_waterproofing"].source
        assert all(e.indicative for e in table.entries.values())
        xiyu = load_rates(session, _programme_id(session, "p2023_xiyu"))
        assert xiyu.entries["parking_spaces"].unit_rate == 107.28


def test_edited_rate_is_saved_audited_and_priced_in_the_bill(seeded_engine):
    with Session(seeded_engine) as session:
        pid = _programme_id(session)
        entry = load_rates(session, pid).entries["roof_waterproofing"]
        from dataclasses import replace

        changed = save_rates(session, pid, [replace(entry, unit_rate=61.5)], actor="engineer A")
        session.commit()
    assert changed == 1
    with Session(seeded_engine) as session:
        saved = load_rates(session, pid).entries["roof_waterproofing"]
        assert saved.unit_rate == 61.5
        assert saved.source.startswith("人工修改")  # the old source no longer describes it
        audit = session.exec(select(AuditEntry).where(AuditEntry.entity == "rate_set")).all()
        assert len(audit) == 1 and audit[0].actor == "engineer A" and "52.56" in audit[0].before
        bill = build_bill(session, resolve_selection(session, year=2023), BoqOptions())
        assert {ln.unit_rate for ln in bill.lines if ln.scope_key == "roof_waterproofing"} == {61.5}


def test_import_of_a_good_csv_changes_the_listed_rates(seeded_engine):
    data = (
        "scope_key,unit,unit_rate,indicative,source\n"
        "roof_waterproofing,m²,58.2,否,嘉峪关信息价 2023-06（示例）\n"
        "heating_main,m,512,1,\n"
    ).encode("utf-8-sig")
    with Session(seeded_engine) as session:
        pid = _programme_id(session)
        assert import_rates(session, pid, data, "rates.csv", actor="t") == 2
        session.commit()
        table = load_rates(session, pid)
    assert table.entries["roof_waterproofing"].unit_rate == 58.2
    assert not table.entries["roof_waterproofing"].indicative
    assert table.entries["wall_insulation"].unit_rate == 71.03  # not in the file: kept


def test_bad_file_lists_every_row_error_and_writes_nothing(seeded_engine):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["scope_key", "unit", "unit_rate", "indicative"])
    sheet.append(["roof_waterproofing", "m²", 10, 1])  # good
    sheet.append(["no_such_scope", "m", 5, 1])  # row 3
    sheet.append(["wall_insulation", "m", "abc", "maybe"])  # row 4: unit, number, flag
    sheet.append(["roof_waterproofing", "m²", -1, 1])  # row 5: repeat, negative
    buffer = io.BytesIO()
    workbook.save(buffer)
    with Session(seeded_engine) as session:
        pid = _programme_id(session)
        before = [(r.id, r.unit_rate, r.source) for r in session.exec(select(BoqRate)).all()]
        with pytest.raises(RateValidationError) as error:
            import_rates(session, pid, buffer.getvalue(), "rates.xlsx", actor="t")
        session.commit()
        after = [(r.id, r.unit_rate, r.source) for r in session.exec(select(BoqRate)).all()]
    assert before == after
    found = {(e.row, e.column, e.message_key) for e in error.value.errors}
    assert found == {
        (3, "scope_key", "boq.err.unknown_scope"),
        (4, "unit_rate", "boq.err.not_number"),
        (4, "unit", "boq.err.unit"),
        (4, "indicative", "boq.err.flag"),
        (5, "scope_key", "boq.err.duplicate"),
        (5, "unit_rate", "boq.err.negative"),
    }


@pytest.mark.parametrize(
    ("data", "name", "key"),
    [
        (b"a,b\n1,2\n", "rates.csv", "boq.err.missing_column"),
        (b"not a workbook", "rates.xlsx", "boq.err.unreadable"),
        (b"scope_key,unit_rate\n", "rates.txt", "boq.err.file_type"),
        (b"scope_key,unit_rate\n", "rates.csv", "boq.err.empty"),
    ],
)
def test_unusable_files_are_refused_with_a_reason(seeded_engine, data, name, key):
    with Session(seeded_engine) as session, pytest.raises(RateValidationError) as error:
        import_rates(session, _programme_id(session), data, name, actor="t")
    assert error.value.errors[0].message_key == key


@pytest.mark.parametrize("export", [export_rates_csv, export_rates_xlsx])
def test_exported_rates_import_back_unchanged(seeded_engine, export):
    with Session(seeded_engine) as session:
        pid = _programme_id(session)
        rows = load_rates(session, pid).rows()
        name = "r.csv" if export is export_rates_csv else "r.xlsx"
        assert import_rates(session, pid, export(rows), name, actor="t") == 0
        again = load_rates(session, pid).rows()
    assert [(e.scope_key, e.unit_rate, e.source, e.indicative) for e in again] == [
        (e.scope_key, e.unit_rate, e.source, e.indicative) for e in rows
    ]
