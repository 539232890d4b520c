"""The naive baseline of the map benchmark: all buildings as folium's default GeoJSON layer.

What a first attempt looks like: read every building into a GeoDataFrame on each run, hand it
to ``folium.GeoJson`` (which embeds the features in the map script) and show the map with
``st_folium``. Only Leaflet is served locally (so it draws offline, like the planner); the rest
is folium's defaults. ``benchmarks/map_benchmark.py`` copies this file into a temporary folder
with its own ``static/`` and runs it with ``streamlit run``; it is not part of the app.
"""

import os
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import shapely
import streamlit as st
from sqlalchemy import create_engine
from streamlit_folium import st_folium

from maps.assets import install_static_assets
from maps.drawing import offline_map

install_static_assets(Path(__file__).parent / "static")

engine = create_engine(os.environ["PLANNER_DATABASE_URL"])
frame = pd.read_sql("SELECT id, site_id, number, floors, footprint FROM building", engine)
buildings = gpd.GeoDataFrame(
    frame.drop(columns="footprint"),
    geometry=shapely.from_geojson(frame["footprint"]),
    crs="EPSG:4326",
)
min_lon, min_lat, max_lon, max_lat = buildings.total_bounds

st.title("Baseline map")
m = offline_map(((min_lon + max_lon) / 2, (min_lat + max_lat) / 2), 13)
m.fit_bounds([[min_lat, min_lon], [max_lat, max_lon]])
folium.GeoJson(
    buildings,
    name="buildings",
    tooltip=folium.GeoJsonTooltip(fields=["number", "floors"]),
).add_to(m)
state = st_folium(m, key="map", height=560, width=900, returned_objects=["last_active_drawing"])
clicked = (state or {}).get("last_active_drawing") or {}
st.write(f"selected building: {(clicked.get('properties') or {}).get('id')}")
