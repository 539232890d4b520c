"""Thin Streamlit pages: read input, call planner/db, render. Registered in
planner/accounts/access.py."""
