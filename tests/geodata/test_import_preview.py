"""The import preview map: features coloured by action, labels from the file escaped."""

from __future__ import annotations

from maps.import_preview import ACTION_COLOURS, PreviewFeature, preview_map

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[98.28, 39.79], [98.281, 39.79], [98.281, 39.791], [98.28, 39.79]]],
}


def test_labels_are_escaped_and_actions_coloured():
    hostile = "<img src=x onerror=alert(1)>"
    m = preview_map([PreviewFeature(SQUARE, "refused", f"#1 拒绝 · {hostile}")])
    page = m.get_root().render()
    assert hostile not in page
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in page  # &lt;img ... &gt;
    assert ACTION_COLOURS["refused"] in page


def test_an_empty_preview_still_draws_the_city():
    page = preview_map([]).get_root().render()
    assert "leaflet" in page.lower()
