"""The heating main is measured per pipe (GB 50856: supply and return each) while its trench,
backfill, spoil, reinstatement and chambers are measured once, on the route length (valves,
compensators and 碰头 count both pipes)."""

from __future__ import annotations

import math

import pytest

from planner.boq.bill import BoqOptions
from planner.boq.groundworks import PIPE_RULES, ROAD

# The heating main in its own depth band (3 m), so its trench line holds it alone.
OWN_BAND = BoqOptions(groundwork_overrides=(("heating_main.depth_m", 2.5),))


def _heating(bill):
    [line] = [ln for ln in bill.lines if ln.scope_key == "heating_main"]
    return line


def test_heating_pipe_length_is_twice_its_trench_length(guanghui_bill):
    bill = guanghui_bill(OWN_BAND)
    pipe = _heating(bill).quantity
    g = bill.groundworks["heating_main"]
    [trench] = [
        ln
        for ln in bill.lines
        if ln.scope_key == "trench" and "部位：供热管道沟槽" in ln.description
    ]
    # the trench is dug below the road structure where it runs under a road
    depth = g.depth_m - g.paved_share * (ROAD.asphalt_m + ROAD.base_m)
    trench_length = trench.quantity / (g.width_m * depth)
    assert pipe > 0
    assert pipe == pytest.approx(2 * trench_length, abs=0.01)
    # volume = route length × width × depth, never doubled
    assert trench.quantity == pytest.approx(pipe / 2 * 1.2 * depth, abs=0.01)
    assert "供水管、回水管" in _heating(bill).description


def test_all_groundworks_of_the_compound_use_the_route_length(guanghui_bill):
    bill = guanghui_bill()
    q = {ln.scope_key: ln.quantity for ln in bill.lines if ln.scope_key.endswith("_main")}
    g = bill.groundworks
    route = {key: q[key] / g[key].pipes for key in q}
    assert route["heating_main"] == q["heating_main"] / 2
    assert route["water_supply_main"] == q["water_supply_main"]
    trench = sum(ln.quantity for ln in bill.lines if ln.scope_key == "trench")
    road = ROAD.asphalt_m + ROAD.base_m  # the trench is dug below the road structure
    assert trench == pytest.approx(
        sum(route[k] * g[k].width_m * (g[k].depth_m - g[k].paved_share * road) for k in q),
        abs=0.05,
    )
    # the soil displaced by the sand bedding and the pipe zone (the OD of the items' DN + 0.5 m),
    # once per trench (one DN per main here: heating and water DN200, drainage DN300)
    dn = {ln.scope_key: ln.pipe_dn for ln in bill.lines if ln.scope_key.endswith("_main")}
    assert dn == {"heating_main": 200, "water_supply_main": 200, "drainage_main": 300}
    od = {k: PIPE_RULES[k].pipe_od(dn[k]) for k in q}
    assert od["water_supply_main"] == 0.225  # PE dn225
    spoil = sum(ln.quantity for ln in bill.lines if ln.scope_key == "spoil")
    rules = PIPE_RULES
    assert spoil == pytest.approx(
        sum(route[k] * g[k].width_m * (rules[k].bedding_m + od[k] + 0.5) for k in q),
        abs=0.05,
    )
    paved = sum(ln.quantity for ln in bill.lines if ln.scope_key == "pavement_break")
    assert paved == pytest.approx(
        sum(route[k] * g[k].paved_share * g[k].width_m for k in q), abs=0.05
    )
    chambers = {
        key: sum(ln.quantity for ln in bill.lines if ln.scope_key == key)
        for key in ("water_valve_chamber", "heating_chamber")
    }
    assert chambers == {
        "water_valve_chamber": math.ceil(route["water_supply_main"] / 120),
        "heating_chamber": math.ceil(route["heating_main"] / 150),
    }
    # valves and compensators count both pipes of the heating main
    heating_valves = sum(ln.quantity for ln in bill.lines if ln.scope_key == "heating_valve")
    assert heating_valves == 2 * chambers["heating_chamber"]
    compensators = sum(ln.quantity for ln in bill.lines if ln.scope_key == "heating_compensator")
    assert compensators == 2 * math.ceil(route["heating_main"] / 100)
