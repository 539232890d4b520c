"""What a GIS layer can hold: its kinds, and the fields its attribute columns can fill.

Plain data (``planner import-geodata --help`` lists them without loading the database);
:mod:`planner.gis.attributes` reads the columns into these fields.
"""

from __future__ import annotations

from planner.site_fields import BUILDING_ATTRIBUTES, SITE_ATTRIBUTES

KINDS = ("sites", "buildings")

#: Fields an attribute column can be mapped to, per kind: the attributes of ``planner.sites``
#: (the one list of them), and for sites their stable key and a database ``id`` (checked).
FIELDS: dict[str, tuple[str, ...]] = {
    "sites": ("key", "id", *SITE_ATTRIBUTES),
    "buildings": BUILDING_ATTRIBUTES,
}
