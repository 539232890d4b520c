"""The outdoor pipe works measured by the rules (#23 build 2): road reinstatement layer by layer,
sand bedding and pipe-zone fill, valves, compensators, 碰头, temporary supply and chambers by
type, each its own bill line, with quantities an engineer can recompute by hand; the fittings
and the pipe zone sized by the DN the work items carry, a main without one at its default."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from planner.boq.catalogue import CodeStatus
from planner.boq.generated import generated_item, groundwork_lines, groundwork_settings
from planner.boq.groundworks import PIPE_RULES
from planner.boq.pipe_items import PIPE_WORK_ITEMS


def _lines(mains, **overrides):
    """The lines of ``mains`` (main → pipe length, items without a DN; or main → {DN: length})."""
    settings = groundwork_settings(overrides)
    sized = {k: v if isinstance(v, dict) else {None: v} for k, v in mains.items()}
    return groundwork_lines(sized, settings)


def _by_key(lines):
    found: dict[str, float] = {}
    for line in lines:
        found[line.key] = found.get(line.key, 0.0) + line.quantity
    return found


def test_hundred_metres_of_water_main_in_a_road_by_hand():
    # 100 m of water main, all of it under a road. Trench 0.8 m wide, 1.8 m deep; pipe dn110
    # (0.0095 m2); sand bedding 0.1 m; pipe zone = 0.11 + 0.5 = 0.61 m; road: 5 cm asphalt on
    # 20 cm cement-stabilised base, the old asphalt milled 0.3 m each side of the trench.
    q = _by_key(_lines({"water_supply_main": 100.0}, **{"water_supply_main.paved_share": 1.0}))
    expected = {
        "trench": 124.0,  # 100 × 0.8 × 1.8 − 80 × 0.25 (dug below the road structure)
        "sand_bedding": 8.0,  # 100 × 0.8 × 0.1
        "pipe_zone_fill": 47.85,  # 100 × 0.8 × 0.61 − 100 × 0.0095
        "backfill": 67.2,  # 144 − 8 − 48.8 − 80 × 0.25 (the road structure in the trench)
        "spoil": 56.8,  # the soil the bedding, zone fill and pipe displace: 100 × 0.8 × 0.71
        "pavement_break": 80.0,  # asphalt and base over the trench: 100 × 0.8
        "pavement_mill": 60.0,  # the step: 100 × 2 × 0.3
        "base_course": 80.0,  # new base in the trench
        "prime_coat": 80.0,  # 透层 on the new base
        "tack_coat": 60.0,  # 粘层 on the milled old asphalt
        "reinstatement": 140.0,  # asphalt over the reinstated width: 100 × (0.8 + 0.6)
        "road_disposal": 23.0,  # 80 × 0.25 + 60 × 0.05
        "water_valve_chamber": 1,  # ⌈100 / 120⌉
        "water_valve": 1,  # one in each valve chamber
        "water_tie_in": 1,  # ⌈100 / 200⌉, at least one
        "temporary_water": 1,  # one section of 200 m
    }
    assert set(q) == set(expected)
    for key, value in expected.items():
        assert q[key] == pytest.approx(value, abs=1e-9), key
    # the excavated soil is all accounted for, reused or carted away; the road structure is
    # broken out and carted away on its own lines, not counted again in the excavation
    assert q["backfill"] + q["spoil"] == pytest.approx(q["trench"])
    assert q["road_disposal"] == pytest.approx(q["pavement_break"] * 0.25 + 60 * 0.05)
    # and the asphalt is laid where the trench and the step were broken out
    assert q["reinstatement"] == pytest.approx(q["prime_coat"] + q["tack_coat"])


def test_counts_follow_their_spacing_rules():
    q = _by_key(_lines({"water_supply_main": 250.0}))
    assert (q["water_valve_chamber"], q["water_valve"]) == (3, 3)  # ⌈250 / 120⌉
    assert (q["water_tie_in"], q["temporary_water"]) == (2, 2)  # ⌈250 / 200⌉
    # heating: 400 m of pipe is 200 m of trench; valves, compensators and 碰头 on both pipes
    h = _by_key(_lines({"heating_main": 400.0}))
    assert h["heating_chamber"] == 2  # ⌈200 / 150⌉
    assert h["heating_valve"] == 4
    assert h["heating_compensator"] == 4  # ⌈200 / 100⌉ × 2
    assert h["heating_tie_in"] == 2
    assert h["temporary_heat"] == 1  # ⌈200 / 300⌉
    # drainage: inspection chambers every 40 m, no valves, compensators or temporary supply
    d = _by_key(_lines({"drainage_main": 100.0}))
    assert d["drainage_chamber"] == 3 and d["drainage_tie_in"] == 1
    assert not {"water_valve", "heating_valve", "heating_compensator", "temporary_water"} & set(d)
    # nothing under a road, no reinstatement at all
    g = _by_key(_lines({"greening_water_supply": 100.0}))
    assert not {"pavement_break", "base_course", "reinstatement", "road_disposal"} & set(g)


def test_chambers_by_type_carry_size_and_depth():
    lines = _lines({"water_supply_main": 100.0, "heating_main": 300.0, "drainage_main": 80.0})
    chambers = {ln.key: ln.description for ln in lines if ln.key.endswith("chamber")}
    assert set(chambers) == {"water_valve_chamber", "heating_chamber", "drainage_chamber"}
    water, heating, drainage = (
        chambers[k] for k in ("water_valve_chamber", "heating_chamber", "drainage_chamber")
    )
    assert "给水阀门井" in water and "内径 1.2 m" in water and "井深：1.8 m" in water
    assert "供热检查室" in heating and "2.0 m × 1.5 m" in heating
    assert "井深：2 m" in heating  # 1.5 m trench + 0.5 m below it
    assert "排水检查井" in drainage and "内径 1.0 m" in drainage and "井深：2 m" in drainage


def test_each_item_has_a_code_rule_and_content():
    for key, item in PIPE_WORK_ITEMS.items():
        assert item.name_zh and item.name_en and item.rule and item.content, key
        bill_item = generated_item(key, "2013")
        assert "计算规则" in bill_item.note and "工作内容" in bill_item.note
        if item.code9 is None:
            assert bill_item.status == CodeStatus.SUPPLEMENTARY and bill_item.code9 is None
        else:
            assert bill_item.code9 == item.code9 and bill_item.status == item.status
        later = generated_item(key, "2024")
        assert later.status == CodeStatus.SUPPLEMENTARY
        assert later.reference_code == (item.code9 or "")
    assert generated_item("road_disposal", "2013").status == CodeStatus.VERIFIED
    assert generated_item("heating_chamber", "2013").status == CodeStatus.UNVERIFIED


@pytest.fixture(scope="module")
def guanghui(guanghui_bill):
    """The sample's 广汇小区 bill (2023) on a freshly seeded database, built once."""
    return guanghui_bill()


def test_the_bill_carries_the_pipe_works_and_still_adds_up(guanghui):
    bill = guanghui
    keys = {ln.scope_key for ln in bill.lines}
    assert {
        "sand_bedding",
        "pipe_zone_fill",
        "base_course",
        "prime_coat",
        "tack_coat",
        "road_disposal",
        "water_valve_chamber",
        "heating_chamber",
        "water_valve",
        "heating_valve",
        "heating_compensator",
        "water_tie_in",
        "heating_tie_in",
        "temporary_water",
        "temporary_heat",
    } <= keys
    assert "chamber" not in keys  # no merged 砌筑井 line any more
    codes = {ln.scope_key: ln.code for ln in bill.lines}
    # one 9-digit item, distinct 10–12 digits per 特征: soil spoil and pavement disposal
    assert codes["spoil"][:9] == codes["road_disposal"][:9] == "040103002"
    assert codes["spoil"] != codes["road_disposal"]
    assert codes["pipe_zone_fill"][:9] == codes["backfill"][:9] == "040103001"
    assert codes["water_valve_chamber"][:9] == codes["heating_chamber"][:9] == "040504001"
    for key in ("sand_bedding", "base_course", "water_valve", "temporary_heat"):
        assert re.fullmatch(r"0[34]B\d{3}", codes[key]), key
    temporary = [ln for ln in bill.lines if ln.scope_key.startswith("temporary_")]
    assert temporary and all(ln.measure for ln in temporary)  # 单价措施
    # every unit still re-sums: its 分部分项 and 单价措施 are the sums of its lines' 合价
    for unit in bill.units:
        assert unit.totals.items == sum((ln.amount for ln in unit.item_lines), Decimal("0"))
        assert unit.totals.unit_measures == sum(
            (ln.amount for ln in unit.measure_lines), Decimal("0")
        )
    assert bill.items_total == sum((ln.amount for ln in bill.lines), Decimal("0"))
    assert all(ln.amount > 0 for ln in bill.lines if ln.generated)


DN = re.compile(r"DN(\d+)")


def _named(line) -> set[int]:
    return {int(n) for n in DN.findall(line.description)}


def test_valves_and_compensators_per_dn_counted_on_their_own_run():
    # 300 m of DN150 and 130 m of DN200 water main; 400 m of DN125 and 800 m of DN200 heating
    # pipe (200 m and 400 m of trench)
    lines = _lines(
        {"water_supply_main": {150: 300.0, 200: 130.0}, "heating_main": {125: 400.0, 200: 800.0}}
    )
    valves = {min(_named(ln)): ln for ln in lines if ln.key == "water_valve"}
    assert set(valves) == {150, 200}
    assert "DN150（dn160），1.0 MPa" in valves[150].description  # the PE dn beside it
    assert "DN200（dn225），1.0 MPa" in valves[200].description
    assert (valves[150].quantity, valves[200].quantity) == (3, 2)  # ⌈300 / 120⌉, ⌈130 / 120⌉
    assert not any("DN100" in ln.description for ln in lines)  # the rule's default: no item
    heating = {min(_named(ln)): ln.quantity for ln in lines if ln.key == "heating_valve"}
    assert heating == {125: 4, 200: 6}  # ⌈200 / 150⌉ × 2, ⌈400 / 150⌉ × 2 (supply and return)
    compensators = {min(_named(ln)): ln.quantity for ln in lines if ln.key == "heating_compensator"}
    assert compensators == {125: 4, 200: 8}  # ⌈200 / 100⌉ × 2, ⌈400 / 100⌉ × 2
    q = _by_key(lines)
    # chambers per DN run: ⌈300 / 120⌉ + ⌈130 / 120⌉ (not ⌈430 / 120⌉ = 4); 碰头 and temporary
    # supply on the whole main, the 碰头 naming its largest DN
    assert (q["water_valve_chamber"], q["heating_chamber"]) == (5, 5)  # heating: 2 + 3
    assert (q["water_tie_in"], q["temporary_water"]) == (3, 3)  # ⌈430 / 200⌉
    [tie_in] = [ln for ln in lines if ln.key == "water_tie_in"]
    assert _named(tie_in) == {200} and "最大者" in tie_in.description
    [chamber] = [ln for ln in lines if ln.key == "water_valve_chamber"]
    assert "各段向上取整后相加" in chamber.description


def test_pipe_zone_and_spoil_take_each_dns_outside_diameter():
    # 100 m of DN150 and 100 m of DN200 water main (PE: dn160 and dn225), 0.8 m wide trench,
    # 0.1 m bedding; the pipe's cross-section 0.0095 m2 at dn110 scales with the OD squared
    q = _by_key(_lines({"water_supply_main": {150: 100.0, 200: 100.0}}))
    area = {od: 0.0095 * (od / 0.110) ** 2 for od in (0.160, 0.225)}
    zone = 100 * 0.8 * (0.160 + 0.5) + 100 * 0.8 * (0.225 + 0.5)  # 110.8
    assert q["pipe_zone_fill"] == pytest.approx(zone - 100 * sum(area.values()))
    assert q["spoil"] == pytest.approx(200 * 0.8 * 0.1 + zone)
    assert q["backfill"] + q["spoil"] == pytest.approx(q["trench"])  # the soil still balances
    # non-PE pipes: the rule's OD scaled by DN (heating DN200: 0.25 × 200 / 150 per casing)
    assert PIPE_RULES["heating_main"].pipe_od(200) == pytest.approx(0.25 * 200 / 150)
    assert PIPE_RULES["drainage_main"].pipe_od(300) == pytest.approx(0.225 * 1.5)
    h = _by_key(_lines({"heating_main": {200: 200.0}}))  # 100 m of trench, 1.2 m wide
    assert h["spoil"] == pytest.approx(100 * 1.2 * (0.1 + 0.25 * 4 / 3 + 0.5))


def test_a_main_without_dn_keeps_its_default_spec_and_numbers():
    # items without a size are of the rule's default DN: the same lines as that DN given,
    # but for the sized wording of the pipe zone and the spoil
    for main, rule in PIPE_RULES.items():
        plain = _lines({main: 650.0})
        assert all(_named(ln) <= {rule.dn} for ln in plain), main
        assert not any("管外径：PE 管" in ln.description for ln in plain)
        given = _lines({main: {rule.dn: 650.0}})
        assert [(ln.key, ln.quantity) for ln in plain] == [(ln.key, ln.quantity) for ln in given]
    water = [ln.description for ln in _lines({"water_supply_main": 100.0})]
    assert any("规格、压力等级：DN100（dn110），1.0 MPa" in text for text in water)
    # items without a size join those of the default DN: one run, one valve line
    both = _lines({"water_supply_main": {None: 100.0, 100: 100.0}})
    assert [ln.quantity for ln in both if ln.key == "water_valve"] == [2]  # ⌈200 / 120⌉


def test_the_sample_bill_names_the_items_dns_on_its_fittings(guanghui):
    bill = guanghui
    carried = {
        key: {ln.pipe_dn for ln in bill.lines if ln.scope_key == key}
        for key in ("water_supply_main", "heating_main", "drainage_main")
    }
    assert carried["water_supply_main"] == {200} and carried["heating_main"] == {200}
    fittings = {
        "water_valve": "water_supply_main",
        "water_tie_in": "water_supply_main",
        "heating_valve": "heating_main",
        "heating_compensator": "heating_main",
        "heating_tie_in": "heating_main",
        "drainage_tie_in": "drainage_main",
    }
    for key, main in fittings.items():
        lines = [ln for ln in bill.lines if ln.scope_key == key]
        assert lines, key
        for line in lines:
            assert _named(line) == carried[main], (key, line.description)
    [water] = [ln for ln in bill.lines if ln.scope_key == "water_valve"]
    assert "DN200（dn225），1.0 MPa" in water.description
