"""The works: items, schedule, estimates, templates for next year, dashboard, planning map."""
