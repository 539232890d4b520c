"""The 2023 figures of Jiayuguan's report (shared/seed/facts.md): what the sample must equal."""

REPORT_2023 = {
    "compounds": 19,
    "buildings": 179,
    "households": 6757,
    "completed": {
        "roof_waterproofing": 143_500,
        "wall_insulation": 222_800,
        "facade_paint": 479_100,
        "water_supply_main": 15_433,
        "drainage_main": 7_009,
        "heating_main": 35_124,
        "parking_spaces": 2_147,
    },
}
