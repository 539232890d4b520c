"""What can be said of a site or a building: the attribute names and their text lengths.

Plain data, listed once: :mod:`planner.sites` writes these attributes (and re-exports the
lists), the GIS import maps file columns to them and the GIS export writes them; the command
line names them in ``planner import-geodata --help`` without loading the database.
"""

from __future__ import annotations

#: What a person can say about a site beyond its key and geometry (import and export columns).
SITE_ATTRIBUTES: tuple[str, ...] = (
    "name_zh",
    "name_en",
    "sub_district",
    "community",
    "year_built",
    "households",
    "status",
)

#: What a person can say about a building beyond its geometry.
BUILDING_ATTRIBUTES: tuple[str, ...] = ("number", "floors", "units", "households", "year_built")

#: Longest text per attribute (the column widths of ``site`` and ``building``).
TEXT_LENGTHS: dict[str, int] = {
    "key": 64,
    "name_zh": 200,
    "name_en": 200,
    "sub_district": 100,
    "community": 100,
    "number": 32,
}
