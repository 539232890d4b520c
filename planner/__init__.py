"""Domain logic of the Renovation Planner (pure Python, never imports streamlit)."""
