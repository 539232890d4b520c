"""The outdoor pipe works measured by the rules (#23 build 2): road reinstatement layer by layer,
sand bedding and pipe-zone fill, valves, compensators, 碰头, temporary supply and chambers by
type, each its own bill line, with quantities an engineer can recompute by hand."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlmodel import Session

from db.session import make_engine
from planner.boq.bill import BoqOptions, build_bill
from planner.boq.catalogue import CodeStatus
from planner.boq.generated import generated_item, groundwork_lines, groundwork_settings
from planner.boq.pipe_items import PIPE_WORK_ITEMS
from planner.boq.selection import resolve_selection
from planner.runtime.startup import ensure_database_ready
from tests.conftest import clean_postgres_url


def _lines(mains, **overrides):
    settings = groundwork_settings(overrides)
    return groundwork_lines(mains, settings)


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


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def guanghui(request, tmp_path_factory):
    """The sample's 广汇小区 bill (2023) on a freshly seeded database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('pipes') / 'planner.db'}"
    else:
        url = clean_postgres_url()
    engine = make_engine(url)
    ensure_database_ready(engine)
    with Session(engine) as session:
        selection = resolve_selection(session, year=2023, site_name="广汇小区")
        bill = build_bill(session, selection, BoqOptions())
    yield bill
    engine.dispose()


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
