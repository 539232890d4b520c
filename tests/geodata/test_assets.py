"""Tests of maps.assets: Leaflet copied from xstatic-leaflet into the static folder."""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import folium

from maps.assets import (
    LEAFLET_CSS_URL,
    LEAFLET_DIR,
    LEAFLET_JS_URL,
    LEAFLET_VERSION,
    install_static_assets,
    leaflet_source_files,
)


def installed_files(target: Path) -> set[str]:
    return {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()}


def test_install_copies_script_css_and_images(tmp_path):
    target = install_static_assets(tmp_path / "static")
    assert target == tmp_path / "static" / "vendor" / "leaflet"
    files = installed_files(target)
    assert {"leaflet.js", "leaflet.css", "images/layers.png", "images/marker-icon.png"} <= files
    assert not any(name.endswith((".map", ".tmp")) for name in files)
    for relative, src in leaflet_source_files().items():
        assert (target / relative).read_bytes() == src.read_bytes()


def test_css_image_references_are_installed(tmp_path):
    target = install_static_assets(tmp_path / "static")
    css = (target / "leaflet.css").read_text()
    for ref in set(re.findall(r"url\((images/[^)]+)\)", css)):
        assert (target / ref).is_file(), ref


def test_urls_match_install_location():
    assert LEAFLET_JS_URL == f"/app/static/{(LEAFLET_DIR / 'leaflet.js').as_posix()}"
    assert LEAFLET_CSS_URL == f"/app/static/{(LEAFLET_DIR / 'leaflet.css').as_posix()}"


def test_xstatic_leaflet_is_the_version_folium_expects():
    # folium's own (CDN) default names the Leaflet its templates are written for.
    (folium_leaflet,) = [url for name, url in folium.Map.default_js if name == "leaflet"]
    assert f"leaflet@{LEAFLET_VERSION}/" in folium_leaflet


def test_second_install_is_a_no_op(tmp_path):
    target = install_static_assets(tmp_path / "static")
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in target.rglob("*") if p.is_file()}
    assert install_static_assets(tmp_path / "static") == target
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in target.rglob("*") if p.is_file()}
    assert after == before  # same inodes: nothing was rewritten


def test_stale_or_missing_files_are_replaced(tmp_path):
    target = install_static_assets(tmp_path / "static")
    (target / "leaflet.js").write_text("stale")
    (target / "images" / "layers.png").unlink()
    install_static_assets(tmp_path / "static")
    sources = leaflet_source_files()
    assert (target / "leaflet.js").read_bytes() == sources[Path("leaflet.js")].read_bytes()
    assert (target / "images" / "layers.png").is_file()


def test_same_size_but_different_mtime_is_replaced(tmp_path):
    target = install_static_assets(tmp_path / "static")
    js = target / "leaflet.js"
    size = js.stat().st_size
    js.write_bytes(b"x" * size)
    os.utime(js, ns=(0, 0))
    install_static_assets(tmp_path / "static")
    assert js.read_bytes() == leaflet_source_files()[Path("leaflet.js")].read_bytes()


def test_concurrent_installs_leave_complete_files(tmp_path):
    static = tmp_path / "static"
    with ThreadPoolExecutor(max_workers=8) as pool:
        targets = list(pool.map(lambda _: install_static_assets(static), range(16)))
    assert len(set(targets)) == 1
    target = targets[0]
    for relative, src in leaflet_source_files().items():
        assert (target / relative).read_bytes() == src.read_bytes()
    assert not list(target.rglob("*.tmp"))


def test_files_are_world_readable(tmp_path):
    target = install_static_assets(tmp_path / "static")
    assert (target / "leaflet.js").stat().st_mode & 0o444 == 0o444
