"""GIS files in and out: read, map attributes, match to what is stored, plan, apply, export."""
