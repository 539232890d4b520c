"""The message catalogue, one module per topic; planner/i18n.py joins them."""
