"""The bill of quantities written as the GB 50500 form set in an xlsx workbook (the renderer of
``planner.boq``'s bill)."""
