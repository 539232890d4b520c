"""The export page: a download button whose file holds every site and building."""

from __future__ import annotations

import json
import sqlite3

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from tests.pages.conftest import page_text

PAGE = "pages/geodata_export.py"


@pytest.fixture
def downloads(monkeypatch) -> list[tuple[str | None, bytes]]:
    """(file name, bytes) of every file the app hands to Streamlit's media storage."""
    saved: list[tuple[str | None, bytes]] = []
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):  # noqa: ANN001
        if isinstance(path_or_data, bytes):
            saved.append((filename, path_or_data))
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return saved


def test_offer_geojson_download_with_every_site_and_building(app, downloads):
    app.run()
    at = app.switch_page(PAGE).run()
    assert not at.exception
    assert len(at.download_button) == 1
    name, data = downloads[-1]
    assert name == "renovation_geodata_epsg4326.geojson"
    features = json.loads(data)["features"]
    layers = [f["properties"]["layer"] for f in features]
    assert layers.count("sites") == 23 and layers.count("buildings") == 193
    assert "23" in page_text(at) and "193" in page_text(at)


def test_offer_geopackage_download_in_gauss_kruger(app, downloads, tmp_path):
    app.run()
    at = app.switch_page(PAGE).run()
    at.radio(key="gis_export_format").set_value("gpkg").run()
    at.radio(key="gis_export_crs_zh").set_value("EPSG:4542").run()
    assert not at.exception
    name, data = downloads[-1]
    assert name == "renovation_geodata_epsg4542.gpkg" and data
    path = tmp_path / name
    path.write_bytes(data)
    with sqlite3.connect(path) as db:  # a GeoPackage is an SQLite database
        tables = dict(db.execute("SELECT table_name, srs_id FROM gpkg_contents").fetchall())
    assert tables == {"sites": 4542, "buildings": 4542}
