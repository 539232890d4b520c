"""Tiny Streamlit app for the browser tests: an offline st_folium map of three square compounds.

Run it from a folder holding a ``static/`` directory next to it (Streamlit serves the ``static``
folder beside the *main script*); the browser test copies it to a temporary folder for that.
"""

import json
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from maps.assets import install_static_assets
from maps.drawing import (
    BuildingMapFeature,
    SiteMapFeature,
    add_buildings,
    add_city_outline,
    add_sites,
    clicked_site_id,
    offline_map,
)

install_static_assets(Path(__file__).parent / "static")

CENTER = (98.29, 39.80)  # lon, lat: central Jiayuguan
STEP = 0.006  # degrees between squares
SIZE = 0.004  # square side in degrees (about 340 m x 440 m here)


def square(lon: float, lat: float, size: float) -> dict:
    """A lon/lat square polygon with its south-west corner at (lon, lat)."""
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


SITES = [
    SiteMapFeature(
        id=101 + i,
        name=name,
        kind="compound",
        status="in_progress",
        progress=progress,
        geometry=square(CENTER[0] + (i - 1) * STEP - SIZE / 2, CENTER[1] - SIZE / 2, SIZE),
    )
    for i, (name, progress) in enumerate(
        [("<img src=x onerror=alert(1)>", 0.1), ("新华小区", 0.5), ("Park Court", 1.0)]
    )
]
BUILDINGS = [
    BuildingMapFeature(
        id=1000 + 10 * i + j,
        site_id=site.id,
        label=f"{j + 1}号楼",
        geometry=square(
            site.geometry["coordinates"][0][0][0] + 0.0005 + j * 0.0012,
            site.geometry["coordinates"][0][0][1] + 0.0005,
            0.0007,
        ),
    )
    for i, site in enumerate(SITES)
    for j in range(2)
]
# A "city" outline just inside the initial view, so the screenshot shows it.
OUTLINE_RING = [
    [CENTER[0] + dx, CENTER[1] + dy]
    for dx, dy in [(-0.011, -0.005), (0.011, -0.005), (0.011, 0.005), (-0.011, 0.005)]
]
OUTLINE = {
    "type": "Feature",
    "properties": {},
    "geometry": {"type": "Polygon", "coordinates": [[*OUTLINE_RING, OUTLINE_RING[0]]]},
}

st.title("Offline map test")
m = offline_map(CENTER, 15)
add_city_outline(m, OUTLINE, "Outline: test data")
add_sites(m, SITES, "en")
add_buildings(m, BUILDINGS, highlight_site_id=SITES[1].id)
state = st_folium(m, key="map", height=450, width=700, returned_objects=["last_active_drawing"])
st.write(f"selected: {clicked_site_id(state)}")
# The raw answer, for the test to check its exact shape.
st.code(json.dumps(state, sort_keys=True, ensure_ascii=False), language=None)
