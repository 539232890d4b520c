"""Pricing through 定额 and 信息价 (issue #23, point 1): 综合单价 = Σ 定额 consumption × 除税 prices
+ 管理费 + 利润, 规费 on the real 人工费, VAT on the rest; imports all or nothing; 表-09 in the
standard's layout; the same figures after LibreOffice recalculates the workbook."""

from __future__ import annotations

import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, func, select

from db.models import InfoPrice, QuotaMapping, QuotaResource
from planner.boq.actions import import_quota, save_mapping
from planner.boq.bill import BoqError, BoqOptions
from planner.boq.fees import FeeKey, FeeTable
from planner.boq.pricing import Mapped, Price, Quota, QuotaBook, QuotaError, Resource, TaxStatus
from planner.boq.quota import illustrative_files
from planner.boq.rates import RateValidationError
from planner.boq.selection import resolve_selection
from planner.boq_workbook.workbook import export_bill
from planner.cli.main import main
from planner.works.reads import programme_by_key
from tests.planner.test_boq_recalc import _unit_totals, soffice

D = Decimal
CENT = D("0.01")


def r2(value: Decimal) -> Decimal:
    """ROUND(value, 2) as the spreadsheet rounds (half away from zero)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# A small 定额 set, priced by hand below (profession 03: 管理费 18 %, 利润 10 % of 人工 + 机械).
QUOTA_CSV = """\
quota_code,quota_name,quota_unit,kind,resource,resource_unit,consumption,source,edition,status
Q1,保温管安装 DN150,10m,人工,综合工日,工日,1.5,测试,测试版,未核实
Q1,保温管安装 DN150,10m,材料,电焊条,kg,0.9,测试,测试版,未核实
Q1,保温管安装 DN150,10m,主材,预制保温管 DN150,m,10.2,测试,测试版,未核实
Q1,保温管安装 DN150,10m,机械,电焊机,台班,0.3,测试,测试版,未核实
Q2,管道水压试验,100m,人工,综合工日,工日,0.8,测试,测试版,未核实
Q2,管道水压试验,100m,材料,水,m3,2.0,测试,测试版,未核实
"""
PRICES_CSV = """period,region,resource,unit,price,tax_status,tax_rate,source,status
2023-06,嘉峪关市,综合工日,工日,140.00,除税,,测试,未核实
2023-06,嘉峪关市,电焊条,kg,9.04,含税,13,测试,未核实
2023-06,嘉峪关市,预制保温管 DN150,m,56.50,含税,13,测试,未核实
2023-06,嘉峪关市,电焊机,台班,100.00,除税,,测试,未核实
2023-06,嘉峪关市,水,m3,3.09,含税,3,测试,未核实
2023-03,嘉峪关市,综合工日,工日,120.00,除税,,older period: not used,未核实
"""
MAPPING_CSV = """scope_key,quota_code,content,note
heating_main,Q1,0.1,10m → m
heating_main,Q2,0.01,100m → m
"""

# By hand, per 定额 unit (除税: 9.04 / 1.13 = 8.00, 56.50 / 1.13 = 50.00, 3.09 / 1.03 = 3.00):
#   Q1: 人工 1.5 × 140 = 210.00; 材料 0.9 × 8.00 = 7.20; 机械 0.3 × 100 = 30.00;
#       管理费 ROUND(240 × 18 %) = 43.20, 利润 ROUND(240 × 10 %) = 24.00
#   Q2: 人工 0.8 × 140 = 112.00; 材料 2.0 × 3.00 = 6.00; 机械 0;
#       管理费 ROUND(112 × 18 %) = 20.16, 利润 ROUND(112 × 10 %) = 11.20
# 合价 per m of the 清单 item (含量 0.1 and 0.01), each ROUND(含量 × 单价, 2):
#   人工 21.00 + 1.12 = 22.12; 材料 0.72 + 0.06 = 0.78; 机械 3.00 + 0 = 3.00;
#   管理费和利润 ROUND(0.1 × 67.20) + ROUND(0.01 × 31.36) = 6.72 + 0.31 = 7.03
#   (利润 2.40 + 0.11 = 2.51, 管理费 7.03 - 2.51 = 4.52)
# 未计价材料 (主材): 0.1 × 10.2 = 1.02 m × 50.00 = 51.00
# 综合单价 = 22.12 + 0.78 + 3.00 + 7.03 + 51.00 = 83.93
HAND = {"labour": D("22.12"), "material": D("51.78"), "machine": D("3.00")}
HAND_RATE = D("83.93")


def _files(quota=QUOTA_CSV, prices=PRICES_CSV, mapping=MAPPING_CSV) -> dict:
    files = {"quota": (quota, "q.csv"), "prices": (prices, "p.csv"), "mapping": (mapping, "m.csv")}
    return {k: (text.encode("utf-8"), name) for k, (text, name) in files.items() if text}


def _book() -> QuotaBook:
    labour = Resource("人工", "综合工日", "工日", D("1.5"))
    q1 = Quota(
        "Q1",
        "保温管安装",
        "10m",
        (
            labour,
            Resource("材料", "电焊条", "kg", D("0.9")),
            Resource("主材", "预制保温管 DN150", "m", D("10.2")),
            Resource("机械", "电焊机", "台班", D("0.3")),
        ),
    )
    q2 = Quota(
        "Q2",
        "水压试验",
        "100m",
        (Resource("人工", "综合工日", "工日", D("0.8")), Resource("材料", "水", "m3", D("2.0"))),
    )
    prices = [
        Price("综合工日", "工日", D("140.00"), period="2023-06"),
        Price("综合工日", "工日", D("120.00"), period="2023-03"),
        Price("电焊条", "kg", D("9.04"), TaxStatus.GROSS, D("13")),
        Price("预制保温管 DN150", "m", D("56.50"), TaxStatus.GROSS, D("13")),
        Price("电焊机", "台班", D("100.00")),
        Price("水", "m3", D("3.09"), TaxStatus.GROSS, D("3")),
    ]
    mapping = [Mapped("heating_main", "Q1", D("0.1")), Mapped("heating_main", "Q2", D("0.01"))]
    return QuotaBook.of([q1, q2], prices, mapping)


def test_hand_computed_unit_rate_from_a_small_quota_and_price_set():
    analysis = _book().analysis("heating_main")
    q1, q2 = analysis.rows
    assert (q1.labour, q1.material, q1.machine) == (D("210.00"), D("7.20"), D("30.00"))
    assert (q2.labour, q2.material, q2.machine) == (D("112.00"), D("6.00"), D("0"))
    fees = FeeTable.defaults()
    assert q1.charges(fees, "03") == (D("43.20"), D("24.00"))
    assert analysis.labour_price == D("140.00")  # the newest period, not 2023-03's 120
    assert analysis.unpriced == D("51.00")
    build = analysis.build(fees, "03")
    assert (build.labour, build.material, build.machine) == tuple(HAND.values())
    assert (build.management, build.profit) == (D("4.52"), D("2.51"))
    assert build.unit_rate == HAND_RATE
    # Other 管理费/利润 rates (20 %, 12 %) move only those parts: Q1 48.00 + 28.80 = 76.80,
    # Q2 22.40 + 13.44 = 35.84 per 定额 unit; × 含量: 7.68 + 0.36 (0.3584) = 8.04.
    rebuilt = analysis.build(fees.with_overrides({"03.management": 20, "03.profit": 12}), "03")
    assert rebuilt.profit == D("2.88") + D("0.13")  # 0.1 × 28.80, ROUND(0.01 × 13.44)
    assert rebuilt.management + rebuilt.profit == D("8.04")
    assert rebuilt.unit_rate == D("22.12") + D("51.78") + D("3.00") + D("8.04")


def test_a_price_with_tax_and_no_rate_is_refused_not_guessed():
    price = Price("电焊条", "kg", D("9.04"), TaxStatus.GROSS, None)
    with pytest.raises(QuotaError):
        _ = price.net
    book = _book()
    book.prices.pop("水")
    with pytest.raises(QuotaError) as refused:
        book.analysis("heating_main")
    assert refused.value.values["resource"] == "水"


def _programme(engine) -> int:
    programme = programme_by_key(engine, "p2023")
    assert programme is not None
    return programme.id


def _export(engine, **options):
    # The hand figures price the heating main in the 安装 unit (03 fees): per profession.
    options.setdefault("outdoor", "profession")
    with Session(engine) as session:
        selection = resolve_selection(session, year=2023, site_name="广汇小区")
        return export_bill(session, selection, BoqOptions(**options))


def test_bill_priced_through_quota_re_sums_to_its_total(seeded_engine, tmp_path):
    estimate, _ = _export(seeded_engine)
    written = import_quota(seeded_engine, _programme(seeded_engine), _files(), actor="测试")
    assert written == {"quota": 6, "prices": 6, "mapping": 2}
    bill, data = _export(seeded_engine)
    heating = next(ln for ln in bill.lines if ln.scope_key == "heating_main")
    assert heating.analysis is not None and heating.quantity == 4179
    b = heating.build
    assert (b.labour, b.material, b.machine, b.unit_rate) == (*HAND.values(), HAND_RATE)
    assert heating.amount == D("350743.47")  # ROUND(4179 × 83.93, 2)
    # Items without a mapping keep their all-in price (估算); the quick 估算 prices them all so.
    assert all(ln.analysis is None for ln in bill.lines if ln.scope_key != "heating_main")
    quick, _ = _export(seeded_engine, pricing="estimate")
    assert quick.total == estimate.total != bill.total

    # The 单位工程 re-summed by hand: 规费 on the real 人工费, VAT 9 % on everything before it.
    unit = next(u for u in bill.units if heating in u.lines)
    items = sum((ln.amount for ln in unit.item_lines), D(0))
    measures_base = items + sum((ln.amount for ln in unit.measure_lines), D(0))
    labour = sum((D(str(ln.quantity)) * ln.build.labour for ln in unit.lines), D(0))
    assert D(4179) * D("22.12") == D("92439.48")  # the heating main's share of it
    social = r2(labour * D("0.25"))
    housing = r2(labour * D("0.08"))
    rates = {"safety": 3.0, "night": 0.5, "handling": 0.5, "winter": 1.0, "protection": 0.3}
    total_measures = sum((r2(measures_base * D(str(r)) / 100) for r in rates.values()), D(0))
    provisional = r2(items * D("0.10"))
    base = measures_base + total_measures + provisional + social + housing
    tax = r2(base * D("0.09"))
    t = unit.totals
    assert t is not None
    assert (t.items, t.labour, t.social, t.housing, t.tax) == (items, labour, social, housing, tax)
    assert unit.total == base + tax
    assert bill.total == sum((u.total for u in bill.units), D(0))

    # 表-09 in the standard's layout: the item's 定额 rows, 小计, 未计价材料费, 综合单价.
    ws = load_workbook(io.BytesIO(data))["表-09 综合单价分析"]
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}
    q1 = rows["Q1"]
    assert [ws.cell(q1, c).value for c in range(1, 8)] == [
        "Q1", "保温管安装 DN150", "10m", 0.1, 210, 7.2, 30,
    ]  # fmt: skip
    assert (
        "'取费及参数'!" in ws.cell(q1, 8).value and ws.cell(q1, 9).value == f"=ROUND(D{q1}*E{q1},2)"
    )

    def below(col: int, text: str) -> int:  # the item's next row with ``text`` (pages may cut)
        return next(r for r in range(q1, ws.max_row + 1) if ws.cell(r, col).value == text)

    subtotal, unpriced, rate = (
        below(1, "人工单价"),
        below(5, "未计价材料费"),
        below(1, "清单项目综合单价"),
    )
    assert ws.cell(subtotal, 2).value == "140.00 元/工日" and ws.cell(subtotal, 5).value == "小计"
    assert q1 < subtotal < unpriced < rate
    detail = next(r for r in range(q1, ws.max_row + 1) if ws.cell(r, 1).value == "材料费明细")
    materials = [ws.cell(r, 2).value for r in range(detail + 1, detail + 6)]
    assert materials == ["电焊条", "水", "预制保温管 DN150（未计价）", "其他材料费", "材料费小计"]

    # LibreOffice recalculates every formula to the planner's figures, unit by unit.
    source = tmp_path / "quota.xlsx"
    source.write_bytes(data)
    done = load_workbook(soffice(source, tmp_path, "xlsx"), data_only=True)
    assert _unit_totals(done) == {u.name: u.total for u in bill.units}
    sheet = done["表-09 综合单价分析"]
    assert D(str(sheet.cell(rate, 9).value)).quantize(CENT) == HAND_RATE
    assert D(str(sheet.cell(unpriced, 9).value)).quantize(CENT) == D("51.00")


def _counts(engine) -> tuple[int, int, int]:
    with Session(engine) as session:
        return tuple(  # type: ignore[return-value]
            session.exec(select(func.count()).select_from(table)).one()
            for table in (QuotaResource, InfoPrice, QuotaMapping)
        )


def test_import_is_all_or_nothing(seeded_engine):
    programme = _programme(seeded_engine)
    import_quota(seeded_engine, programme, _files(), actor="测试")
    before = _counts(seeded_engine)
    bad_prices = PRICES_CSV.replace("电焊条,kg,9.04,含税,13", "电焊条,kg,9.04,含税,")
    bad_quota = QUOTA_CSV.replace("机械,电焊机,台班,0.3", "设备,电焊机,台班,abc")
    with pytest.raises(RateValidationError) as refused:
        import_quota(seeded_engine, programme, _files(bad_quota, bad_prices), actor="测试")
    where = {(e.row, e.column, e.message_key) for e in refused.value.errors}
    assert (3, "信息价.tax_rate", "boq.quota.err.tax_rate") in where  # 含税 without its rate
    assert (5, "定额.kind", "boq.quota.err.kind") in where
    assert (5, "定额.consumption", "boq.err.not_number") in where
    assert _counts(seeded_engine) == before  # nothing written, the good tables neither

    # A mapping that names a 子目 the library lacks, or a library that drops a mapped 子目.
    with pytest.raises(RateValidationError):
        import_quota(
            seeded_engine, programme, _files("", "", MAPPING_CSV + "roof_waterproofing,Q9,0.01,\n"),
            actor="测试",
        )  # fmt: skip
    only_q1 = "\n".join(line for line in QUOTA_CSV.splitlines() if not line.startswith("Q2"))
    with pytest.raises(RateValidationError) as orphan:
        import_quota(seeded_engine, programme, _files(only_q1, "", ""), actor="测试")
    assert orphan.value.errors[0].message_key == "boq.quota.err.orphan"
    assert _counts(seeded_engine) == before

    # The mapping is data an engineer edits: a changed 含量 prices the next bill.
    saved = save_mapping(
        seeded_engine,
        programme,
        [{"scope_key": "heating_main", "quota_code": "Q1", "content": "0.2", "note": "×2"}],
        actor="测试",
    )
    assert saved == 1
    bill, _ = _export(seeded_engine)
    heating = next(ln for ln in bill.lines if ln.scope_key == "heating_main")
    assert heating.build.labour == D("42.00")  # 0.2 × 210.00, Q2 no longer mapped


def test_a_missing_price_refuses_the_bill(seeded_engine):
    programme = _programme(seeded_engine)
    prices = "\n".join(ln for ln in PRICES_CSV.splitlines() if ",水," not in ln) + "\n"
    import_quota(seeded_engine, programme, _files(prices=prices), actor="测试")
    with pytest.raises(BoqError) as refused:
        _export(seeded_engine)
    assert refused.value.reasons[0].values["resource"] == "水"


def test_command_loads_the_shipped_illustrative_library(seeded_engine, db_url, monkeypatch):
    monkeypatch.setenv("PLANNER_DATABASE_URL", db_url)
    assert main(["import-quota", "--programme", "p2023", "--illustrative"]) == 0
    assert _counts(seeded_engine) == (13, 12, 4)
    with Session(seeded_engine) as session:  # every shipped 定额 and price says it is unverified
        statuses = set(session.exec(select(QuotaResource.status)).all())
        statuses |= set(session.exec(select(InfoPrice.status)).all())
    assert statuses == {"未核实"}
    assert set(illustrative_files()) == {"quota", "prices", "mapping"}
    bill, _ = _export(seeded_engine)
    roof = next(ln for ln in bill.lines if ln.scope_key == "roof_waterproofing")
    # 3.2 工日 × 130 = 416.00; 115.635 m2 × 33.90/1.13 + 28.92 kg × 11.30/1.13 = 3,758.25;
    # 管理费和利润 (15 % + 10 %) × 416.00 = 104.00; × 0.01: 4.16 + 37.58 + 1.04 = 42.78
    assert roof.build.unit_rate == D("42.78")
    assert bill.fees.rate("01", FeeKey.MANAGEMENT).value == 15.0
