"""Measured by the rules (issue #23, point 2), on the sample's 广汇小区 with one more heating
item of another size and one building left without insulation:

- a line per DN, each describing its own size, the groundworks on all pipes together;
- facade paint split by 基层 (new EPS render / old plaster), both measured net with reveals;
- the outdoor pipes and their groundworks in one 室外配套 unit with the 市政 fee set, or per
  profession: the same lines either way, each unit re-summed by hand;
- every 补充项目 once, with its rule and content, in both workbooks.
"""

from __future__ import annotations

import io
import math
from decimal import Decimal

import openpyxl
import pytest
from sqlmodel import Session, select

from db.models import Building, ScopeType, Site, WorkItem
from planner.audit import Actor
from planner.boq.bill import BoqOptions
from planner.boq.fees import FeeKey, money, total_measures
from planner.boq.groundworks import ROAD
from planner.boq.measured import paint_description, pipe_description
from planner.boq.supplementary import RULES
from planner.boq_workbook.workbook import unpriced_bytes, xlsx_bytes
from planner.catalogue import SCOPE_TYPES
from planner.works import actions
from planner.works.validation import NewWorkItem
from tests.planner.conftest import GUANGHUI, guanghui_selection

ACTOR = Actor.system("test")
PROFESSION = BoqOptions(outdoor="profession")
COMBINED = BoqOptions(outdoor="combined")


@pytest.fixture(scope="module")
def guanghui(module_seeded_engine, guanghui_bill):
    """``(bill(options), facts)``: 广汇小区's bill after adding 400 m of DN80 heating main and
    withdrawing the wall insulation of its building 1 (whose paint is then on old plaster)."""
    engine = module_seeded_engine
    with Session(engine) as session:
        site = session.exec(select(Site).where(Site.name_zh == GUANGHUI)).one()
        selection = guanghui_selection(session)

        def item(key: str, building: int | None = None) -> WorkItem:
            query = (
                select(WorkItem)
                .join(ScopeType, ScopeType.id == WorkItem.scope_type_id)
                .where(WorkItem.site_id == site.id, ScopeType.key == key)
                .where(WorkItem.programme_id == selection.programme_id)
            )
            if building is not None:
                query = query.where(WorkItem.building_id == building)
            return session.exec(query).one()

        one = session.exec(
            select(Building).where(Building.site_id == site.id, Building.number == "1")
        ).one()
        facts = {
            "heating": item("heating_main"),
            "paint_1": item("facade_paint", one.id).planned_quantity,
            "paint": sum(
                w.planned_quantity
                for w in session.exec(
                    select(WorkItem)
                    .join(ScopeType, ScopeType.id == WorkItem.scope_type_id)
                    .where(WorkItem.site_id == site.id, ScopeType.key == "facade_paint")
                )
            ),
        }
        insulation = item("wall_insulation", one.id).id
    new = NewWorkItem(
        selection.programme_id, site.id, None, "heating_main", planned_quantity=400, pipe_dn="DN80"
    )
    actions.add_work_item(engine, new, actor=ACTOR)
    actions.withdraw_work_item(engine, insulation, actor=ACTOR, reason="测试：该楼不做保温")
    return guanghui_bill, facts


def test_pipe_description_replaces_every_dn_and_keeps_pe_outside_diameters():
    water = "3. 材质、规格：PE100 给水管 DN100（dn110），1.0 MPa\n4. 连接形式：热熔连接"
    assert pipe_description(water, 150) == (
        "3. 材质、规格：PE100 给水管 DN150（dn160），1.0 MPa\n4. 连接形式：热熔连接"
    )
    assert pipe_description("1. 材质：聚氨酯保温管 DN150", 80) == "1. 材质：聚氨酯保温管 DN80"
    assert pipe_description("1. 部位：小区\n2. 试验：闭水", 300) == (
        "1. 部位：小区\n2. 试验：闭水\n3. 公称直径：DN300"
    )
    assert pipe_description(water, None) == water


def test_paint_description_states_its_base_and_the_net_rule():
    rate = "1. 基层类型：外墙抹灰面\n2. 腻子种类、遍数：耐水腻子两遍"
    eps = paint_description(rate, True)
    assert eps.startswith("1. 基层类型：新做 EPS 保温系统抗裂砂浆面")
    assert "2. 腻子种类" in eps and "\n3. 工程量：" in eps and "门窗洞口侧壁面积并入" in eps
    plaster = paint_description(rate, False)
    assert plaster.startswith("1. 基层类型：原外墙抹灰面（含铲除起皮旧涂层")
    assert paint_description("", False).startswith("1. 基层类型：原外墙抹灰面")


def test_a_line_per_dn_with_its_own_size_and_the_trench_on_all_pipes(guanghui):
    bill, facts = guanghui
    b = bill(PROFESSION)
    heating = [ln for ln in b.lines if ln.scope_key == "heating_main"]
    sample = facts["heating"]
    assert [(ln.pipe_dn, ln.quantity) for ln in heating] == [
        (80, 400),
        (sample.pipe_dn, sample.planned_quantity),
    ]
    assert sample.pipe_dn == 200  # 广汇's 805 households: the largest band
    assert "DN80" in heating[0].description and "DN200" not in heating[0].description
    assert "DN200" in heating[1].description and "DN80" not in heating[1].description
    assert [ln.code for ln in heating] == ["031001008001", "031001008002"]
    # The hand-checked amount: 400 m × 480.00 元/m (the build-up of the all-in rate adds up).
    assert heating[0].amount == Decimal("192000.00")
    # One trench for both sizes (the heating main in a band of its own): the route is
    # (400 + sample) / 2, dug once.
    own = bill(BoqOptions(groundwork_overrides=(("heating_main.depth_m", 2.5),)))
    g = own.groundworks["heating_main"]
    route = (400 + sample.planned_quantity) / 2
    [trench] = [
        ln for ln in own.lines if ln.scope_key == "trench" and "部位：供热管道" in ln.description
    ]
    assert "给水" not in trench.description
    below_road = 2.5 - g.paved_share * (ROAD.asphalt_m + ROAD.base_m)  # dug below the road
    assert trench.quantity == pytest.approx(route * 1.2 * below_road, abs=0.01)
    assert (g.width_m, g.depth_m) == (1.2, 2.5)
    # Its valves and compensators: a line per size, counted on that size's own route
    # (400 m of DN80 pipe: 200 m of trench; supply and return each)
    for key, spacing in (("heating_valve", 150), ("heating_compensator", 100)):
        counts = {
            next(dn for dn in (80, 200) if f"DN{dn}，" in ln.description): ln.quantity
            for ln in b.lines
            if ln.scope_key == key
        }
        assert counts == {
            80: math.ceil(200 / spacing) * 2,
            200: math.ceil(sample.planned_quantity / 2 / spacing) * 2,
        }, key
    # Other mains: one size each here, each named in its description.
    for key in ("water_supply_main", "drainage_main"):
        [line] = [ln for ln in b.lines if ln.scope_key == key]
        assert f"DN{line.pipe_dn}" in line.description


def test_paint_split_by_base_both_net_with_reveals(guanghui):
    bill, facts = guanghui
    b = bill()
    paint = [ln for ln in b.lines if ln.scope_key == "facade_paint"]
    assert [ln.on_insulation for ln in paint] == [False, True]
    plaster, eps = paint
    assert plaster.quantity == facts["paint_1"]  # building 1: no insulation any more
    assert plaster.quantity + eps.quantity == facts["paint"]
    assert "原外墙抹灰面" in plaster.description and "新做 EPS" in eps.description
    for line in paint:
        assert "扣除门窗洞口" in line.description and "洞口侧壁面积并入" in line.description
    assert plaster.code != eps.code and {plaster.code[:9], eps.code[:9]} == {"011407001"}
    assert plaster.amount == money(Decimal(str(plaster.quantity)) * Decimal("39.00"))


def _resum(unit, fees) -> None:
    """The unit's totals recomputed from its lines, rate by rate (the workbook's rounding)."""
    p = unit.profession
    items = sum(
        (money(Decimal(str(ln.quantity)) * ln.build.unit_rate) for ln in unit.item_lines),
        Decimal(0),
    )
    measures_unit = sum((ln.amount for ln in unit.measure_lines), Decimal(0))
    labour = sum((Decimal(str(ln.quantity)) * ln.build.labour for ln in unit.lines), Decimal(0))
    base = items + measures_unit
    total_m = sum(
        (money(base * fees.rate(p, k).fraction) for k, _ in total_measures(p)), Decimal(0)
    )
    other = money(items * fees.rate(p, FeeKey.PROVISIONAL).fraction) + sum(
        (ln.amount for ln in unit.works), Decimal(0)
    )
    social = money(labour * fees.rate(p, FeeKey.SOCIAL).fraction)
    housing = money(labour * fees.rate(p, FeeKey.HOUSING).fraction)
    tax_base = items + measures_unit + total_m + other + social + housing
    assert unit.totals.items == items
    assert unit.total == tax_base + money(tax_base * Decimal("0.09"))


def test_outdoor_unit_holds_the_pipes_and_groundworks_with_the_municipal_fees(guanghui):
    bill, _ = guanghui
    combined, split = bill(COMBINED), bill(PROFESSION)
    assert bill().total == split.total  # by profession by default: the dashboard's 控制价
    names = [u.name.split(" ", 1)[1] for u in combined.units]
    assert names == [
        "建筑与装饰工程",
        "安装工程（给排水、采暖、电气）",
        "市政工程（道路、管网）",
        "室外配套工程",
    ]
    outdoor = combined.units[-1]
    assert outdoor.outdoor and outdoor.profession == "04"
    keys = {ln.scope_key for ln in outdoor.lines}
    assert {"water_supply_main", "drainage_main", "heating_main", "trench", "backfill"} <= keys
    assert {"spoil", "heating_chamber", "water_valve_chamber", "pavement_break"} <= keys
    assert {ln.scope_key for ln in combined.units[1].lines} == {"street_lights"}
    assert {ln.scope_key for ln in combined.units[2].lines} == {"parking_spaces"}
    # The 市政 fee set: its 措施 codes (临时保护设施 041109006, which 安装 has not) ...
    assert "041109006" in {code for _, code in total_measures("04")}
    assert FeeKey.TEMPORARY in outdoor.totals.total_measures
    # ... and its shares: the DN80 heating main's 人工费 is 88.28 元/m under 市政 (480 ÷ 1.0875
    # × 20 %), 89.72 under 安装 (480 ÷ 1.07 × 20 %).
    [dn80] = [ln for ln in outdoor.lines if ln.pipe_dn == 80]
    assert dn80.build.labour == Decimal("88.28")
    [dn80_split] = [ln for ln in split.lines if ln.pipe_dn == 80]
    assert dn80_split.build.labour == Decimal("89.72")

    # The same lines, quantities and amounts either way; only the units and fees differ.
    def lines(b):
        return sorted((ln.scope_key, ln.description, ln.quantity, ln.amount) for ln in b.lines)

    assert lines(combined) == lines(split)
    assert len(split.units) == 3 and not any(u.outdoor for u in split.units)
    for b in (combined, split):
        for unit in b.units:
            _resum(unit, b.fees)
        assert b.total == sum((u.total for u in b.units), Decimal(0))


def test_every_supplementary_item_once_with_its_rule_and_content(guanghui):
    bill, _ = guanghui
    b = bill(BoqOptions(edition="2024"))  # most items are 补充项目 in 2024
    supplementary = {}
    for ln in b.lines:
        if ln.item.supplementary:
            supplementary.setdefault(ln.code, set()).add((ln.scope_key, ln.description))
    assert len(supplementary) >= 10 and all(len(v) == 1 for v in supplementary.values())
    for data in (xlsx_bytes(b), unpriced_bytes(b)):
        ws = openpyxl.load_workbook(io.BytesIO(data))["补充项目"]
        rows = {
            r[0]: r
            for r in ws.iter_rows(values_only=True)
            if r[0] and str(r[0])[2:3] == "B" and len(str(r[0])) == 6
        }
        assert set(rows) == set(supplementary)
        for code, (key, description) in ((c, next(iter(v))) for c, v in supplementary.items()):
            assert rows[code][2] == description
            assert rows[code][4] == RULES[key].rule and rows[code][5] == RULES[key].content


def test_rules_cover_every_scope_type_and_generated_line():
    from planner.boq.generated import GENERATED_RATES

    keys = {s.key for s in SCOPE_TYPES} | set(GENERATED_RATES)
    assert keys - set(RULES) == set()
    for rule in RULES.values():
        assert rule.rule.strip() and rule.content.strip()
