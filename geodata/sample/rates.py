"""The indicative unit rates (CNY per unit of each scope type), written once.

Every reader takes its figures from here: the sample's work items (:mod:`geodata.sample.builder`,
which also prints them in the sample's README), the rate library's defaults
(:data:`planner.boq.rates.DEFAULT_RATES`, with its own wording of each source) and the rates
of next year's templates (:data:`planner.works.templates.DEFAULT_RATES`). They are indicative
only: a c. 2021 maintenance price list from Guangxi, figures derived from it, or placeholders
with no public source; none is a Gansu 定额 or a 嘉峪关 信息价 price.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Rate:
    """An indicative unit rate with where it comes from."""

    value: Decimal
    unit: str
    source: str


def _r(text: str) -> Decimal:
    """A decimal rate, exactly as written."""
    return Decimal(text)


#: Unit rates (CNY per unit), by scope key. Sources: /work/shared/domain/boq-and-rules.md §5,
#: a c. 2021 maintenance price list from Guangxi (indicative only, not Gansu prices).
RATES: dict[str, Rate] = {
    "roof_waterproofing": Rate(
        _r("52.56"), "m²", "§5: 屋面卷材防水, 2 mm self-adhesive modified bitumen, 1 layer"
    ),
    "wall_insulation": Rate(
        _r("71.03"), "m²", "§5: 外墙保温, 25 mm inorganic insulating mortar + anti-crack mortar"
    ),
    "facade_paint": Rate(_r("39.00"), "m²", "§5: 外墙弹性涂料, putty + primer + 2 finish coats"),
    "water_supply_main": Rate(
        _r("61.10"), "m", "§5: PP-R 给水管, top of the dn20-dn50 range (a main is larger)"
    ),
    "drainage_main": Rate(_r("165.40"), "m", "§5: PVC 承插排水管 dn200"),
    "heating_main": Rate(
        _r("480.00"), "m", "placeholder, no public source (pre-insulated pipe price not found)"
    ),
    "parking_spaces": Rate(
        _r("1325.88"), "个", "derived: 12.5 m² per space × 106.07 CNY/m² permeable pavers (§5)"
    ),
    "street_lights": Rate(_r("3500.00"), "套", "placeholder, no public source"),
    "storm_drain": Rate(
        _r("165.40"), "m", "§5: PVC 承插排水管 dn200 (a trunk-road sewer costs more)"
    ),
    "greening_water_supply": Rate(_r("61.10"), "m", "§5: PP-R 给水管 dn50"),
    "pavement_restoration": Rate(_r("81.94"), "m²", "§5: 沥青混凝土 AC-16, 5 cm, machine laid"),
    "traffic_facilities": Rate(_r("600000.00"), "项", "placeholder, no public source"),
    "rainwater_pump_station": Rate(_r("600000.00"), "座", "placeholder, no public source"),
    "replanting": Rate(_r("60.00"), "m²", "placeholder, no public source"),
    "signs": Rate(_r("350.00"), "块", "placeholder, no public source"),
    "illegal_structure_demolition": Rate(
        _r("2456.70"), "处", "derived: 30 m³ of masonry per structure × 81.89 CNY/m³ (§5 拆除砖墙)"
    ),
    "boiler_room_demolition": Rate(
        _r("12283.50"), "处", "derived: 150 m³ of masonry × 81.89 CNY/m³ (§5 拆除砖墙)"
    ),
    "concrete_road": Rate(
        _r("12872.40"), "段", "derived: 120 m² per section × 107.27 CNY/m² (§5 C25 concrete 20 cm)"
    ),
    "debris_removal": Rate(
        _r("35.97"), "t", "derived: 53.96 CNY/m³ (§5 建筑垃圾外运 10 km) ÷ 1.5 t/m³"
    ),
}

#: Rates that differ for one site: (site key, scope key) -> rate.
SITE_RATE_OVERRIDES: dict[tuple[str, str], Rate] = {
    ("xiyu_garden", "parking_spaces"): Rate(
        _r("107.28"), "个", "derived: 2.5 m² of line per marked bay × 42.91 CNY/m² (§5 热熔标线)"
    ),
}

#: Rates of scope types the sample has no work of: offered by the rate library only.
LIBRARY_RATES: dict[str, Rate] = {
    "elevator_retrofit": Rate(
        _r("500000.00"),
        "部",
        "about 500,000 CNY per lift (6-storey 单元, example with a 40 % subsidy); one weak source",
    ),
    "road_repair": Rate(_r("87.70"), "m²", "§5: 沥青混凝土 AC-13, 5 cm, machine laid"),
}
