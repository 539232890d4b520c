"""Geographic data of the planner: CRS handling, sample data, map builders (no streamlit)."""
