"""What GIS files the planner reads and writes: coordinate systems and export formats (plain data).

Free of GDAL, PROJ and shapely, so that ``planner import-geodata --help`` lists them at once
(planner/cli/commands.py); :mod:`geodata.io` reads and writes with them.
"""

from __future__ import annotations

#: The name a user gives for GCJ-02 lon/lat (Gaode/AMap, Tencent): converted before storing.
CRS_GCJ02 = "GCJ02"

#: Coordinate systems a user may name for a file (``--crs``), with what they are.
ACCEPTED_CRS: dict[str, str] = {
    "EPSG:4326": "WGS84 lon/lat",
    "EPSG:4490": "CGCS2000 lon/lat",
    "EPSG:4542": "CGCS2000 3-degree Gauss-Kruger CM 99E (x 500 km)",
    "EPSG:4521": "CGCS2000 3-degree Gauss-Kruger zone 33 (x 33,500 km)",
    CRS_GCJ02: "GCJ-02 lon/lat (Gaode/AMap, Tencent)",
}

#: Coordinate systems an export can be written in.
EXPORT_CRS = ("EPSG:4326", "EPSG:4542")

#: Export formats, and the GDAL driver that writes each.
EXPORT_DRIVERS: dict[str, str] = {"geojson": "GeoJSON", "gpkg": "GPKG"}
EXPORT_FORMATS: tuple[str, ...] = tuple(EXPORT_DRIVERS)
